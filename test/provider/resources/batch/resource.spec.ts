import { expect } from "chai";
import { ImportedGroupBatch, withDerivedIds } from "../../../../provider/resources/batch/resource";
import { stableGroupId, stableTopicId } from "../../../../provider/resources/stable-id";
import { mockedProgram, outputValue } from "../../../helpers/pulumi-mocks";

describe("ImportedGroupBatch (the resource a program declares)", () => {
  it("withDerivedIds fills in group and topic IDs from the keys and writes members in their one-string form", () => {
    const groups = withDerivedIds(
      {
        lobby: { type: "Public", name: "Lobby", members: { bob: { role: "Admin", joinTime: 1_600_000_060 }, carol: {} } },
        hub: {
          type: "Community",
          name: "Hub",
          supportTopic: true,
          topics: { news: { topicName: "News" }, help: { topicName: "Help", topicId: "@TGS#_x@TOPIC#_help" } },
        },
        fixed: { type: "Private", name: "Fixed", groupId: "fixed-1" },
      },
      "shop",
      "prod",
    );
    const hubId = stableGroupId("hub", true, "shop", "prod");
    expect(groups.lobby!.groupId).to.equal(stableGroupId("lobby", false, "shop", "prod"));
    expect(groups.lobby!.members).to.deep.equal({ bob: "Admin joined:1600000060", carol: "" });
    expect(groups.hub!.topics!.news!.topicId).to.equal(stableTopicId(hubId, "news", "shop", "prod"));
    expect(groups.hub!.topics!.help!.topicId).to.equal("@TGS#_x@TOPIC#_help");
    expect(groups.fixed).to.deep.equal({ type: "Private", name: "Fixed", groupId: "fixed-1" });
  });

  it("registers the groups with their IDs and answers groupIds, known at preview", async () => {
    const program = mockedProgram();
    const batch = new ImportedGroupBatch("wave-1", { groups: { lobby: { type: "Public", name: "Lobby" } } });
    expect(await outputValue(batch.groupIds)).to.deep.equal({ lobby: stableGroupId("lobby", false, "shop", "prod") });
    await program.settled();
    expect(program.registered.get("wave-1")!.type).to.equal("pulumi-nodejs:dynamic/tencent-chat:ImportedGroupBatch");
  });
});
