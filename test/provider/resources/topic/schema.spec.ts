import { expect } from "chai";
import { topicCrossFieldRules, topicGroupProblem } from "../../../../provider/resources/topic/schema";

const NOW = 1_700_000_000;

describe("topic schema and its cross-field rules", () => {
  it("a topic needs a Community with topics enabled; unknown facts are no problem yet", () => {
    expect(topicGroupProblem("Public", undefined)).to.match(/this group is a Public group/);
    expect(topicGroupProblem("Community", false)).to.match(/does not enable topics/);
    expect(topicGroupProblem("Community", true)).to.equal(undefined);
    expect(topicGroupProblem(undefined, undefined)).to.equal(undefined);
  });

  it("the topic ID starts with its group's ID, and the creation time is not in the future", () => {
    const failures = (inputs: Record<string, unknown>) => topicCrossFieldRules(inputs, NOW).map((f) => f.property);
    expect(failures({ groupId: "@TGS#_a", topicId: "@TGS#_b@TOPIC#_t" })).to.deep.equal(["topicId"]);
    expect(failures({ groupId: "@TGS#_a", topicId: "@TGS#_a@TOPIC#_t", createTime: NOW + 1 })).to.deep.equal(["createTime"]);
    expect(failures({ groupId: "@TGS#_a", groupType: "Private" })).to.deep.equal(["groupId"]);
    expect(failures({ groupId: "@TGS#_a", topicId: "@TGS#_a@TOPIC#_t", groupType: "Community", groupSupportTopic: true })).to.deep.equal(
      [],
    );
  });
});
