import { expect } from "chai";
import { ownValue } from "../../../../provider/own-keys";
import { encodeBatch, parseBatch, readBatch, type BatchGroups } from "../../../../provider/resources/batch/batch-text";

const team = { type: "Public", name: "Team", groupId: "team-1", createTime: 1000, members: { carol: "Admin", bob: "joined:1001" } };
const guild = {
  type: "Community",
  name: "Guild",
  groupId: "@TGS#_guild",
  supportTopic: true,
  topics: { general: { topicName: "General", topicId: "@TGS#_guild@TOPIC#_general" } },
};

describe("the batch text", () => {
  it("is, per group in key order, its fields, a line per member and a line per topic, each starting with the group's key", () => {
    expect(encodeBatch({ team, guild } as BatchGroups).split("\n")).to.deep.equal([
      "@ImportedGroupBatch v1",
      'guild {"groupId":"@TGS#_guild","name":"Guild","supportTopic":true,"type":"Community"}',
      'guild #general {"topicId":"@TGS#_guild@TOPIC#_general","topicName":"General"}',
      'team {"createTime":1000,"groupId":"team-1","name":"Team","type":"Public"}',
      "team bob joined:1001",
      "team carol Admin",
    ]);
  });

  it("reads back every group, member and topic, whatever their keys and UserIDs hold, in one canonical text", () => {
    const groups = {
      "a b": { ...team, members: { 'q"uote': "Admin", "sp ace": "", "{brace": "", "#hash": "", plain: "joined:1001" } },
      guild,
    };
    // __proto__ is a valid group key and UserID: read back as an own key, not as a prototype.
    const proto = JSON.parse('{"__proto__":{"type":"Public","name":"P","groupId":"p-1","members":{"__proto__":"Admin"}}}') as BatchGroups;
    expect(readBatch(encodeBatch(proto))).to.deep.equal(proto);
    expect(Object.keys(ownValue(readBatch(encodeBatch(proto)), "__proto__")!.members!)).to.deep.equal(["__proto__"]);
    expect(readBatch(encodeBatch(groups as BatchGroups))).to.deep.equal(groups);
    expect(encodeBatch({ guild, team } as BatchGroups)).to.equal(encodeBatch({ team, guild } as BatchGroups));
    expect(readBatch({ team } as BatchGroups)).to.deep.equal({ team }); // an older state's map
  });

  it("names each line that does not read, and members of a group that has no line", () => {
    const text = [
      "@ImportedGroupBatch v1",
      'team {"name":"T"',
      'team "bob',
      "lost carol",
      "team",
      "team {}",
      "team {}",
      "team bob",
      "team bob",
    ].join("\n");
    expect(parseBatch(text)).to.deep.equal({
      problems: [
        { property: "groups", reason: 'line 2: the fields of group team are not a JSON object: {"name":"T"' },
        { property: "groups", reason: 'line 3: "bob has no closing quote' },
        {
          property: "groups",
          reason: "line 5: is not `<key> {...}` (a group), `<key> <UserID> [member]` or `<key> #<topic key> {...}`: team",
        },
        { property: "groups", reason: "line 7: group team is declared twice" },
        { property: "groups", reason: "line 9: member bob of group team is declared twice" },
        { property: "groups.lost", reason: "members or topics of group lost, which has no `lost {...}` line" },
      ],
    });
  });
});
