import { expect } from "chai";
import { batchCrossFieldRules, BatchKey, hiddenReplacements } from "../../../../provider/resources/batch/schema";

const NOW = 1_700_000_000;

describe("batch schema: keys, hidden replacements and each group's rules", () => {
  it("keys are 1 to 64 of A-Z a-z 0-9 _ . -", () => {
    for (const key of ["eng", "team.eng-1_x", "k".repeat(64)]) expect(BatchKey.safeParse(key).success, key).to.equal(true);
    for (const key of ["", "has space", "k".repeat(65), "群"]) expect(BatchKey.safeParse(key).success, key).to.equal(false);
  });

  it("refuses a change that would destroy a group or topic inside the batch unless allowReplace is declared", () => {
    const olds = { groups: { g: { type: "Public", name: "G", topics: { t: { topicName: "T", fromAccount: "a" } } } } };
    const changed = { groups: { g: { type: "Private", name: "G2", topics: { t: { topicName: "T", fromAccount: "b" } } } } };
    expect(hiddenReplacements(olds, changed).map((f) => f.property)).to.deep.equal(["groups.g.type", "groups.g.topics.t.fromAccount"]);
    expect(hiddenReplacements(olds, changed)[0]!.reason).to.match(/replaces group g: .* Declare allowReplace: true on groups.g/);
    const allowed = { groups: { g: { ...changed.groups.g, allowReplace: true } } };
    expect(hiddenReplacements(olds, allowed)).to.deep.equal([]);
    expect(hiddenReplacements(olds, { groups: { g: { type: "Public", name: "Renamed" } } }), "a rename updates in place").to.deep.equal([]);
  });

  it("applies each group's own rules by path: group, members' join times, topics", () => {
    const failures = batchCrossFieldRules(
      {
        groups: {
          a: { type: "Public", supportTopic: true },
          b: { type: "Public", createTime: 1000, members: { x: "Member joined:1000", y: "garbled" } },
          c: { type: "Public", topics: { t: { topicName: "T" } } },
          d: { type: "Community", supportTopic: true, groupId: "@TGS#_d", topics: { t: { topicName: "T", topicId: "@TGS#_e@TOPIC#_t" } } },
        },
      },
      NOW,
    ).map((f) => f.property);
    expect(failures).to.deep.equal([
      "groups.a.supportTopic",
      "groups.b.members.x.joinTime",
      "groups.c.topics",
      "groups.d.topics.t.topicId",
    ]);
  });
});
