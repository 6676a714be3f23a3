import { expect } from "chai";
import { MockAgent } from "undici";
import { ChatClient, type ChatClientOptions } from "../../../provider/api/client";
import { ChatApiError, ChatConfigError, ChatConflictError, ChatRateLimitError, ChatTransportError } from "../../../provider/api/errors";
import { decodeUserSig } from "../../../provider/api/usersig";

const ORIGIN = "https://adminapisgp.im.qcloud.com";
const SECRET = "client-spec-secret-key";
const config: ChatClientOptions["config"] = {
  sdkAppId: 1400000000,
  identifier: "administrator",
  secretKey: SECRET,
  region: "singapore",
  requestTimeoutMs: 5000,
  maxRetries: 3,
  topicImportServicePath: "group_open_http_svc",
};

describe("ChatClient", () => {
  let agent: MockAgent;
  let client: ChatClient;
  const pool = () => agent.get(ORIGIN);
  const fail = (code: number) => ({ ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: `code ${code}` });

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    client = new ChatClient({ config, dispatcher: agent, retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 } });
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("signs the URL with the documented query parameters and posts JSON", async () => {
    let seenPath = "";
    let seenBody = "";
    pool()
      .intercept({ path: (p) => p.startsWith("/v4/group_open_http_svc/import_group?"), method: "POST" })
      .reply(200, (opts) => {
        seenPath = opts.path;
        seenBody = String(opts.body);
        return { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", GroupId: "@TGS#2X" };
      });
    const answer = await client.call("import_group", { Type: "Public", Name: "x" });
    expect(answer.GroupId).to.equal("@TGS#2X");
    const query = new URL(seenPath, ORIGIN).searchParams;
    expect(query.get("sdkappid")).to.equal("1400000000");
    expect(query.get("identifier")).to.equal("administrator");
    expect(query.get("contenttype")).to.equal("json");
    expect(Number(query.get("random"))).to.be.within(0, 0xffffffff);
    expect(decodeUserSig(query.get("usersig")!)?.["TLS.identifier"]).to.equal("administrator");
    expect(JSON.parse(seenBody)).to.deep.equal({ Type: "Public", Name: "x" });
  });

  it("reuses one UserSig across calls", async () => {
    const sigs = new Set<string>();
    pool()
      .intercept({ path: /get_group_info/, method: "POST" })
      .reply(200, (opts) => {
        sigs.add(new URL(opts.path, ORIGIN).searchParams.get("usersig")!);
        return { ActionStatus: "OK", ErrorCode: 0, GroupInfo: [] };
      })
      .times(3);
    for (let i = 0; i < 3; i++) await client.call("get_group_info", { GroupIdList: ["g"] });
    expect(sigs.size).to.equal(1);
  });

  it("retries 10002 and rate-limit answers until success", async () => {
    pool()
      .intercept({ path: /import_group_member/, method: "POST" })
      .reply(200, fail(10002));
    pool()
      .intercept({ path: /import_group_member/, method: "POST" })
      .reply(200, fail(60007));
    pool()
      .intercept({ path: /import_group_member/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0, MemberList: [] });
    await client.call("import_group_member", { GroupId: "g", MemberList: [] });
    expect(client.stats).to.deep.include({ calls: 3, retries: 2, rateLimited: 1 });
  });

  it("never retries a validation error", async () => {
    pool()
      .intercept({ path: /import_group/, method: "POST" })
      .reply(200, fail(10004));
    const error = await client.call("import_group", {}).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatApiError);
    expect((error as ChatApiError).errorCode).to.equal(10004);
    expect(client.stats.calls).to.equal(1);
  });

  it("gives up after maxRetries with the last error", async () => {
    pool()
      .intercept({ path: /destroy_group/, method: "POST" })
      .reply(200, fail(60011))
      .times(4);
    const error = await client.call("destroy_group", { GroupId: "g" }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatRateLimitError);
    expect(client.stats.calls).to.equal(4);
  });

  it("retries HTTP 5xx for idempotent calls but not for a create that may have happened", async () => {
    pool()
      .intercept({ path: /destroy_group/, method: "POST" })
      .reply(502, "bad gateway");
    pool()
      .intercept({ path: /destroy_group/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0 });
    const before = client.stats.calls;
    await client.call("destroy_group", { GroupId: "g" });
    expect(client.stats.calls - before, "the idempotent call was sent twice").to.equal(2);

    // A second answer is ready: a client that retried the create would get it and succeed.
    pool()
      .intercept({ path: /import_group/, method: "POST" })
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "UND_ERR_SOCKET" }));
    pool()
      .intercept({ path: /import_group/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0, GroupId: "g2" });
    const afterDestroy = client.stats.calls;
    const error = await client.call("import_group", { Type: "Public", Name: "x" }, { idempotent: false }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatTransportError);
    expect(client.stats.calls - afterDestroy, "the create was sent once").to.equal(1);
    // The unused answer is taken by a read, so the agent ends with nothing pending.
    await client.call("import_group", { Type: "Public", Name: "x" });
  });

  it("maps codes to the error hierarchy with meaning and action, never the UserSig or key", async () => {
    pool()
      .intercept({ path: /import_group/, method: "POST" })
      .reply(200, fail(10021));
    const error = (await client.call("import_group", { GroupId: "g" }).catch((e: unknown) => e)) as ChatConflictError;
    expect(error).to.be.instanceOf(ChatConflictError);
    expect(error.message).to.match(/^import_group failed with ErrorCode 10021 \(the group or topic ID is already in use\)/);
    pool()
      .intercept({ path: /import_group/, method: "POST" })
      .replyWithError(new Error("boom"));
    const transport = (await client.call("import_group", {}).catch((e: unknown) => e)) as Error;
    for (const text of [error.message, error.stack ?? "", transport.message, JSON.stringify(transport)]) {
      expect(text).to.not.include(SECRET);
      expect(text).to.not.match(/usersig/i);
    }
  });

  it("refuses to be built without a region or an endpoint, instead of calling a region nobody chose", () => {
    const build = () =>
      new ChatClient({
        config: {
          sdkAppId: 1,
          identifier: "administrator",
          secretKey: "k",
          requestTimeoutMs: 5000,
          maxRetries: 0,
          topicImportServicePath: "group_open_http_svc",
        },
      });
    expect(build).to.throw(ChatConfigError, "the client needs a region or an endpoint");
  });

  it("calls an answer that is JSON but not the API's envelope a transport error, not a success", async () => {
    for (const body of [[1, 2], { ActionStatus: "OK", ErrorCode: "0" }, "text"]) {
      pool()
        .intercept({ path: /get_group_info/, method: "POST" })
        .reply(200, JSON.stringify(body));
      const error = await client.call("get_group_info", { GroupIdList: ["g"] }, { idempotent: false }).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).to.be.instanceOf(ChatTransportError);
      expect((error as Error).message).to.match(/is not the API's envelope$/);
    }
  });
});
