import { expect } from "chai";
import { importTopic, modifyTopic, readTopic, removeTopic, topicChange } from "../../../../provider/resources/topic/sync";
import { emulatorContext } from "../../../helpers/emulator-context";
import { useEmulator } from "../../../helpers/emulator";

describe("topic sync: the calls behind ImportedTopic and the batch", () => {
  const emulator = useEmulator({
    seed: {
      accounts: { alice: { userId: "alice" } },
      groups: {
        "@TGS#_hub": {
          groupId: "@TGS#_hub",
          type: "Community",
          name: "hub",
          createTime: 1_600_000_000,
          maxMemberCount: 100_000,
          supportTopic: true,
          appDefinedData: {},
          topics: {},
          members: {},
        },
      },
      idCounter: 0,
    },
  });

  it("imports (adopting its own topic), modifies what changed, reads back, and removes", async () => {
    const context = emulatorContext(emulator.get());
    const declared = { groupId: "@TGS#_hub", topicId: "@TGS#_hub@TOPIC#_news", topicName: "News", fromAccount: "alice" };
    expect(await importTopic(context, declared)).to.equal("@TGS#_hub@TOPIC#_news");
    expect(await importTopic(context, declared), "a lost answer, repeated").to.equal("@TGS#_hub@TOPIC#_news");
    await modifyTopic(context, declared.topicId, declared, { ...declared, topicName: "Latest", introduction: "What is new" });
    expect(await readTopic(context, declared.topicId, { ...declared, introduction: "x" })).to.deep.include({
      topicName: "Latest",
      introduction: "What is new",
    });
    await removeTopic(context, "@TGS#_hub", declared.topicId);
    expect(await readTopic(context, declared.topicId, declared)).to.equal(undefined);
  });

  it("a new creator or ID replaces the topic; a new name does not", () => {
    const before = { groupId: "@TGS#_hub", topicId: "@TGS#_hub@TOPIC#_t", topicName: "T", fromAccount: "alice" };
    expect(topicChange(before, { ...before, topicName: "U" }).replaces).to.deep.equal([]);
    expect(topicChange(before, { ...before, fromAccount: "bob" }).replaces).to.deep.equal(["fromAccount"]);
  });
});
