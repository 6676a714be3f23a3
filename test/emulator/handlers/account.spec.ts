import { expect } from "chai";
import { ownValue } from "../../../provider/own-keys";
import { rawCall, useEmulator } from "../../helpers/emulator";

describe("emulator account commands", () => {
  const emulator = useEmulator();
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);
  const accounts = () => emulator.get().store.state.accounts;

  it("multiaccount_import is an upsert and lists invalid IDs in FailAccounts", async () => {
    const json = await call("multiaccount_import", {
      AccountList: [{ UserID: "u1", Nick: "One" }, { UserID: "x".repeat(33) }, { UserID: "u2" }],
    });
    expect(json).to.include({ ActionStatus: "OK" });
    expect(json.FailAccounts).to.deep.equal(["x".repeat(33)]);
    await call("multiaccount_import", { AccountList: [{ UserID: "u1", Nick: "Uno" }] });
    expect(accounts().u1).to.deep.equal({ userId: "u1", nick: "Uno" });
    expect(await call("multiaccount_import", { Accounts: ["u3"] })).to.include({ ActionStatus: "OK" });
    expect(accounts()).to.have.property("u3");
  });

  const rejects: [string, string, unknown, number][] = [
    ["over 100 accounts", "multiaccount_import", { Accounts: Array.from({ length: 101 }, (_, i) => `u${i}`) }, 70206],
    ["a UserID over 32 bytes", "account_import", { UserID: "x".repeat(33) }, 70402],
    ["a Nick over 500 bytes", "account_import", { UserID: "ok", Nick: "n".repeat(501) }, 40601],
    ["a missing field", "account_import", {}, 70402],
    ["over 100 to check", "account_check", { CheckItem: Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` })) }, 70206],
  ];
  for (const [what, command, body, code] of rejects) {
    it(`${command} answers ${code} for ${what}`, async () => {
      expect(await call(command, body)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
    });
  }

  it("account_check tells Imported from NotImported; account_delete gives 70107 per unknown user", async () => {
    const check = await call("account_check", { CheckItem: [{ UserID: "u1" }, { UserID: "nobody" }] });
    expect((check.ResultItem as { AccountStatus: string }[]).map((r) => r.AccountStatus)).to.deep.equal(["Imported", "NotImported"]);
    const del = await call("account_delete", { DeleteItem: [{ UserID: "u1" }, { UserID: "nobody" }] });
    expect(del).to.include({ ActionStatus: "OK" });
    expect((del.ResultItem as { ResultCode: number }[]).map((r) => r.ResultCode)).to.deep.equal([0, 70107]);
    expect(accounts()).to.not.have.property("u1");
  });

  it("takes UserIDs named like Object.prototype's properties as accounts of their own, over HTTP", async () => {
    const ids = ["constructor", "toString", "__proto__"];
    const before = await call("account_check", { CheckItem: ids.map((UserID) => ({ UserID })) });
    expect((before.ResultItem as { AccountStatus: string }[]).map((r) => r.AccountStatus)).to.deep.equal([
      "NotImported",
      "NotImported",
      "NotImported",
    ]);
    expect(await call("multiaccount_import", { AccountList: ids.map((UserID) => ({ UserID, Nick: UserID })) })).to.include({
      ActionStatus: "OK",
    });
    const after = await call("account_check", { CheckItem: ids.map((UserID) => ({ UserID })) });
    expect((after.ResultItem as { AccountStatus: string }[]).map((r) => r.AccountStatus)).to.deep.equal([
      "Imported",
      "Imported",
      "Imported",
    ]);
    expect(Object.keys(accounts())).to.include.members(ids);
    expect(ownValue(accounts(), "__proto__")).to.deep.equal({ userId: "__proto__", nick: "__proto__" });
  });
});
