import { expect } from "chai";
import { generateUserSig } from "../../provider/api/usersig";
import { verifyRequestAuth, type EmulatedApp } from "../../emulator/auth";
import { rawCall, useEmulator } from "../helpers/emulator";

describe("emulator auth", () => {
  const emulator = useEmulator({ admins: ["administrator", "ops"] });
  const now = Math.floor(Date.now() / 1000);
  const valid = { sdkappid: "1400000000", identifier: "administrator", random: "1", contenttype: "json" };

  // Each row: what is wrong, how the request is built, and the code the error codes page documents for it
  // (https://trtc.io/document/34348).
  const cases: { name: string; options: Parameters<typeof rawCall>[3]; code: number }[] = [
    { name: "expired UserSig", options: { sigTime: now - 7200, expireSeconds: 3600 }, code: 70001 },
    { name: "UserSig signed with another key", options: { secretKey: "not-the-key" }, code: 70009 },
    { name: "non-admin identifier", options: { identifier: "mallory" }, code: 60010 },
    { name: "empty UserSig", options: { query: { ...valid, usersig: "" } }, code: 70002 },
    { name: "garbage UserSig", options: { query: { ...valid, usersig: "AAAA" } }, code: 70003 },
    {
      name: "missing sdkappid",
      options: { query: { identifier: "administrator", usersig: "x", random: "1", contenttype: "json" } },
      code: 60012,
    },
    { name: "unknown SDKAppID", options: { sdkAppId: 1400000001 }, code: 70020 },
    { name: "random not a u32", options: { query: { ...valid, usersig: "x", random: "4294967296" } }, code: 60002 },
    { name: "contenttype not json", options: { query: { ...valid, usersig: "x", contenttype: "xml" } }, code: 60002 },
  ];
  for (const { name, options, code } of cases) {
    it(`answers ${code} for ${name}, with HTTP 200`, async () => {
      const { status, json } = await rawCall(emulator.get(), "get_group_info", { GroupIdList: ["x"] }, options);
      expect(status).to.equal(200);
      expect(json).to.include({ ActionStatus: "FAIL", ErrorCode: code });
    });
  }

  it("answers 70013 when the identifier differs from the UserSig's", async () => {
    const usersig = generateUserSig({
      sdkAppId: 1400000000,
      secretKey: emulator.get().app.secretKey,
      identifier: "ops",
      expireSeconds: 600,
    });
    const { json } = await rawCall(emulator.get(), "get_group_info", {}, { query: { ...valid, usersig } });
    expect(json.ErrorCode).to.equal(70013);
  });

  it("answers 70014 when the SDKAppID differs from the UserSig's", async () => {
    const usersig = generateUserSig({
      sdkAppId: 1400000099,
      secretKey: emulator.get().app.secretKey,
      identifier: "administrator",
      expireSeconds: 600,
    });
    const { json } = await rawCall(emulator.get(), "get_group_info", {}, { query: { ...valid, usersig } });
    expect(json.ErrorCode).to.equal(70014);
  });

  it("lets every configured admin in", async () => {
    for (const identifier of ["administrator", "ops"]) {
      const { json } = await rawCall(emulator.get(), "get_group_info", { GroupIdList: ["none"] }, { identifier });
      expect(json.ActionStatus, identifier).to.equal("OK");
    }
  });
});

describe("verifyRequestAuth after a UserSig has passed once", () => {
  const app: EmulatedApp = { sdkAppId: 1400000000, secretKey: "the-app-key", admins: ["administrator"] };
  const issued = Math.floor(Date.now() / 1000);
  const usersig = generateUserSig({
    sdkAppId: 1400000000,
    secretKey: "the-app-key",
    identifier: "administrator",
    expireSeconds: 600,
    time: issued,
  });
  const query = (identifier = "administrator") =>
    new URLSearchParams({ sdkappid: "1400000000", identifier, usersig, random: "7", contenttype: "json" });
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { code?: number }).code;
    }
    return undefined;
  };

  it("still checks expiry, identifier and admin on every call", () => {
    expect(verifyRequestAuth(query(), app, issued)).to.equal("administrator");
    expect(verifyRequestAuth(query(), app, issued + 600)).to.equal("administrator");
    expect(codeOf(() => verifyRequestAuth(query(), app, issued + 601))).to.equal(70001);
    expect(codeOf(() => verifyRequestAuth(query("ops"), app, issued))).to.equal(70013);
    expect(codeOf(() => verifyRequestAuth(query(), { ...app, admins: ["ops"] }, issued))).to.equal(60010);
  });

  it("is not taken as verified by an app with another key", () => {
    expect(verifyRequestAuth(query(), app, issued)).to.equal("administrator");
    expect(codeOf(() => verifyRequestAuth(query(), { ...app, secretKey: "another-key" }, issued))).to.equal(70009);
  });
});
