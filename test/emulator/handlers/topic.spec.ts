import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";

const community = (groupId: string, supportTopic: boolean) => ({
  groupId,
  type: "Community",
  name: "c",
  createTime: 1,
  maxMemberCount: 100000,
  supportTopic,
  appDefinedData: {},
  members: {},
  topics: {},
});

describe("emulator topic commands", () => {
  const emulator = useEmulator({
    seed: {
      accounts: { alice: { userId: "alice" } },
      groups: { "@TGS#_t": community("@TGS#_t", true), "@TGS#_plain": community("@TGS#_plain", false) },
      idCounter: 0,
    },
  });
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);
  const G = "@TGS#_t";

  const rejects: [string, unknown, number][] = [
    ["a community without topics (11000)", { GroupId: "@TGS#_plain", TopicName: "x" }, 11000],
    ["a group that does not exist", { GroupId: "@TGS#_none", TopicName: "x" }, 10010],
    ["TopicName over 30 bytes (11 CJK)", { GroupId: G, TopicName: "话".repeat(11) }, 10004],
    ["CustomString over 3000 bytes", { GroupId: G, TopicName: "x", CustomString: "s".repeat(3001) }, 10004],
    ["a TopicId without the community prefix", { GroupId: G, TopicName: "x", TopicId: "other@TOPIC#_x" }, 10004],
    ["a TopicId with @TOPIC#_@TOPIC#", { GroupId: G, TopicName: "x", TopicId: `${G}@TOPIC#_@TOPIC#x` }, 10004],
    ["a TopicId over 96 bytes", { GroupId: G, TopicName: "x", TopicId: `${G}@TOPIC#_${"p".repeat(90)}` }, 10004],
    ["From_Account not imported", { GroupId: G, TopicName: "x", From_Account: "ghost" }, 10019],
  ];
  for (const [what, body, code] of rejects) {
    it(`import_topic answers ${code} for ${what}`, async () => {
      expect(await call("import_topic", body)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
    });
  }

  it("imports custom and server-assigned topic IDs; 10021 for one in use", async () => {
    const custom = await call("import_topic", {
      GroupId: G,
      TopicName: "话".repeat(10),
      TopicId: `${G}@TOPIC#_news`,
      From_Account: "alice",
      CreateTime: 5,
    });
    expect(custom).to.include({ ActionStatus: "OK", TopicId: `${G}@TOPIC#_news` });
    const assigned = await call("import_topic", { GroupId: G, TopicName: "y" });
    expect(assigned.TopicId).to.match(/^@TGS#_t@TOPIC#_@TOPIC#c/);
    expect(await call("import_topic", { GroupId: G, TopicName: "z", TopicId: `${G}@TOPIC#_news` })).to.include({ ErrorCode: 10021 });
  });

  it("answers 10003 on the other service path (the documents disagree; default group_open_http_svc)", async () => {
    const { json } = await rawCall(
      emulator.get(),
      "import_topic",
      { GroupId: G, TopicName: "p" },
      { path: "/v4/million_group_open_http_svc/import_topic" },
    );
    expect(json).to.include({ ErrorCode: 10003 });
  });

  it("refuses a 201st topic with 10037 (at most 200 per community)", async () => {
    const group = emulator.get().store.state.groups[G]!;
    for (let i = Object.keys(group.topics).length; i < 200; i++) {
      group.topics[`${G}@TOPIC#_fill${i}`] = { topicId: `${G}@TOPIC#_fill${i}`, topicName: "f", createTime: 1 };
    }
    expect(await call("import_topic", { GroupId: G, TopicName: "one too many" })).to.include({ ErrorCode: 10037 });
  });

  it("get_topic reads GroupID and fields, with a per-item 110003 for a deleted topic; From_Account required", async () => {
    const json = await call("get_topic", { GroupId: G, From_Account: "alice", TopicIdList: [`${G}@TOPIC#_news`, `${G}@TOPIC#_gone`] });
    const [found, gone] = json.TopicAndSelfInfo as { ErrorCode: number; TopicInfo: Record<string, unknown> }[];
    expect(found!.TopicInfo).to.include({ GroupID: G, TopicName: "话".repeat(10), CreateTime: 5 });
    expect(gone!.ErrorCode).to.equal(110003);
    expect(await call("get_topic", { GroupId: G })).to.include({ ErrorCode: 10004 });
  });

  it("modify_topic changes fields and answers 10010 for a deleted topic; destroy_topic reports per topic", async () => {
    await call("modify_topic", { GroupId: G, TopicId: `${G}@TOPIC#_news`, TopicName: "renamed", Introduction: "i" });
    expect(emulator.get().store.state.groups[G]!.topics[`${G}@TOPIC#_news`]).to.include({ topicName: "renamed", introduction: "i" });
    const destroyed = await call("destroy_topic", { GroupId: G, TopicIdList: [`${G}@TOPIC#_news`, `${G}@TOPIC#_news`] });
    expect((destroyed.DestroyResultItem as { ErrorCode: number }[]).map((r) => r.ErrorCode)).to.deep.equal([0, 110003]);
    expect(await call("modify_topic", { GroupId: G, TopicId: `${G}@TOPIC#_news`, TopicName: "x" })).to.include({ ErrorCode: 10010 });
  });
});
