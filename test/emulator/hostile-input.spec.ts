import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { generateUserSig } from "../../provider/api/usersig";
import { rawCall } from "../helpers/emulator";
import { sendRaw } from "../helpers/raw-http";

/** A signed API path of the emulator's app, for raw requests. */
function signedPath(emulator: RunningEmulator, command = "import_group", service = "group_open_http_svc"): string {
  const usersig = generateUserSig({
    sdkAppId: emulator.app.sdkAppId,
    identifier: "administrator",
    secretKey: emulator.app.secretKey,
    expireSeconds: 600,
  });
  return `/v4/${service}/${command}?${new URLSearchParams({ sdkappid: String(emulator.app.sdkAppId), identifier: "administrator", usersig, random: "1", contenttype: "json" })}`;
}

/** An HTTP/1.1 request as bytes. */
function request(method: string, target: string, body: Uint8Array = Buffer.alloc(0), headers: Record<string, string> = {}): Buffer {
  const head = [
    `${method} ${target} HTTP/1.1`,
    "Host: emulator",
    `Content-Length: ${body.length}`,
    "Connection: close",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ].join("\r\n");
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

describe("emulator under hostile input", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ maxBodyBytes: 64 * 1024 });
    await rawCall(emulator, "multiaccount_import", { AccountList: [{ UserID: "keep" }] });
  });
  after(async () => emulator?.close());

  /** The emulator still answers a signed call, and holds what it held. */
  async function expectAlive(): Promise<void> {
    const check = await rawCall(emulator, "account_check", { CheckItem: [{ UserID: "keep" }] });
    expect(check.json.ActionStatus).to.equal("OK");
    expect(emulator.store.state.accounts).to.have.property("keep");
  }

  for (const target of ["//", "///", "/\\", "//@", "//:99999", "http://[/", "*", "", "/%ZZ", "/v4/%00/%ff"]) {
    it(`answers ${JSON.stringify(`POST ${target}`)} and keeps running`, async () => {
      const answer = await sendRaw(emulator.url, request("POST", target, Buffer.from("{}")));
      expect(answer.status, answer.text).to.be.oneOf([200, 400]);
      await expectAlive();
    });
  }

  for (const target of [
    "/v4/../__emulator/reset",
    "/v4/%2e%2e/__emulator/reset",
    "/v4/group_open_http_svc/../../__emulator/reset",
    "//__emulator/reset",
    "/__emulator/../__emulator/x/../reset",
  ]) {
    it(`does not reach the admin interface through ${target}`, async () => {
      const answer = await sendRaw(emulator.url, request("POST", target));
      expect(answer.text).to.not.contain('"ok":true');
      await expectAlive();
    });
  }

  it("refuses a body nested 32,000 deep as bad input (10004, not a retryable 10002), without overflowing its stack", async () => {
    // As deep as this suite's 64 KiB body limit allows; a recursive walk overflowed well before.
    const depth = 32_000;
    const body = `{"GroupId":"g","Deep":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const answer = await rawCall(emulator, "get_group_info", undefined, { rawBody: body });
    expect(answer.json, JSON.stringify(answer.json).slice(0, 300)).to.include({ ActionStatus: "FAIL", ErrorCode: 10004 });
    expect(String(answer.json.ErrorInfo)).to.include("nested deeper than 64 levels");
    await expectAlive();
  });

  it("answers a CONNECT request (405) instead of closing without a word", async () => {
    const answer = await sendRaw(emulator.url, Buffer.from("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", "latin1"));
    expect(answer.status, answer.text).to.equal(405);
    await expectAlive();
  });

  it("refuses an ambiguous query: a repeated sdkappid (good, then bad), and an SDKAppID with a leading zero", async () => {
    const params = new URLSearchParams(signedPath(emulator).split("?")[1]);
    const repeated: [string, string][] = [...params.entries(), ["sdkappid", "1"]];
    expect((await rawCall(emulator, "multiaccount_import", { AccountList: [{ UserID: "twice" }] }, { query: repeated })).json).to.include({
      ErrorCode: 60002,
    });
    params.set("sdkappid", `0${emulator.app.sdkAppId}`);
    expect(
      (await rawCall(emulator, "multiaccount_import", { AccountList: [{ UserID: "zero" }] }, { query: [...params.entries()] })).json,
    ).to.include({ ErrorCode: 60006 });
    expect(emulator.store.state.accounts).to.not.have.any.keys("twice", "zero");
  });

  it("refuses an unsigned request before reading its body: the answer comes while the client is still sending", async () => {
    const { hostname, port } = new URL(emulator.url);
    const { connect } = await import("node:net");
    const socket = connect({ host: hostname, port: Number(port) });
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
    });
    socket.write(
      `POST /v4/group_open_http_svc/import_group?sdkappid=1 HTTP/1.1\r\nHost: x\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 0x20)); // a small part of the 200 MB it announced
    const text = await answer;
    expect(text).to.match(/"ErrorCode":60006|"ErrorCode":70020|"ErrorCode":6001/);
    expect(text).to.match(/connection: close/i);
    await expectAlive();
  });

  it("refuses a signed body over the limit from its Content-Length, before reading it", async () => {
    const head = `POST ${signedPath(emulator)} HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`;
    const answer = await sendRaw(emulator.url, Buffer.from(head, "latin1"));
    expect(answer.status).to.equal(413);
    await expectAlive();
  });

  for (const [what, bytes, offset] of [
    ["FF FE C3", Buffer.from([0xff, 0xfe, 0xc3]), 0],
    ["an overlong NUL, C0 80", Buffer.from([0xc0, 0x80]), 0],
    ["an encoded surrogate, ED A0 80", Buffer.from([0xed, 0xa0, 0x80]), 0],
    ["a truncated sequence, E4 B8", Buffer.from([0xe4, 0xb8]), 0],
  ] as const) {
    it(`refuses a Name with invalid UTF-8 (${what}) naming the field and the byte offset, and stores nothing`, async () => {
      const prefix = Buffer.from('{"Type":"Public","GroupId":"bad-utf8","Name":"ab');
      const body = Buffer.concat([prefix, bytes, Buffer.from('"}')]);
      const { json } = await rawCall(emulator, "import_group", undefined, { rawBody: body });
      expect(json.ErrorCode).to.equal(60003);
      expect(json.ErrorInfo).to.match(
        new RegExp(`not valid UTF-8: byte 0x[0-9a-f]{2} at offset ${prefix.length + offset} \\(in the value of Name\\)`),
      );
      expect(emulator.store.state.groups).to.not.have.property("bad-utf8");
    });
  }

  it("refuses an escaped lone surrogate, naming the field and the byte offset", async () => {
    const { json } = await rawCall(emulator, "import_group", undefined, {
      rawBody: '{"Type":"Public","GroupId":"lone","Name":"群\\ud800"}',
    });
    expect(json).to.include({ ErrorCode: 10004 });
    expect(json.ErrorInfo).to.equal("Name: not valid UTF-8 text (a lone surrogate at byte 3)");
    expect(emulator.store.state.groups).to.not.have.property("lone");
  });

  it("answers a malformed request line with 400 and keeps running", async () => {
    for (const line of [
      "GET http://[/ HTTP/1.1\r\n\r\n",
      "\x00\x01\x02\r\n\r\n",
      "POST / HTTP/9.9\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n",
    ]) {
      const answer = await sendRaw(emulator.url, Buffer.from(line, "latin1"));
      expect(answer.status, JSON.stringify(line)).to.be.oneOf([200, 400, undefined]);
    }
    await expectAlive();
  });
});

describe("emulator admin interface access", () => {
  it("with a token: refused without it (401), answered with it; turned off: 404", async () => {
    const token = "a-long-rehearsal-admin-token";
    const guarded = await startEmulator({ admin: { token } });
    const off = await startEmulator({ admin: "off" });
    try {
      expect((await fetch(`${guarded.url}/__emulator/reset`, { method: "POST" })).status).to.equal(401);
      expect(
        (await fetch(`${guarded.url}/__emulator/reset`, { method: "POST", headers: { authorization: "Bearer wrong-token-of-same-len" } }))
          .status,
      ).to.equal(401);
      expect((await fetch(`${guarded.url}/__emulator/stats`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
      expect((await fetch(`${off.url}/__emulator/state`)).status).to.equal(404);
    } finally {
      await guarded.close();
      await off.close();
    }
  });
});
