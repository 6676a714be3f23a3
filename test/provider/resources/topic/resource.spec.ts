import { expect } from "chai";
import { ImportedGroup } from "../../../../provider/resources/group/resource";
import { stableTopicId } from "../../../../provider/resources/stable-id";
import { ImportedTopic } from "../../../../provider/resources/topic/resource";
import { mockedProgram, outputValue } from "../../../helpers/pulumi-mocks";

describe("ImportedTopic (the resource a program declares)", () => {
  it("derives its ID inside the group's and carries the group's type and topic support for preview's check", async () => {
    const program = mockedProgram();
    const hub = new ImportedGroup("hub", { type: "Community", name: "Hub", groupId: "@TGS#_hub", supportTopic: true });
    const topic = new ImportedTopic("hub-news", { group: hub, topicName: "News" });
    expect(await outputValue(topic.topicId)).to.equal(stableTopicId("@TGS#_hub", "hub-news", "shop", "prod"));
    await program.settled();
    expect(program.registered.get("hub-news")!.inputs).to.deep.include({
      groupId: "@TGS#_hub",
      groupType: "Community",
      groupSupportTopic: true,
      topicName: "News",
    });
    const fixed = new ImportedTopic("fixed", { groupId: "@TGS#_hub", topicName: "Help", topicId: "@TGS#_hub@TOPIC#_help" });
    expect(await outputValue(fixed.topicId)).to.equal("@TGS#_hub@TOPIC#_help");
  });
});
