import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { LIMITS, truncateUtf8 } from "../../../../provider/limits";
import { convertStreamExport } from "../../../../provider/migration/sources/stream-chat";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;
const user = (id: string, extra: object = {}) => ({ type: "user", data: { id, ...extra } });
const channel = (type: string, id: string, createdBy: string, extra: object = {}) => ({
  type: "channel",
  data: { type, id, created_by: createdBy, ...extra },
});
const member = (channelType: string, channelId: string, userId: string, extra: object = {}) => ({
  type: "member",
  data: { channel_type: channelType, channel_id: channelId, user_id: userId, ...extra },
});
const message = (id: string, where: object, author: string, extra: object = {}) => ({
  type: "message",
  data: { id, channel_type: "messaging", ...where, user: author, type: "regular", ...extra },
});
const convert = async (content: string, options = {}) =>
  convertStreamExport(join(folderWith({ "export.jsonl": content }), "export.jsonl"), { now: NOW, ...options });
/** A conversion that writes its history, and the history's lines read back. */
const convertWithHistory = async (path: string) => {
  const historyPath = join(folderWith({}), "history.jsonl");
  const conversion = await convertStreamExport(path, { now: NOW, historyPath });
  const lines = readFileSync(historyPath, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...conversion, lines };
};

describe("sources/stream-chat (from-stream)", () => {
  it("converts the example: users to accounts, channels to groups by type, roles, created_at as times, distinct channels named by their members", async () => {
    const { manifest, report } = await convertStreamExport(join(REPO_ROOT, "examples/stream-migration/export.jsonl"));
    expect(manifest!.accounts).to.deep.equal({
      alice: { nick: "Alice Martin", faceUrl: "https://cdn.example.com/a.png" },
      bob: { nick: "Bob Chen" },
      carol: { nick: "Carol Diaz" },
      dave: { nick: "Dave" },
      "li-wei": { nick: "李伟", faceUrl: "https://cdn.example.com/liwei.png" },
    });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, g.ownerAccount])).to.deep.equal([
      ["messaging.general", "Private", "general", "alice"],
      ["livestream.launch-event", "ChatRoom", "launch-event", "bob"],
      ["commerce.support-4711", "Private", "support-4711", "dave"],
      // A distinct channel is settled once every line is read: its members decide whether it is a group at all.
      ["messaging.distinct-0a12b9884ccb037a", "Private", undefined, "alice"],
    ]);
    expect(manifest!.groups[0]!.members).to.deep.equal({
      bob: { role: "Admin", joinTime: 1672737000 },
      carol: { joinTime: 1672819200 },
      dave: { joinTime: 1672905600 },
    });
    // Without a history file to write (as the example's Pulumi program converts), the messages are one line.
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "export.jsonl:2",
      "export.jsonl:15",
      "export.jsonl:6",
      "export.jsonl:29",
      "history",
    ]);
    expect(report.unmapped[4]!.reason).to.equal("5 messages: no history file was asked for (--history or -o)");
    expect(report.reconciliation.messages).to.deep.equal({ in: 5, mapped: 0, adjusted: 0, unmapped: 5, problems: 0 });

    const { lines } = await convertWithHistory(join(REPO_ROOT, "examples/stream-migration/export.jsonl"));
    expect(lines.map((m) => [m.conversation, m.id, m.from, m.time])).to.deep.equal([
      ["messaging.general", "msg_001", "alice", 1672736700],
      ["messaging.general", "msg_002", "bob", 1672736760],
      ["messaging.general", "msg_003", "carol", 1672823730],
      ["commerce.support-4711", "msg_005", "dave", 1683266460],
      // A distinct channel's messages wait until its members say whether it is a group.
      ["messaging.distinct-0a12b9884ccb037a", "msg_004", "li-wei", 1672835400],
    ]);
    expect(lines[2]).to.deep.include({
      body: [
        { type: "text", text: "Slides from the kickoff" },
        { type: "file", url: "https://cdn.example.com/files/kickoff.pdf", name: "kickoff.pdf", size: 482133, mimeType: "application/pdf" },
      ],
      replyTo: "msg_001",
      edited: 1672824000,
    });
    expect(lines[3]!.body).to.deep.equal([
      { type: "file", url: "https://cdn.example.com/uploads/receipt-4711.jpg", name: "receipt-4711.jpg" },
    ]);
  });

  it("writes the history: messages before their channels and users, channel, distinct-group and 1:1 conversations, UUID authors, RFC 3339 times, files, replies, quotes, edits", async () => {
    const uuid = "aad24491-c286-4169-bbfc-9280de419cb6";
    const mapped = uuid.replaceAll("-", "");
    const general = { channel_id: "general" };
    const trio = { channel_member_ids: ["alice", "bob", "carol"] };
    const pair = { channel_member_ids: ["alice", uuid] };
    const at = { created_at: "2023-01-02T12:00:00Z" };
    const path = join(
      folderWith({
        "export.jsonl": jsonl(
          // Messages first, users last: Stream files come in any order.
          message("m1", general, uuid, { text: "first", created_at: "2023-01-02T10:00:00.750+02:00" }),
          {
            type: "message",
            data: {
              id: "m2",
              channel_type: "messaging",
              channel_id: "general",
              user_id: "alice",
              type: "reply",
              parent_id: "m1",
              show_in_channel: true,
              text: "see attached",
              created_at: "2023-01-02T09:00:00Z",
              attachments: [
                {
                  type: "file",
                  asset_url: "https://cdn.example.com/f/r.pdf",
                  title: "Q3 report.pdf",
                  file_size: 1024,
                  mime_type: "application/pdf",
                },
                { type: "image", image_url: "https://cdn.example.com/i/Q3%20plan.png?w=100", thumb_url: "https://cdn.example.com/i/t.png" },
                { type: "giphy", title: "cat", title_link: "https://giphy.com/gifs/cat-1", thumb_url: "https://media.giphy.com/cat.gif" },
                { type: "text", text: "no URL at all" },
              ],
            },
          },
          message("m3", general, "bob", {
            text: "quoting",
            quoted_message_id: "m1",
            created_at: "2023-01-02T09:30:00.5Z",
            updated_at: "2023-01-02T11:00:00-01:00",
          }),
          message("m4", general, "bob", {
            text: "same second",
            created_at: "2023-01-03T00:00:00.2Z",
            updated_at: "2023-01-03T00:00:00.999999Z",
          }),
          message("m5", general, "bob", { type: "deleted", text: "", ...at, deleted_at: "2023-01-02T13:00:00Z" }),
          message("m6", general, "bob", { text: "oops", ...at, deleted_at: "2023-01-02T13:00:00Z" }),
          message("m7", general, "bob", { type: "system", text: "bob joined", ...at }),
          message("m8", general, "bob", { type: "error", text: "no such command", ...at }),
          message("m9", general, "bob", { type: "ephemeral", text: "/giphy cat", ...at }),
          message("m10", trio, "carol", { text: "three of us", created_at: "2023-01-03T08:00:00Z" }),
          message("m11", pair, uuid, { text: "psst", created_at: "2023-01-03T12:00:00Z" }),
          message("m12", pair, "bob", { text: "not my conversation", ...at }),
          message("m13", general, "alice", {
            text: "read https://example.com/post",
            created_at: "2023-01-04T00:00:00Z",
            attachments: [{ type: "article", og_scrape_url: "https://example.com/post", title: "A post" }],
          }),
          { type: "reaction", data: { message_id: "m1", type: "like", user_id: "bob", created_at: "2023-01-02T09:00:00Z" } },
          channel("messaging", "general", "alice", { created_at: "2023-01-01T00:00:00Z" }),
          member("messaging", "general", "bob"),
          { type: "channel", data: { type: "messaging", member_ids: trio.channel_member_ids, created_by: "alice" } },
          { type: "channel", data: { type: "messaging", member_ids: pair.channel_member_ids, created_by: "alice" } },
          user("alice"),
          user("bob"),
          user("carol"),
          user(uuid),
        ),
      }),
      "export.jsonl",
    );
    const { manifest, report, lines, history } = await convertWithHistory(path);
    expect(report.problems).to.deep.equal([]);
    const trioKey = manifest!.groups.find((g) => g.key.startsWith("messaging.distinct-"))!.key;
    expect(lines).to.deep.equal([
      // The author's UUID is the UserID it was given; 08:00:00.750Z is 1672646400.
      { conversation: "messaging.general", id: "m1", from: mapped, time: 1672646400, body: [{ type: "text", text: "first" }] },
      {
        conversation: "messaging.general",
        id: "m2",
        from: "alice",
        time: 1672650000,
        // A link preview is its link in the text; an attachment without a URL is left out (reported).
        body: [
          { type: "text", text: "see attached\nhttps://giphy.com/gifs/cat-1" },
          { type: "file", url: "https://cdn.example.com/f/r.pdf", name: "Q3 report.pdf", size: 1024, mimeType: "application/pdf" },
          { type: "file", url: "https://cdn.example.com/i/Q3%20plan.png?w=100", name: "Q3 plan.png" },
        ],
        replyTo: "m1",
      },
      // A quote is a reply too; updated_at after created_at is an edit (12:00:00Z).
      {
        conversation: "messaging.general",
        id: "m3",
        from: "bob",
        time: 1672651800,
        body: [{ type: "text", text: "quoting" }],
        replyTo: "m1",
        edited: 1672660800,
      },
      // Updated within the second it was written: not an edit.
      { conversation: "messaging.general", id: "m4", from: "bob", time: 1672704000, body: [{ type: "text", text: "same second" }] },
      {
        conversation: "messaging.general",
        id: "m13",
        from: "alice",
        time: 1672790400,
        body: [{ type: "text", text: "read https://example.com/post" }],
      },
      { conversation: trioKey, id: "m10", from: "carol", time: 1672732800, body: [{ type: "text", text: "three of us" }] },
      // A distinct channel of two people is a 1:1 conversation: its messages are theirs.
      { conversation: ["alice", mapped], id: "m11", from: mapped, time: 1672747200, body: [{ type: "text", text: "psst" }] },
    ]);
    expect(history).to.deep.equal({ path: history!.path, messages: 7 });
    const unmapped = Object.fromEntries(report.unmapped.map((i) => [i.reason, i.count ?? 1]));
    expect(unmapped).to.deep.include({
      "a deleted message (type deleted, or deleted_at): Stream no longer shows it; left out": 2,
      "a system message (an event Stream wrote into the channel, not a person's message): left out": 1,
      "an error message (a failed command, shown only to its sender): left out": 1,
      "an ephemeral message (a command's preview shown only to its sender, never sent): left out": 1,
      "a message from bob, who is not one of the 1:1 conversation's two people (alice, aad24491-c286-4169-bbfc-9280de419cb6): left out": 1,
      "a text attachment without a URL (asset_url, image_url, thumb_url): left out of the message": 1,
      "1 reaction line(s): reactions have no counterpart in Tencent's history import; the messages are imported without them": 1,
    });
    // 13 message lines: 3 written as they were; 2 written from a mapped UserID and 2 without a link card or an
    // unusable attachment, adjusted; 6 left out.
    expect(report.reconciliation.messages).to.deep.equal({ in: 13, mapped: 3, adjusted: 4, unmapped: 6, problems: 0 });
  });

  it("reads the history of Stream's legacy array (users last, a UUID author, a video's legacy url) and its documented JSON Lines", async () => {
    const legacy = await convertWithHistory(join(REPO_ROOT, "test/fixtures/exports/stream-legacy.json"));
    expect(legacy.lines).to.deep.equal([
      {
        conversation: "livestream.6e693c74-262d-4d3d-8846-686364c571c8",
        id: "977e691a-c091-4e3b-8f70-ba8944a3e500",
        from: "aad24491c2864169bbfc9280de419cb6",
        time: 1485914400,
        body: [
          { type: "text", text: "Such a great song, check out my solo at 2:25" },
          { type: "file", url: "https://www.youtube.com/watch?v=flgUbBtjl9c", name: "watch" },
        ],
      },
    ]);
    const docs = await convertWithHistory(join(REPO_ROOT, "test/fixtures/exports/stream-docs.jsonl"));
    expect(docs.lines.map((m) => [m.id, m.from, m.time, m.replyTo])).to.deep.equal([
      ["message_001", "user_001", 1485914400, undefined],
      ["message_002", "user_002", 1485914700, "message_001"],
    ]);
    for (const { report } of [legacy, docs]) expect(report.reconciliation.messages).to.deep.include({ problems: 0, unmapped: 0 });
  });

  it("refuses a message line without its id, author or channel, or with a time that is not one, counted as messages", async () => {
    const { manifest, report } = await convert(
      jsonl(
        user("a"),
        channel("messaging", "c", "a"),
        { type: "message", data: { channel_type: "messaging", channel_id: "c", user: "a", text: "x", created_at: "2023-01-01T00:00:00Z" } },
        { type: "message", data: { id: "m2", channel_type: "messaging", channel_id: "c", text: "x", created_at: "2023-01-01T00:00:00Z" } },
        { type: "message", data: { id: "m3", channel_type: "messaging", user: "a", text: "x" } },
        message("m4", { channel_id: "c" }, "a", { text: "x", created_at: "yesterday" }),
        message("m5", { channel_id: "c" }, "a", { text: "no time" }),
        message("m6", { channel_id: "c" }, "a", { text: "", created_at: "2023-01-01T00:00:00Z" }),
      ),
    );
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:3 message.id is required",
      "export.jsonl:4 message.user is required (the author's user ID)",
      "export.jsonl:5 message needs channel_type and exactly one of channel_id and channel_member_ids",
      `export.jsonl:6 created_at: "yesterday" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
    ]);
    expect(report.unmapped.map((i) => `${i.source} ${i.reason}`)).to.include.members([
      "export.jsonl:7 a message without created_at: its time is not known; left out",
      "export.jsonl:8 a message with no text and no attachment with a URL: nothing to import; left out",
    ]);
    expect(report.reconciliation.messages).to.deep.equal({ in: 6, mapped: 0, adjusted: 0, unmapped: 2, problems: 4 });
  });

  it('reads the older "item" envelope and the schema\'s channel_member type, and maps types through typeMap', async () => {
    const content = jsonl(
      { type: "user", item: { id: "a" } },
      user("b"),
      channel("livestream", "live", "a"),
      channel("support", "s1", "a"),
      channel("support", "s2", "b"),
      { type: "channel_member", data: { channel_type: "livestream", channel_id: "live", user_id: "b", is_moderator: true } },
      member("support", "s1", "b", { channel_role: "agent" }),
    );
    const { manifest, report } = await convert(content);
    expect(manifest!.groups.map((g) => g.type)).to.deep.equal(["ChatRoom", "Private", "Private"]);
    expect(manifest!.groups[0]!.members).to.deep.equal({ b: { role: "Admin" } });
    // The creators of all three channels are not members of them: one grouped line, as from-slack says it.
    expect(report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:4", "export.jsonl:7", "export.jsonl:3"]);
    expect(report.adjusted[2]).to.deep.include({
      count: 3,
      reason: "creator a is not a member of livestream.live; imported without an owner",
    });
    expect(report.adjusted[0]!.reason).to.include(
      `channel type "support" is not one of Stream's built-in types; its channels are imported as Private groups`,
    );
    const mapped = await convert(content, { typeMap: { support: "Public", livestream: "Public" } });
    expect(mapped.manifest!.groups.map((g) => [g.type, g.applyJoinOption])).to.deep.equal([
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
    ]);
    expect(mapped.report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:7", "export.jsonl:3"]);
  });

  it("reports every broken line at once with its line number, and writes no manifest", async () => {
    const content = `${jsonl(
      user("a"),
      { type: "user", data: {} },
      { data: { id: "x" } },
      { type: "user" },
      { type: "poll", data: {} },
      { type: "channel", data: { type: "messaging", id: "c" } },
      { type: "channel", data: { type: "messaging", created_by: "a" } },
      channel("messaging", "ok", "a", { created_at: "last tuesday" }),
      { type: "member", data: { channel_type: "messaging", channel_id: "ok", channel_member_ids: ["a"], user_id: "a" } },
    )}not json\n`;
    const { manifest, report } = await convert(content);
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:2 user.id is required",
      `export.jsonl:3 has no "type"`,
      `export.jsonl:4 has no "data" object`,
      `export.jsonl:5 type "poll" is not one of this format's (user, channel, member, message, reaction, device, future_channel_ban)`,
      "export.jsonl:6 channel.created_by is required",
      "export.jsonl:7 channel needs type and exactly one of id and member_ids",
      `export.jsonl:8 created_at: "last tuesday" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
      "export.jsonl:9 member needs channel_type and exactly one of channel_id and channel_member_ids",
      `export.jsonl:10 not valid JSON: Unexpected token 'o', "not json" is not valid JSON`,
    ]);
  });

  it("turns a channel with more members than a group holds into a Community, and leaves out members of unknown users", async () => {
    const users = Array.from({ length: LIMITS.maxMemberCount + 1 }, (_, i) => user(`u${i}`));
    const members = users.map((_, i) => member("livestream", "stadium", `u${i}`));
    const { manifest, report } = await convert(
      jsonl(...users, channel("livestream", "stadium", "u0"), ...members, member("livestream", "stadium", "ghost")),
    );
    expect(manifest!.groups[0]).to.deep.include({ type: "Community", groupId: "@TGS#_stadium", ownerAccount: "u0" });
    expect(Object.keys(manifest!.groups[0]!.members)).to.have.length(LIMITS.maxMemberCount);
    expect(report.unmapped.map((i) => i.reason)).to.deep.equal(["user ghost is not declared; membership of livestream.stadium left out"]);
  });

  it("takes lines in any order: users last, as the legacy documentation example writes them, keeps memberships and owners", async () => {
    const { manifest, report } = await convert(
      jsonl(
        channel("messaging", "general", "alice", { created_at: "2023-01-01T00:00:00Z" }),
        member("messaging", "general", "alice", { created_at: "2023-01-02T00:00:00Z" }),
        member("messaging", "general", "bob", { is_moderator: true, created_at: "2023-01-03T00:00:00.52Z" }),
        user("bob"),
        user("alice", { name: "Alice" }),
      ),
    );
    expect(manifest!.groups[0]).to.deep.include({ ownerAccount: "alice", members: { bob: { role: "Admin", joinTime: 1672704000 } } });
    expect(report.unmapped).to.deep.equal([]);
    expect(report.reconciliation.memberships).to.deep.equal({ in: 2, mapped: 2, adjusted: 0, unmapped: 0, problems: 0 });
  });

  it("gives UUID user IDs (over Tencent's 32 bytes) a UserID without dashes, in accounts, members, owners and names built from members", async () => {
    const [a, b, c] = [
      "aad24491-c286-4169-bbfc-9280de419cb6",
      "6e693c74-262d-4d3d-8846-686364c571c8",
      "977e691a-c091-4e3b-8f70-ba8944a3e500",
    ];
    const { manifest, report } = await convert(
      jsonl(
        user(a, { name: "Jesse" }),
        user(b),
        user(c, { name: "Kim" }),
        channel("livestream", "circus", a, { name: "Rock'n Roll Circus" }),
        member("livestream", "circus", a, { is_moderator: true }),
        member("livestream", "circus", b),
        { type: "channel", data: { type: "messaging", member_ids: [a, b, c], created_by: a } },
      ),
    );
    const id = (uuid: string) => uuid.replaceAll("-", "");
    expect(Object.keys(manifest!.accounts).sort()).to.deep.equal([a, b, c].map(id).sort());
    expect(manifest!.groups[0]).to.deep.include({ ownerAccount: id(a), members: { [id(b)]: {} } });
    expect(manifest!.groups[1]).to.deep.include({ ownerAccount: id(a), name: truncateUtf8(`Jesse, ${id(b)}, Kim`, LIMITS.groupName) });
    expect(manifest!.userIdMap).to.deep.equal(Object.fromEntries([a, b, c].map((uuid) => [id(uuid), uuid])));
    expect(report.adjusted.find((i) => i.reason.includes("cannot be a Tencent UserID"))).to.deep.include({ count: 3 });
    expect(report.unmapped.map((i) => i.reason).join("\n")).not.to.include("not declared");
  });

  it("makes a distinct channel of its member_ids and its member lines together, named by the people it holds, each difference reported", async () => {
    const { manifest, report } = await convert(
      jsonl(
        user("userA", { name: "A" }),
        user("userB", { name: "B" }),
        user("userC", { name: "C" }),
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["userA", "userB"], user_id: "userC" } },
        { type: "channel", data: { type: "messaging", member_ids: ["userA", "userB"], created_by: "userA" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["userA", "userB"], user_id: "userA" } },
      ),
    );
    const group = manifest!.groups[0]!;
    expect(group.ownerAccount).to.equal("userA");
    expect(Object.keys(group.members).sort()).to.deep.equal(["userB", "userC"]);
    expect(group.name).to.equal("A, C, B");
    expect(report.adjusted.map((i) => i.reason)).to.include.members([
      "userB is in member_ids of messaging.distinct-2d1b5d7c1bd0fdc6 without a member line: imported as a member".replace(
        /distinct-\w+/,
        group.key.slice(10),
      ),
      "userC has a member line but is not in member_ids of messaging.distinct-2d1b5d7c1bd0fdc6: imported as a member".replace(
        /distinct-\w+/,
        group.key.slice(10),
      ),
    ]);
  });

  it("reports a 1:1 distinct channel and its member lines as a C2C conversation, as from-slack and from-mattermost do", async () => {
    const { manifest, report } = await convert(
      jsonl(
        user("a"),
        user("b"),
        { type: "channel", data: { type: "messaging", member_ids: ["a", "b"], created_by: "a" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["a", "b"], user_id: "a" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["a", "b"], user_id: "b" } },
      ),
    );
    expect(manifest!.groups).to.deep.equal([]);
    expect(report.unmapped.map((i) => [i.source, i.reason, i.count])).to.deep.equal([
      ["export.jsonl:3", "a 1:1 conversation is a C2C conversation in Tencent Chat, not a group (its messages go to the 1:1 history)", 1],
      ["export.jsonl:4", "a member of a 1:1 conversation", 2],
    ]);
    expect(report.reconciliation.memberships).to.deep.include({ in: 2, unmapped: 2 });
  });

  it("refuses an empty file instead of writing an empty manifest", async () => {
    for (const content of ["", "\n\n"]) {
      const { manifest, report } = await convert(content);
      expect(manifest).to.equal(undefined);
      expect(report.problems.map((p) => p.reason)).to.deep.equal(["holds no records: no users, no conversations; is it the right file?"]);
    }
  });

  it("property: exports in any order, with IDs of every length and alphabet and names with emoji and CJK, are accounted for and get valid, unique UserIDs", async () => {
    const dir = folderWith({});
    const userId = fc.oneof(
      fc.uuid(),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      fc.stringMatching(/^[a-z][a-z0-9_.-]{0,40}$/),
      fc.constantFrom("__proto__", "constructor", "a", "0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10"),
    );
    const name = fc.string({ unit: "grapheme", maxLength: 24 }).map((text) => `${text}群👨‍👩‍👧🇯🇵`);
    const exportOf = fc
      .record({
        users: fc.uniqueArray(fc.record({ id: userId, name }), { selector: (u) => u.id, minLength: 1, maxLength: 12 }),
        channels: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9_-]{1,20}$/), name }), { selector: (c) => c.id, maxLength: 4 }),
        picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
        distinct: fc.array(fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 5 }), { maxLength: 3 }),
      })
      .chain((data) => {
        const lines: object[] = [
          ...data.users.map((u) => user(u.id, { name: u.name })),
          ...data.channels.map((c) => channel("messaging", c.id, data.users[0]!.id, { name: c.name })),
        ];
        const seen = new Set<string>();
        for (const [c, u, ghost] of data.picks) {
          if (data.channels.length === 0) break;
          const who = ghost ? `ghost-${u}` : data.users[u % data.users.length]!.id;
          const where = data.channels[c % data.channels.length]!.id;
          if (seen.has(`${where} ${who}`)) continue;
          seen.add(`${where} ${who}`);
          lines.push(member("messaging", where, who));
        }
        const distinctSeen = new Set<string>();
        for (const people of data.distinct) {
          const ids = [...new Set(people.map((i) => data.users[i % data.users.length]!.id))];
          // One channel per member set: a second would be the same distinct channel declared twice.
          if (distinctSeen.has([...ids].sort().join("\u0000"))) continue;
          distinctSeen.add([...ids].sort().join("\u0000"));
          lines.push({ type: "channel", data: { type: "messaging", member_ids: ids, created_by: ids[0] } });
        }
        return fc
          .shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length })
          .map((shuffled) => ({ data, lines: shuffled }));
      });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(exportOf, async ({ data, lines }) => {
        run += 1;
        const path = join(dir, `e${run}.jsonl`);
        writeFileSync(path, jsonl(...lines));
        const { manifest, report } = await convertStreamExport(path, { now: NOW });
        for (const [kind, tally] of Object.entries(report.reconciliation)) {
          expect(tally.in, `${kind} ${JSON.stringify(tally)}`).to.equal(tally.mapped + tally.adjusted + tally.unmapped + tally.problems);
        }
        expect(report.reconciliation.users!.in).to.equal(data.users.length);
        expect(report.problems, JSON.stringify(report.problems)).to.deep.equal([]);
        const ids = Object.keys(manifest!.accounts);
        expect(ids).to.have.length(data.users.length);
        for (const id of ids)
          expect(id, id)
            .to.match(/^[\x20-\x7e]{1,32}$/)
            .and.not.equal("__proto__");
        // Every source ID is one UserID, and the map says which.
        const given = new Map(Object.entries(manifest!.userIdMap ?? {}).map(([to, from]) => [from, to]));
        const mapped = data.users.map((u) => given.get(u.id) ?? u.id);
        expect(new Set(mapped).size).to.equal(data.users.length);
        expect([...mapped].sort()).to.deep.equal([...ids].sort());
        for (const group of manifest!.groups) {
          for (const memberId of [...Object.keys(group.members), ...(group.ownerAccount ? [group.ownerAccount] : [])])
            expect(ids).to.include(memberId);
          expect(Buffer.byteLength(group.name)).to.be.within(1, LIMITS.groupName);
          expect(group.name).to.not.match(/\u200d$/);
        }
      }),
      { numRuns: 120, seed: 2026 },
    );
  });
});
