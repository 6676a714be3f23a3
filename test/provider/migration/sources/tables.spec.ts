import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { convertTables } from "../../../../provider/migration/sources/tables";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;

/** A conversion of `folder` that writes its history, and the history's lines read back. */
async function convertWithHistory(folder: string, options: { now?: number } = { now: NOW }) {
  const historyPath = join(folderWith({}), "history.jsonl");
  const conversion = await convertTables(folder, { ...options, historyPath });
  const lines = conversion.manifest
    ? readFileSync(historyPath, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];
  return { ...conversion, lines };
}

describe("sources/tables (from-csv)", () => {
  it("converts the example tables: types by Tencent's old and new names, times, roles, custom fields, topics", async () => {
    const { manifest, report } = await convertTables(join(REPO_ROOT, "examples/csv-migration/tables"));
    // The messages are one line when no history file is asked for (as the example's Pulumi program converts).
    expect(report.counts).to.deep.equal({ adjusted: 1, unmapped: 1, problems: 0 });
    expect(report.unmapped).to.deep.equal([{ source: "history", reason: "6 messages: no history file was asked for (--history or -o)" }]);
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
    const { lines, report: withHistory } = await convertWithHistory(join(REPO_ROOT, "examples/csv-migration/tables"), {});
    expect(withHistory.counts).to.deep.equal({ adjusted: 1, unmapped: 0, problems: 0 });
    expect(lines).to.deep.equal([
      {
        conversation: "eng",
        id: "eng-1",
        from: "alice",
        time: 1677747600,
        body: [{ type: "text", text: "Welcome to Engineering, everyone!" }],
      },
      {
        conversation: "eng",
        id: "eng-2",
        from: "bob",
        time: 1677747930,
        body: [
          { type: "text", text: "Thanks! The design doc is attached" },
          { type: "file", url: "https://cdn.example.com/files/design.pdf", name: "design.pdf", size: 482133 },
        ],
        replyTo: "eng-1",
        edited: 1677748020,
      },
      {
        conversation: "random",
        id: "r-1",
        from: "dave",
        time: 1680000100,
        body: [{ type: "custom", data: '{"kind":"poll","question":"Pizza or sushi?"}' }],
      },
      {
        conversation: "ops-oncall",
        id: "oc-1",
        from: "carol",
        time: 1686904200,
        body: [{ type: "text", text: "Handbook: wiki/oncall\nPager test at 10:00" }],
      },
      { conversation: ["alice", "bob"], id: "dm-1", from: "alice", time: 1680350400, body: [{ type: "text", text: "Lunch?" }] },
      {
        conversation: ["alice", "bob"],
        id: "dm-2",
        from: "bob",
        time: 1680350460,
        body: [{ type: "text", text: "Sure, 12:30 😀" }],
        replyTo: "dm-1",
      },
    ]);
    expect(withHistory.reconciliation.messages).to.deep.equal({ in: 6, mapped: 6, adjusted: 0, unmapped: 0, problems: 0 });
  });

  it("writes the messages table to the history: groups and 1:1 pairs, mapped UserIDs, ISO times with offsets, files, custom data, replies in any order, edits", async () => {
    const uuid = "0b6c3c1e-6f0e-4c1a-9d2f-7a1e3b9c2d10";
    const mapped = uuid.replaceAll("-", "");
    const dir = folderWith({
      "users.jsonl": jsonl({ user_id: "a" }, { user_id: uuid }),
      "groups.jsonl": jsonl({ key: "g", type: "Private", name: "G", create_time: "2023-01-01T00:00:00Z" }),
      "messages.jsonl": jsonl(
        // The reply comes before its parent; a JSON number is a time in Unix seconds.
        { group_key: "g", message_id: "2", from: uuid, time: 1672650000, text: "re", reply_to: "1", edited: "2023-01-02T09:05:00.9Z" },
        {
          group_key: "g",
          message_id: "1",
          from: "a",
          time: "2023-01-02T10:00:00.750+02:00",
          file_url: "https://files.example.com/a.pdf",
          file_name: "a.pdf",
          file_size: 10,
          custom_data: '{"x":1}',
        },
        // The same message_id in another conversation is another message.
        { user_id_a: uuid, user_id_b: "a", message_id: "1", from: uuid, time: 1672650001, text: "hi" },
        // Edited in the second it was sent: not an edit.
        { user_id_a: "a", user_id_b: "a", message_id: "note", from: "a", time: 1672650002, text: "to self", edited: 1672650002 },
      ),
    });
    const { lines, report } = await convertWithHistory(dir);
    expect(report.problems).to.deep.equal([]);
    expect(lines).to.deep.equal([
      {
        conversation: "g",
        id: "2",
        from: mapped,
        time: 1672650000,
        body: [{ type: "text", text: "re" }],
        replyTo: "1",
        edited: 1672650300,
      },
      {
        conversation: "g",
        id: "1",
        from: "a",
        time: 1672646400,
        body: [
          { type: "file", url: "https://files.example.com/a.pdf", name: "a.pdf", size: 10 },
          { type: "custom", data: '{"x":1}' },
        ],
      },
      { conversation: [mapped, "a"], id: "1", from: mapped, time: 1672650001, body: [{ type: "text", text: "hi" }] },
      { conversation: ["a", "a"], id: "note", from: "a", time: 1672650002, body: [{ type: "text", text: "to self" }] },
    ]);
    expect(report.reconciliation.messages).to.deep.equal({ in: 4, mapped: 2, adjusted: 2, unmapped: 0, problems: 0 });
  });

  it("reports every message row that does not fit, by line, and writes no history", async () => {
    const header = "group_key,user_id_a,user_id_b,message_id,from,time,text,file_url,file_name,file_size,custom_data,reply_to,edited";
    const long = "x".repeat(8000);
    const rows = [
      "g,,,m1,a,2000,hello,,,,,,",
      "g,,,m1,b,2001,again,,,,,,",
      "g,a,b,m2,a,2002,both,,,,,,",
      ",a,,m3,a,2003,half,,,,,,",
      ",,,m4,a,2004,nowhere,,,,,,",
      "nowhere,,,m5,a,2005,x,,,,,,",
      "g,,,m6,ghost,2006,x,,,,,,",
      ",a,c,m7,b,2007,x,,,,,,",
      "g,,,m8,a,1000,x,,,,,,",
      "g,,,m9,a,,x,,,,,,",
      "g,,,m10,a,soon,x,,,,,,",
      "g,,,m11,a,2010,,,,,,,",
      "g,,,m12,a,2011,,ftp://x.example/y,y,,,,",
      "g,,,m13,a,2012,,https://x.example/y,,,,,",
      "g,,,m14,a,2013,x,,y.pdf,12,,,",
      "g,,,m15,a,2014,x,,,,,nope,",
      "g,,,m16,a,2015,x,,,,,,2000",
      "g,,,m17,a,2016,x,,,,,m17,",
      "g,,,m18,a,9999999999,x,,,,,,",
      "g,,,,a,2017,x,,,,,,",
      ",c,a,m19,c,2018,fine,,,,,m1,",
      `g,,,m20,a,2019,${long},,,,,,`,
    ];
    const dir = folderWith({
      "users.csv": "user_id\na\nb\nc\n",
      "groups.csv": "key,type,name,create_time\ng,Private,G,1000\n",
      "messages.csv": `${[header, ...rows].join("\n")}\n`,
    });
    const { manifest, report, history } = await convertWithHistory(dir);
    expect(manifest).to.equal(undefined);
    const bytes = Buffer.byteLength(JSON.stringify([{ MsgType: "TIMTextElem", MsgContent: { Text: long } }]));
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "messages.csv:3 message_id m1 is given twice in group g",
      "messages.csv:4 give group_key (a group's message) or user_id_a and user_id_b (a 1:1 message), not both",
      "messages.csv:5 user_id_b: is required with user_id_a (the two people of a 1:1 conversation)",
      "messages.csv:6 a message needs group_key (a group's message) or user_id_a and user_id_b (a 1:1 message)",
      "messages.csv:7 group_key: group nowhere is not declared in the groups table",
      "messages.csv:8 from: user ghost is not declared in the users table",
      "messages.csv:9 from b is not one of the conversation's two people (a, c)",
      "messages.csv:10 time 1000 is not after g's creation 1000",
      "messages.csv:11 time: is required",
      `messages.csv:12 time: "soon" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
      "messages.csv:13 a message needs text, file_url or custom_data",
      `messages.csv:14 file_url: "ftp://x.example/y" is not an http(s) URL`,
      "messages.csv:15 file_name: is required with file_url (the name the file is shown with)",
      "messages.csv:16 file_name and file_size describe file_url, which is empty",
      "messages.csv:18 edited 2000 is before the message's time 2015",
      "messages.csv:19 reply_to: a message cannot reply to itself",
      `messages.csv:20 time 9999999999 is in the future (now ${NOW})`,
      "messages.csv:21 message_id: is required",
      `messages.csv:23 the message is ${bytes} bytes as Tencent counts its body; Tencent takes at most 8000 (80002)`,
      // Known once the whole table is read: a reply may come before its parent.
      "messages.csv:17 reply_to: nope is not a message_id of group g",
      "messages.csv:22 reply_to: m1 is not a message_id of 1:1 a|c",
    ]);
    // Every row is accounted for; without a manifest no history is written (nor an old one left as if it were).
    expect(report.reconciliation.messages).to.deep.equal({ in: 22, mapped: 0, adjusted: 0, unmapped: 0, problems: 22 });
    expect(history).to.deep.equal({ path: history!.path, messages: 0 });
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
