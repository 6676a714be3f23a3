import { expect } from "chai";
import fc from "fast-check";
import { startEmulatorProcess, type EmulatorProcess } from "../../bench/emulator-process";
import { invoke } from "../../provider/api/commands";
import { emulatorClient } from "../../tools/lib/local-stack";
import { sendRaw } from "../helpers/raw-http";
import { FUZZ_INPUTS } from "../helpers/run-counts";

const ADMIN_TOKEN = "fuzz-admin-token-0123456789";

// The pieces hostile requests are made of: the paths, parameters, headers and bodies that broke emulators before,
// mixed with arbitrary text and bytes.
const nasty = fc.constantFrom(
  "",
  "/",
  "//",
  "///",
  "/\\",
  "//@",
  "//:99999",
  "http://[/",
  "*",
  "..",
  "%2e%2e",
  "%00",
  "%ff",
  "__emulator",
  "reset",
  "state",
  "faults",
  "v4",
  "group_open_http_svc",
  "im_open_login_svc",
  "import_group",
  "account_delete",
  "destroy_group",
  "?",
  "#",
  "\u0000",
  "\u00ff",
);
const segment = fc.oneof(nasty, fc.string({ maxLength: 12 }));
const path = fc.oneof(
  fc.constantFrom(
    "/v4/../__emulator/reset",
    "/v4/%2e%2e/__emulator/reset",
    "/__emulator/reset",
    "/__emulator/state",
    "/__emulator/faults",
    "/v4/group_open_http_svc/import_group",
    "/v4/im_open_login_svc/account_delete",
    "//",
  ),
  fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join("/")}`),
  fc.string({ maxLength: 40 }),
);
const paramName = fc.oneof(fc.constantFrom("sdkappid", "identifier", "usersig", "random", "contenttype"), fc.string({ maxLength: 8 }));
const paramValue = fc.oneof(
  fc.constantFrom("1400000000", "01400000000", "administrator", "json", "1", "-1", "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1OL8zJTwQIZ-Xnp-UmGpkYA"),
  fc.string({ maxLength: 30 }),
);
const query = fc
  .array(fc.tuple(paramName, paramValue), { maxLength: 7 })
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`));
const method = fc.oneof(
  fc.constantFrom("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "post", ""),
  fc.string({ maxLength: 8 }),
);
const version = fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "");
const header = fc.tuple(
  fc.oneof(
    fc.constantFrom("Content-Length", "Transfer-Encoding", "Authorization", "Host", "Content-Type", "Connection", "Expect"),
    fc.string({ maxLength: 10 }),
  ),
  fc.oneof(
    fc.constantFrom("-1", "0", "5", "99999999999", "chunked", "gzip", "Bearer wrong", "close", "100-continue", "application/json"),
    fc.string({ maxLength: 20 }),
  ),
);
const body = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.uint8Array({ maxLength: 200 }),
  fc
    .constantFrom(
      '{"AccountList":[{"UserID":"fuzz"}]}',
      '{"Type":"Public","Name":"x","GroupId":"fuzz"}',
      '{"GroupIdList":["kept"]}',
      '{"rules":[]}',
      "{}",
      "[]",
      "null",
      '{"Name":"\\ud800"}',
    )
    .map((text) => new Uint8Array(Buffer.from(text))),
  fc
    .constantFrom([0xff, 0xfe, 0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80])
    .map((bytes) => new Uint8Array(Buffer.concat([Buffer.from('{"Name":"'), Buffer.from(bytes), Buffer.from('"}')]))),
);
/** One request as bytes: request line, headers (a Content-Length may be declared or not, right or wrong), body. */
const request = fc
  .tuple(method, path, query, version, fc.array(header, { maxLength: 4 }), body, fc.boolean())
  .map(([m, p, q, v, headers, b, declareLength]) => {
    const lines = [
      `${m} ${p}${q} ${v}`,
      "Host: emulator",
      ...(declareLength ? [`Content-Length: ${b.length}`] : []),
      ...headers.map(([k, value]) => `${k}: ${value}`),
    ];
    return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8"), Buffer.from(b)]);
  });

describe("emulator fuzz: a live emulator process under generated raw requests", function () {
  this.timeout(300_000);
  let emulator: EmulatorProcess;
  const state = async () =>
    (await (await fetch(`${emulator.url}/__emulator/state`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as unknown;

  before(async () => {
    emulator = await startEmulatorProcess(["--admin-token", ADMIN_TOKEN, "--max-body-bytes", "65536"]);
    const client = emulatorClient(emulator);
    await invoke(client, "multiaccount_import", { AccountList: [{ UserID: "kept" }] });
    await invoke(client, "import_group", { Type: "Public", Name: "Kept", GroupId: "kept", Owner_Account: "kept" });
    await client.close();
  });
  after(async () => emulator?.stop());

  it(`stays up through ${FUZZ_INPUTS} requests, and nothing it refused changed its state`, async () => {
    const before = await state();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(request, async (bytes) => {
        const answer = await sendRaw(emulator.url, bytes, 500);
        if (answer.status !== undefined) answered++;
        expect(emulator.process.exitCode, "the emulator process is still running").to.equal(null);
      }),
      { numRuns: FUZZ_INPUTS, seed: 41 },
    );
    console.log(`      ${FUZZ_INPUTS} requests, ${answered} answered with a status line, the others closed or left waiting`);
    expect(emulator.process.exitCode).to.equal(null);
    expect(await state(), "state after the fuzz run").to.deep.equal(before);
    // And it still serves a signed call.
    const client = emulatorClient(emulator);
    try {
      const answer = await invoke(client, "account_check", { CheckItem: [{ UserID: "kept" }] });
      expect(answer.ResultItem[0]!.AccountStatus).to.equal("Imported");
    } finally {
      await client.close();
    }
  });
});
