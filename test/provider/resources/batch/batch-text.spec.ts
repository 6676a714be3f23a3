import { expect } from "chai";
import { ownValue } from "../../../../provider/own-keys";
import {
  batchTextVersion,
  currentBatchText,
  encodeBatch,
  parseBatch,
  readBatch,
  type BatchGroups,
} from "../../../../provider/resources/batch/batch-text";

const team = {
  type: "Public",
  name: "Team",
  groupId: "team-1",
  createTime: 1000,
  appDefinedData: { Tag: "blue", Level: "3" },
  members: { carol: "Admin", bob: "joined:1001" },
};
const guild = {
  type: "Community",
  name: "Guild",
  groupId: "@TGS#_guild",
  supportTopic: true,
  topics: { general: { topicName: "General", topicId: "@TGS#_guild@TOPIC#_general" } },
};

/** The width `pulumi preview --diff` prints of each line of a multi-line text (pkg/backend/display/object_diff.go). */
const SHOWN = 150;

describe("the batch text", () => {
  it("is, per group in key order, a line per field, a line per member and a line per topic field, each starting with the group's key", () => {
    expect(encodeBatch({ team, guild } as BatchGroups).split("\n")).to.deep.equal([
      "@ImportedGroupBatch v2",
      'guild .groupId "@TGS#_guild"',
      'guild .name "Guild"',
      "guild .supportTopic true",
      'guild .type "Community"',
      'guild #general .topicId "@TGS#_guild@TOPIC#_general"',
      'guild #general .topicName "General"',
      'team .appDefinedData.Level "3"',
      'team .appDefinedData.Tag "blue"',
      "team .createTime 1000",
      'team .groupId "team-1"',
      'team .name "Team"',
      'team .type "Public"',
      "team bob joined:1001",
      "team carol Admin",
    ]);
  });

  it("reads back every group, member and topic, whatever their keys, UserIDs and values hold, in one canonical text", () => {
    const groups = {
      "a b": {
        ...team,
        introduction: 'line one\nline "two" 群',
        appDefinedData: {},
        members: { 'q"uote': "Admin", "sp ace": "", "{brace": "", "#hash": "", ".dot": "", plain: "joined:1001" },
      },
      guild: { ...guild, topics: { "t t": { ...guild.topics.general, customString: "{}" }, empty: {} } },
      bare: {},
      odd: { "not a name": 1, type: "Public" },
    };
    // __proto__ is a valid group key, UserID and (unchecked) field name: read back as an own key, not as a prototype.
    const proto = JSON.parse(
      '{"__proto__":{"type":"Public","name":"P","groupId":"p-1","__proto__":1,"members":{"__proto__":"Admin"}}}',
    ) as BatchGroups;
    expect(readBatch(encodeBatch(proto))).to.deep.equal(proto);
    expect(Object.keys(ownValue(readBatch(encodeBatch(proto)), "__proto__")!.members!)).to.deep.equal(["__proto__"]);
    expect(readBatch(encodeBatch(groups as unknown as BatchGroups))).to.deep.equal(groups);
    expect(encodeBatch({ guild, team } as BatchGroups)).to.equal(encodeBatch({ team, guild } as BatchGroups));
    expect(readBatch({ team } as BatchGroups)).to.deep.equal({ team }); // an older state's map
    // A field whose name cannot be written bare keeps the group's fields as one JSON line; check refuses the name.
    expect(encodeBatch({ odd: groups.odd } as unknown as BatchGroups).split("\n")[1]).to.equal('odd {"not a name":1,"type":"Public"}');
  });

  it("reads a text of version 1 (stored states) as the same groups, and writes it when asked", () => {
    const v1 = [
      "@ImportedGroupBatch v1",
      'guild {"groupId":"@TGS#_guild","name":"Guild","supportTopic":true,"type":"Community"}',
      'guild #general {"topicId":"@TGS#_guild@TOPIC#_general","topicName":"General"}',
      'team {"appDefinedData":{"Level":"3","Tag":"blue"},"createTime":1000,"groupId":"team-1","name":"Team","type":"Public"}',
      "team .dot",
      "team bob joined:1001",
      "team carol Admin",
    ].join("\n");
    const groups = { team: { ...team, members: { ...team.members, ".dot": "" } }, guild };
    expect(readBatch(v1)).to.deep.equal(groups); // `.dot` is a member in version 1
    expect(encodeBatch(groups as BatchGroups, 1)).to.equal(v1);
    expect([batchTextVersion(v1), batchTextVersion(encodeBatch(groups as BatchGroups)), batchTextVersion({})]).to.deep.equal([1, 2, 2]);
    // The current text of the same groups, whichever form holds them.
    const current = encodeBatch(groups as BatchGroups);
    expect(currentBatchText(v1)).to.equal(current);
    expect(currentBatchText(groups as BatchGroups)).to.equal(current);
    expect(currentBatchText(current)).to.equal(current);
    expect(current).to.include('\nteam ".dot"\n');
  });

  it("leads every line with its group's key, topic key and field name, and shows 12 characters of the value within what the diff prints", () => {
    // What `pulumi preview --diff` prints of a line: its key, topic and field, then as much of the value as fits.
    const visible = (line: string) => {
      const lead = /^\S+ (#\S+ )?(\.\S+ )?/.exec(line)![0];
      return lead.length + Math.min(12, line.length - lead.length) <= SHOWN;
    };
    const key = `k${"e".repeat(63)}`; // the longest key
    const long = { ...team, faceUrl: `https://img.example.com/${"x".repeat(70)}.png`, introduction: "i".repeat(240) };
    const guildLong = {
      ...guild,
      topics: {
        [`t${"o".repeat(63)}`]: { ...guild.topics.general, topicId: `@TGS#_guild@TOPIC#_${"t".repeat(29)}`, introduction: "j".repeat(240) },
      },
    };
    const lines = encodeBatch({ [key]: long, guild: guildLong } as BatchGroups)
      .split("\n")
      .slice(1);
    expect(lines.filter((line) => !visible(line))).to.deep.equal([]);
    // A value longer than the width is cut, after the key and the field that changed.
    const introduction = lines.find((line) => line.includes(".introduction") && line.startsWith(key))!;
    expect(introduction.slice(0, SHOWN)).to.equal(`${key} .introduction "${"i".repeat(SHOWN - key.length - 16)}`);
  });

  it("names each line that does not read, and members of a group that has no field line", () => {
    const text = [
      "@ImportedGroupBatch v2",
      'team {"name":"T"',
      'team "bob',
      "lost carol",
      "team",
      "team .name",
      "team .name Team",
      "team .a.b.c 1",
      'team .name "T"',
      'team .name "T"',
      'team .appDefinedData.Tag "x"',
      "team .appDefinedData {}",
      "team bob",
      "team bob",
      "guild {}",
      "guild .name 1",
      'guild #t .topicName "T"',
      "guild #t {}",
      "guild #u {",
    ].join("\n");
    expect(parseBatch(text)).to.deep.equal({
      problems: [
        { property: "groups", reason: 'line 2: the fields of group team are not a JSON object: {"name":"T"' },
        { property: "groups", reason: 'line 3: "bob has no closing quote' },
        {
          property: "groups",
          reason:
            "line 5: is not `<key> .<field> <JSON value>` (a group's field), `<key> <UserID> [member]`, `<key> #<topic key> .<field> <JSON value>` (a topic's field), `<key> {...}` or `<key> #<topic key> {...}`: team",
        },
        { property: "groups", reason: "line 6: group team: the value of field name is not JSON: .name" },
        { property: "groups", reason: "line 7: group team: the value of field name is not JSON: .name Team" },
        { property: "groups", reason: "line 8: group team: .a.b.c is not a field name" },
        { property: "groups", reason: "line 10: group team has field name twice" },
        { property: "groups", reason: "line 12: group team has field appDefinedData twice" },
        { property: "groups", reason: "line 14: member bob of group team is declared twice" },
        { property: "groups", reason: "line 16: group guild is declared twice" },
        { property: "groups", reason: "line 18: topic t of group guild is declared twice" },
        { property: "groups", reason: "line 19: the fields of topic u of group guild are not a JSON object: #u {" },
        { property: "groups.lost", reason: "members or topics of group lost, which has no field line (`lost .<field> <JSON value>`)" },
      ],
    });
    expect(parseBatch(["@ImportedGroupBatch v1", "lost carol"].join("\n"))).to.deep.equal({
      problems: [{ property: "groups.lost", reason: "members or topics of group lost, which has no `lost {...}` line" }],
    });
    expect(parseBatch("@ImportedGroupBatch v3")).to.deep.equal({
      problems: [
        {
          property: "groups",
          reason: 'must start with the line "@ImportedGroupBatch v2" (the resource writes this text from its arguments)',
        },
      ],
    });
  });
});
