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

  it("message bodies take the documented elements with their documented fields (media by URL, Download_Flag 2), and nothing else", () => {
    const body = (MsgBody: unknown) =>
      REQUEST_SCHEMAS.importmsg.safeParse({
        SyncFromOldSystem: 2,
        From_Account: "a",
        To_Account: "b",
        MsgRandom: 1,
        MsgTimeStamp: 1,
        MsgBody,
      }).success;
    const file = { Url: "https://x/f", UUID: "u", FileName: "f", FileSize: 1, Download_Flag: 2 };
    expect(body([{ MsgType: "TIMFileElem", MsgContent: file }])).to.equal(true);
    expect(body([{ MsgType: "TIMFileElem", MsgContent: { ...file, UUID: undefined } }]), "a REST sender must fill UUID").to.equal(false);
    expect(body([{ MsgType: "TIMFileElem", MsgContent: { ...file, Download_Flag: 0 } }]), "Download_Flag is 2").to.equal(false);
    expect(body([{ MsgType: "TIMSoundElem", MsgContent: { Url: "u", UUID: "s", Second: 3, Download_Flag: 2 } }])).to.equal(true);
    expect(body([{ MsgType: "TIMFaceElem", MsgContent: { Index: 1 } }])).to.equal(true);
    expect(body([{ MsgType: "TIMTextElem", MsgContent: { text: "lower case" } }])).to.equal(false);
    expect(body([{ MsgType: "TIMGroupTipElem", MsgContent: {} }])).to.equal(false);
    expect(body([]), "at least one element").to.equal(false);
    const custom = { MsgType: "TIMCustomElem", MsgContent: { Data: "d" } };
    expect(body([custom, custom]), "one TIMCustomElem per message").to.equal(false);
    const group = REQUEST_SCHEMAS.import_group_msg.safeParse({
      GroupId: "g",
      MsgList: [{ From_Account: "a", SendTime: 1, Random: 2 ** 32, MsgBody: [custom] }],
    });
    expect(group.success, "Random is a 32-bit unsigned integer").to.equal(false);
    expect(
      REQUEST_SCHEMAS.importmsg.safeParse({
        SyncFromOldSystem: 1,
        From_Account: "a",
        To_Account: "b",
        MsgRandom: 1,
        MsgTimeStamp: 1,
        MsgBody: [custom],
      }).success,
    ).to.equal(false);
  });

  it("history answers: IsFinished and Complete are required, empty lists may be left out", async () => {
    const pool = agent.get("http://127.0.0.1:9");
    pool
      .intercept({ path: /\/v4\/group_open_http_svc\/group_msg_get_simple/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0, IsFinished: 1 });
    expect(await invoke(client, "group_msg_get_simple", { GroupId: "g", ReqMsgNumber: 20 })).to.deep.include({
      IsFinished: 1,
      RspMsgList: [],
    });
    pool
      .intercept({ path: /\/v4\/openim\/admin_getroammsg/, method: "POST" })
      .reply(200, { ActionStatus: "OK", ErrorCode: 0, MsgList: [] });
    const error = await invoke(client, "admin_getroammsg", {
      Operator_Account: "a",
      Peer_Account: "b",
      MaxCnt: 1,
      MinTime: 0,
      MaxTime: 1,
    }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal("admin_getroammsg: the answer lacks the documented field Complete");
  });
});
