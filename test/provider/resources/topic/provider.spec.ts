import { expect } from "chai";
import { UNKNOWN_VALUE } from "../../../../provider/resources/check";
import { topicProvider } from "../../../../provider/resources/topic/provider";
import { itNamesEachProblem } from "../../../helpers/check-cases";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = topicProvider(OFFLINE_CONTEXT);
const check = (news: Record<string, unknown>) => provider.check!({}, news);
const G = "@TGS#_c";

describe("ImportedTopic check", () => {
  itNamesEachProblem(provider, [
    ["a name of 11 CJK characters", { groupId: G, topicName: "话".repeat(11) }, "topicName", /30 bytes.*got 33/],
    ["an empty name", { groupId: G, topicName: "" }, "topicName", /empty/],
    ["a custom string over 3000 bytes", { groupId: G, topicName: "t", customString: "s".repeat(3001) }, "customString", /3000 bytes/],
    ["a topic ID of another community", { groupId: G, topicName: "t", topicId: "@TGS#_other@TOPIC#_x" }, "topicId", /must start with/],
    ["a topic ID over 96 bytes", { groupId: G, topicName: "t", topicId: `${G}@TOPIC#_${"x".repeat(90)}` }, "topicId", /96 bytes/],
    [
      "a topic ID that mimics a server-assigned one",
      { groupId: G, topicName: "t", topicId: `${G}@TOPIC#_@TOPIC#x` },
      "topicId",
      /reserved/,
    ],
    ["a creation time in the future", { groupId: G, topicName: "t", createTime: 4102444800 }, "createTime", /future/],
  ]);

  it("accepts exact limits, and an unknown groupId skips the topic-ID rule", async () => {
    expect(
      (await check({ groupId: G, topicName: "话".repeat(10), topicId: `${G}@TOPIC#_${"x".repeat(96 - G.length - 8)}` })).failures,
    ).to.deep.equal([]);
    expect((await check({ groupId: UNKNOWN_VALUE, topicName: "t", topicId: "anything" })).failures).to.deep.equal([]);
  });

  it("diff: renaming updates in place; a new fromAccount replaces, deleting first when the ID is kept", async () => {
    const olds = { groupId: G, topicName: "a", topicId: `${G}@TOPIC#_a`, fromAccount: "x" };
    expect(await provider.diff!(olds.topicId, olds, { ...olds, topicName: "b" })).to.deep.include({ changes: true, replaces: [] });
    expect(await provider.diff!(olds.topicId, olds, { ...olds, fromAccount: "y" })).to.deep.include({
      replaces: ["fromAccount"],
      deleteBeforeReplace: true,
    });
  });
});
