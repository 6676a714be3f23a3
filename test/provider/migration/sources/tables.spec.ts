import { expect } from "chai";
import { join } from "node:path";
import { convertTables } from "../../../../provider/migration/sources/tables";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;

describe("sources/tables (from-csv)", () => {
  it("converts the example tables: types by Tencent's old and new names, times, roles, custom fields, topics", async () => {
    const { manifest, report } = await convertTables(join(REPO_ROOT, "examples/csv-migration/tables"));
    expect(report.counts).to.deep.equal({ adjusted: 1, unmapped: 0, problems: 0 });
    const byKey = Object.fromEntries(manifest!.groups.map((g) => [g.key, g]));
    expect(byKey.eng).to.deep.include({
      type: "Private",
      groupId: "eng",
      ownerAccount: "alice",
      createTime: 1677661200,
      appDefinedData: { Region: "emea" },
    });
    expect(byKey.eng!.members).to.deep.equal({
      bob: { role: "Admin", joinTime: 1677664800, unreadMsgNum: 0 },
      carol: { joinTime: 1677756600, unreadMsgNum: 2 },
      "li.wei": { joinTime: 1678000000 },
    });
    expect(byKey["ops-oncall"]).to.deep.include({ type: "Private", createTime: 1686816000 });
    expect(byKey.guild).to.deep.include({ type: "Community", groupId: "@TGS#_makers", supportTopic: true, createTime: 1704816000 });
    expect(byKey.guild!.topics.map((t) => [t.key, t.fromAccount, t.createTime])).to.deep.equal([
      ["announcements", "li.wei", 1704848400],
      ["show-and-tell", "mod.sam", 1704974400],
    ]);
  });

  it("reports every problem of broken tables at once, by file and line, and writes no manifest", async () => {
    const dir = folderWith({
      "users.csv": "user_id,nick,extra\nalice,Alice,1\nalice,Again,\n,Nobody,\nthis-user-id-is-far-too-long-for-tencent,x,\n",
      "groups.csv":
        "key,type,name,create_time,max_member_count\ng1,Private,One,1000,\ng2,Huddle,Two,,\ng3,Public,,yesterday,0\ng1,Private,Dup,,\n",
      "members.csv": 'group_key,user_id,role,join_time\ng1,alice,Captain,\ng9,alice,,\ng1,ghost,,\ng1,alice,,999\n"g1,alice\n',
      "topics.csv": "group_key,topic_key,name\ng1,t,T\n",
    });
    const { manifest, report } = await convertTables(dir, { now: NOW });
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "users.csv:3 user alice is declared twice (first at users.csv:2)",
      "users.csv:4 user_id: is required",
      `groups.csv:3 type: "Huddle" is not one of Private, Public, ChatRoom, Community`,
      "groups.csv:4 name: is required",
      `groups.csv:4 max_member_count: 0 is below 1`,
      `groups.csv:4 create_time: "yesterday" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
      "groups.csv:5 group g1 is declared twice (first at groups.csv:2)",
      `members.csv:2 role: "Captain" is not one of Owner, Admin, Member`,
      "members.csv:6 cannot be read as CSV: Quote Not Closed: the parsing is finished with an opening quote at line 6; the rest of the file is not read",
      "topics.csv:2 g1 is a Private group; topics need a Community",
      // Settled once every table is read: a membership may come before its user in your own export too.
      "members.csv:3 group g9 is not declared; membership of alice left out",
      "members.csv:4 user ghost is not declared; membership of g1 left out",
    ]);
    expect(report.unmapped).to.deep.equal([
      { source: "users.csv:2", reason: `column "extra" is not one this table reads (user_id, nick, face_url); ignored` },
    ]);
    expect(report.adjusted.map((i) => [i.source, i.reason.split(";")[0]])).to.deep.equal([
      ["members.csv:5", "join time 999 is not after g1's creation 1000"],
      ["users.csv:5", `user ID "this-user-id-is-far-too-long-for-tencent" cannot be a Tencent UserID (must be at most 32 bytes`],
    ]);
    // Every row is accounted for: the 4 user rows, 4 group rows, 5 member rows (the unreadable 6th ends the file), 1 topic.
    expect(report.reconciliation).to.deep.equal({
      users: { in: 4, mapped: 1, adjusted: 1, unmapped: 0, problems: 2 },
      groups: { in: 4, mapped: 1, adjusted: 0, unmapped: 0, problems: 3 },
      memberships: { in: 5, mapped: 0, adjusted: 1, unmapped: 0, problems: 4 },
      topics: { in: 1, mapped: 0, adjusted: 0, unmapped: 0, problems: 1 },
    });
  });

  it("reads the same tables as JSON Lines, with JSON numbers and booleans, and matches column names without case", async () => {
    const dir = folderWith({
      "users.jsonl": jsonl({ user_id: "a", nick: "A" }, { user_id: "b" }),
      "groups.jsonl": jsonl({
        Key: "c",
        TYPE: "community",
        name: "C",
        group_id: "@TGS#_c",
        support_topic: true,
        create_time: 1000,
        "data.Tier": 2,
      }),
      "members.jsonl": jsonl({ group_key: "c", user_id: "b", role: "ADMIN", join_time: "1970-01-01T00:20:00Z", unread: 3 }),
      "topics.jsonl": jsonl({ group_key: "c", topic_key: "t", name: "T", creator: "a" }),
    });
    const { manifest, report } = await convertTables(dir, { now: NOW });
    expect(report.counts).to.deep.equal({ adjusted: 0, unmapped: 0, problems: 0 });
    expect(manifest).to.deep.equal({
      accounts: { a: { nick: "A" }, b: {} },
      groups: [
        {
          key: "c",
          type: "Community",
          name: "C",
          groupId: "@TGS#_c",
          supportTopic: true,
          createTime: 1000,
          appDefinedData: { Tier: "2" },
          members: { b: { role: "Admin", joinTime: 1200, unreadMsgNum: 3 } },
          topics: [{ key: "t", topicName: "T", fromAccount: "a" }],
        },
      ],
    });
  });

  it("needs a users table, and one file per table", async () => {
    expect((await convertTables(folderWith({ "groups.csv": "key,type,name\n" }))).report.problems[0]!.reason).to.match(
      /^has no users.csv or users.jsonl/,
    );
    const twice = await convertTables(folderWith({ "users.csv": "user_id\na\n", "users.jsonl": jsonl({ user_id: "b" }) }));
    expect(twice.report.problems[0]!.reason).to.equal("users is given 2 times; keep one file");
  });

  it("names a folder that does not exist, or a file given for the folder, instead of reading nothing", async () => {
    const dir = folderWith({ "users.csv": "user_id\na\n" });
    for (const [path, message] of [
      [join(dir, "nowhere"), `${join(dir, "nowhere")} does not exist`],
      [join(dir, "users.csv"), `${join(dir, "users.csv")} is a file, not a folder; give the folder of the tables`],
    ]) {
      await convertTables(path!).then(
        () => expect.fail("must reject"),
        (error: Error) => expect(error.message).to.equal(message),
      );
    }
  });
});
