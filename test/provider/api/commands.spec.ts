import { expect } from "chai";
import { MockAgent } from "undici";
import { ChatClient } from "../../../provider/api/client";
import { invoke, REQUEST_SCHEMAS } from "../../../provider/api/commands";
import { ChatTransportError } from "../../../provider/api/errors";

describe("command schemas and invoke", () => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const client = new ChatClient({
    config: {
      sdkAppId: 1400000000,
      identifier: "administrator",
      secretKey: "k",
      endpoint: "http://127.0.0.1:9",
      requestTimeoutMs: 5000,
      maxRetries: 0,
      topicImportServicePath: "group_open_http_svc",
    },
    dispatcher: agent,
  });
  after(async () => agent.close());

  it("parses a documented answer, keeps fields Tencent adds, and calls an answer that lacks a documented field a transport error", async () => {
    const pool = agent.get("http://127.0.0.1:9");
    pool
      .intercept({ path: /get_appid_group_list/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0, TotalCount: 1, GroupIdList: [{ GroupId: "g", Extra: 1 }], Next: 0, NewField: true });
    const answer = await invoke(client, "get_appid_group_list", { Limit: 10 });
    expect(answer).to.deep.include({ TotalCount: 1, Next: 0, NewField: true });
    pool.intercept({ path: /import_group/, method: "POST" }).reply(200, { ActionStatus: "OK", ErrorCode: 0 });
    const error = await invoke(client, "import_group", { Type: "Public", Name: "x" }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatTransportError);
    expect((error as Error).message).to.equal("import_group: the answer lacks the documented field GroupId");
  });

  it("requests are strict: a misspelt field is refused by the schema the emulator also validates with", () => {
    expect(REQUEST_SCHEMAS.import_group.safeParse({ Type: "Public", Name: "x", Nmae: "typo" }).success).to.equal(false);
    expect(REQUEST_SCHEMAS.add_group_member.safeParse({ GroupId: "g", MemberList: [{ Member_Account: "a" }] }).success).to.equal(true);
    expect(REQUEST_SCHEMAS.portrait_set.safeParse({ From_Account: "a", ProfileItem: [] }).success, "at least one item").to.equal(false);
  });
});
