import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mappedUserId } from "../../../../provider/migration/sources/builder";
import { membersKey } from "../../../../provider/migration/sources/jsonl-export";
import { convertMattermostExport } from "../../../../provider/migration/sources/mattermost";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl, historyFile, readHistory } from "./temp-files";
import { zipWith, filesOf } from "./zip-fixtures";

const NOW = 1_700_000_000;
const EXAMPLE = join(REPO_ROOT, "examples/mattermost-migration/export.jsonl");
const convert = async (content: string, options = {}) =>
  convertMattermostExport(join(folderWith({ "export.jsonl": content }), "export.jsonl"), { now: NOW, ...options });
const version = { type: "version", version: 1 };
const text = (t: string) => [{ type: "text", text: t }];

describe("sources/mattermost (from-mattermost)", () => {
  it("converts the example: teams to Communities, open and private channels to Public and Private groups, group messages to Private groups", async () => {
    const { manifest, report } = await convertMattermostExport(EXAMPLE);
    expect(manifest!.accounts).to.deep.equal({
      alice: { nick: "Alice Ng" },
      "bob.k": { nick: "Bob Kim" },
      carol: { nick: "Carol Diaz" },
      "wang.fang": { nick: "王芳" },
    });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, Object.keys(g.members).sort().join(" ")])).to.deep.equal([
      ["team.engineering", "Community", "@TGS#_engineering", "alice bob.k wang.fang"],
      ["team.ops", "Community", "@TGS#_ops", "bob.k carol wang.fang"],
      ["engineering.town-square", "Public", "engineering.town-square", "alice bob.k wang.fang"],
      ["engineering.backend", "Public", "engineering.backend", "alice bob.k"],
      ["engineering.security-reviews", "Private", "engineering.security-reviews", "alice wang.fang"],
      ["ops.incidents", "Private", "ops.incidents", "bob.k carol wang.fang"],
      ["gm-c915341f9fddfe73", "Private", undefined, "alice bob.k wang.fang"],
    ]);
    const backend = manifest!.groups[3]!;
    expect(backend).to.deep.include({
      name: "Backend",
      introduction: "API and database work",
      notification: "Runbook: https://wiki.example.com/backend",
      applyJoinOption: "FreeAccess",
    });
    expect(backend.members.alice).to.deep.equal({ role: "Admin" });
    expect(manifest!.groups[0]!.members.alice).to.deep.equal({ role: "Admin" });
    expect(manifest!.groups[6]).to.deep.include({ name: "Alice Ng, Bob Kim, 王芳", notification: "Q2 planning" });
    expect(report.counts).to.deep.equal({ adjusted: 3, unmapped: 5, problems: 0 });
    expect(report.unmapped.map((i) => i.reason)).to.include.members([
      "1 reaction(s) on 1 message(s): Tencent's message import takes no reactions",
      "5 messages: no history file was asked for (--history or -o)",
    ]);
  });

  it("writes the example's history: channel posts and their replies to their groups, direct posts to the pair or the group", async () => {
    const path = historyFile();
    const { report, history } = await convertMattermostExport(EXAMPLE, { historyPath: path });
    expect(history).to.deep.equal({ path, messages: 5 });
    expect(readHistory(path)).to.deep.equal([
      { conversation: "engineering.backend", id: "1714550000000-alice", from: "alice", time: 1714550000, body: text("Deploy at 3pm") },
      {
        conversation: "engineering.backend",
        id: "1714550200000-bob.k",
        from: "bob.k",
        time: 1714550200,
        body: text("ack"),
        replyTo: "1714550000000-alice",
      },
      { conversation: "ops.incidents", id: "1714551000000-carol", from: "carol", time: 1714551000, body: text("Resolved") },
      { conversation: ["alice", "bob.k"], id: "1714560000000-bob.k", from: "bob.k", time: 1714560000, body: text("lunch?") },
      {
        conversation: "gm-c915341f9fddfe73",
        id: "1714560500000-wang.fang",
        from: "wang.fang",
        time: 1714560500,
        body: text("Agenda attached"),
      },
    ]);
    expect(report.reconciliation.messages).to.deep.equal({ in: 5, mapped: 5, adjusted: 0, unmapped: 0, problems: 0 });
    const topics = await convertMattermostExport(EXAMPLE, { channelsAsTopics: true, historyPath: historyFile() });
    expect(topics.history!.messages, "the backend channel became a topic: its post and reply are left out").to.equal(3);
    // Two groups without a creation time hold history: each is created before its first message (reported).
    expect(topics.report.counts).to.deep.equal({ adjusted: 5, unmapped: 5, problems: 0 });
    expect(topics.manifest!.groups.find((g) => g.key === "ops.incidents")!.createTime).to.equal(1714551000 - 1);
  });

  it("maps posts and direct posts to history: IDs from create_at and user (-2, -3 for repeats), replies, edits, senders through the UserID map", async () => {
    const path = historyFile();
    const zoe = mappedUserId("zoë");
    const post = (channel: string, user: string, message: string, createAt: number, extra: object = {}) => ({
      type: "post",
      post: { team: "acme", channel, user, message, props: {}, create_at: createAt, ...extra },
    });
    const directPost = (members: string[], user: string, message: string, createAt: number, extra: object = {}) => ({
      type: "direct_post",
      direct_post: { channel_members: members, user, message, props: {}, create_at: createAt, ...extra },
    });
    const lines = [
      version,
      { type: "team", team: { name: "acme", display_name: "Acme", type: "O" } },
      { type: "channel", channel: { team: "acme", name: "general", display_name: "General", type: "O" } },
      { type: "channel", channel: { team: "acme", name: "dev", display_name: "Dev", type: "P" } },
      ...["ann", "bob", "zoë"].map((username) => ({
        type: "user",
        user: { username, teams: [{ name: "acme", channels: [{ name: "general" }, { name: "dev" }] }] },
      })),
      // line 8:
      post("dev", "ann", "Plan", 1_700_000_000_123, {
        edit_at: 1_700_000_100_999,
        is_pinned: true,
        reactions: [
          { user: "bob", emoji_name: "+1", create_at: 1_700_000_001_000 },
          { user: "zoë", emoji_name: "heart", create_at: 1_700_000_002_000 },
        ],
        attachments: [{ path: "20231114/teams/noteam/channels/c1/users/u1/f1/plan.pdf" }],
        replies: [
          { user: "zoë", message: "ok", create_at: 1_700_000_200_000, edit_at: 0 },
          { user: "bob", type: "system_add_to_channel", message: "bob added zoë", create_at: 1_700_000_250_000 },
          { user: "bob", message: "", create_at: 1_700_000_260_000, attachments: [{ path: "x/y/z/photo.png" }] },
        ],
      }),
      post("dev", "bob", "same millisecond", 1_700_000_300_000),
      post("dev", "bob", "same millisecond again", 1_700_000_300_000),
      post("dev", "bob", "and a third", 1_700_000_300_000, {
        replies: [{ user: "ann", message: "threaded", create_at: 1_700_000_300_000 }],
      }),
      // line 12:
      post("dev", "bob", "bob joined the channel.", 1_700_000_400_000, { type: "system_join_channel" }),
      post("dev", "zoë", "zoë joined the channel.", 1_700_000_400_001, { type: "system_join_channel" }),
      post("general", "ann", "hello all", 1_700_000_500_000, { replies: [{ user: "bob", message: "hi", create_at: 1_700_000_500_500 }] }),
      post("gone", "ann", "where?", 1_700_000_600_000),
      post("dev", "bot", "", 1_700_000_700_000, { props: { attachments: [{ fallback: "Build 7 passed", text: "Build 7 passed" }] } }),
      // line 17:
      { type: "direct_channel", direct_channel: { members: ["ann", "zoë"] } },
      { type: "direct_channel", direct_channel: { members: ["ann", "bob", "zoë"] } },
      { type: "direct_channel", direct_channel: { members: ["bob", "bob"] } },
      directPost(["zoë", "ann"], "zoë", "hi ann", 1_700_001_000_000, { flagged_by: ["ann"] }),
      directPost(["ann", "zoë"], "ann", "hi back", 1_700_001_000_500),
      // line 22:
      directPost(["ann", "zoë"], "bob", "not my DM", 1_700_001_001_000),
      directPost(["zoë", "bob", "ann"], "bob", "group", 1_700_001_002_000, {
        replies: [{ user: "zoë", message: "yes", create_at: 1_700_001_003_000 }],
      }),
      directPost(["bob", "bob"], "bob", "self note", 1_700_001_004_000),
      // line 25: an integration's post: no message, its text in props.attachments.
      post("dev", "ann", "", 1_700_002_000_000, { props: { attachments: [{ fallback: "Build 7 passed", color: "#36a64f" }] } }),
    ];
    const { manifest, report, history } = await convert(jsonl(...lines), { historyPath: path });
    expect(manifest!.userIdMap).to.deep.equal({ [zoe]: "zoë" });
    const dev = "acme.dev";
    const group = membersKey("gm", ["ann", "bob", "zoë"]);
    expect(readHistory(path)).to.deep.equal([
      { conversation: dev, id: "1700000000123-ann", from: "ann", time: 1_700_000_000, body: text("Plan"), edited: 1_700_000_100 },
      { conversation: dev, id: "1700000200000-zoë", from: zoe, time: 1_700_000_200, body: text("ok"), replyTo: "1700000000123-ann" },
      { conversation: dev, id: "1700000300000-bob", from: "bob", time: 1_700_000_300, body: text("same millisecond") },
      { conversation: dev, id: "1700000300000-bob-2", from: "bob", time: 1_700_000_300, body: text("same millisecond again") },
      { conversation: dev, id: "1700000300000-bob-3", from: "bob", time: 1_700_000_300, body: text("and a third") },
      {
        conversation: dev,
        id: "1700000300000-ann",
        from: "ann",
        time: 1_700_000_300,
        body: text("threaded"),
        replyTo: "1700000300000-bob-3",
      },
      { conversation: "acme.general", id: "1700000500000-ann", from: "ann", time: 1_700_000_500, body: text("hello all") },
      {
        conversation: "acme.general",
        id: "1700000500500-bob",
        from: "bob",
        time: 1_700_000_500,
        body: text("hi"),
        replyTo: "1700000500000-ann",
      },
      { conversation: ["ann", zoe], id: "1700001000000-zoë", from: zoe, time: 1_700_001_000, body: text("hi ann") },
      { conversation: ["ann", zoe], id: "1700001000500-ann", from: "ann", time: 1_700_001_000, body: text("hi back") },
      { conversation: group, id: "1700001002000-bob", from: "bob", time: 1_700_001_002, body: text("group") },
      { conversation: group, id: "1700001003000-zoë", from: zoe, time: 1_700_001_003, body: text("yes"), replyTo: "1700001002000-bob" },
      { conversation: ["bob", "bob"], id: "1700001004000-bob", from: "bob", time: 1_700_001_004, body: text("self note") },
      { conversation: dev, id: "1700002000000-ann", from: "ann", time: 1_700_002_000, body: text("Build 7 passed") },
    ]);
    expect(history).to.deep.equal({ path, messages: 14 });
    // Adjusted: zoë's three messages (a sender given a UserID) and the message imported without its attachment. Left out: the system reply and the two system posts,
    // the reply with only an attachment, the post of an unknown channel, the bot's post (no account), the stranger's
    // direct post.
    expect(report.reconciliation.messages).to.deep.equal({ in: 21, mapped: 10, adjusted: 4, unmapped: 7, problems: 0 });
    const reasons = report.unmapped.map((i) => `${i.source}: ${i.reason}${i.count !== undefined && i.count > 1 ? ` (${i.count})` : ""}`);
    expect(reasons).to.include.members([
      "export.jsonl:12: a system message (system_join_channel), not one a person wrote: left out (2)",
      "export.jsonl:8 replies[1]: a system message (system_add_to_channel), not one a person wrote: left out",
      "export.jsonl:8 replies[2]: a message with no text, only 1 attachment(s) (files inside the export, not URLs): left out",
      "export.jsonl:8 data/20231114/teams/noteam/channels/c1/users/u1/f1/plan.pdf: an attachment is a file inside the export (data/<path>), not a URL a file element can link: the message is imported without it",
      "export.jsonl:22: a message from bob, who is not one of the conversation's two people: left out",
      "export.jsonl:8: 2 reaction(s) on 1 message(s): Tencent's message import takes no reactions",
      "export.jsonl:8: 1 pin(s) on 1 message(s): Tencent Chat has no pins to import",
      "export.jsonl:20: 1 flag(s) on 1 message(s): flags are each person's saved messages; Tencent's message import takes none",
      "export.jsonl:15: a message of acme.gone, which is not imported as a group: left out",
      "export.jsonl:16: a message from bot, who is not imported: left out",
    ]);

    const asTopics = await convert(jsonl(...lines), { historyPath: path, channelsAsTopics: true });
    const conversations = readHistory(path).map((m) => m.conversation);
    expect(conversations, "general is a topic now").to.not.include("acme.general");
    expect(conversations).to.have.length(12);
    expect(asTopics.report.unmapped.find((i) => i.source === "export.jsonl:14")).to.deep.include({
      reason:
        "a message of an open channel imported as a topic (--channels-as-topics): Tencent documents no import of a topic's messages; left out",
      count: 2,
      examples: ["export.jsonl:14", "export.jsonl:14 replies[0]"],
    });
    expect(asTopics.report.reconciliation.messages).to.deep.include({ in: 21, unmapped: 9 });
  });

  it("names a post without its fields as a problem, counting it and its replies, and writes no history", async () => {
    const path = historyFile();
    const { manifest, report, history } = await convert(
      jsonl(
        version,
        { type: "user", user: { username: "a" } },
        { type: "user", user: { username: "b" } },
        { type: "post", post: { team: "t", channel: "c", user: "a", message: "no time" } },
        { type: "post", post: { team: "t", user: "a", message: 5, create_at: 1, replies: [{ user: "b", message: "r", create_at: 2 }] } },
        { type: "direct_post", direct_post: { channel_members: ["a"], user: "a", message: "alone", create_at: 1 } },
        {
          type: "direct_post",
          direct_post: {
            channel_members: ["a", "b"],
            user: "a",
            message: "ok",
            create_at: 1,
            replies: [{ message: "who?", create_at: 2 }],
          },
        },
      ),
      { historyPath: path },
    );
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:4 post.create_at must be Unix milliseconds (found nothing)",
      "export.jsonl:5 post.channel is required",
      "export.jsonl:5 post.message is required (text)",
      "export.jsonl:6 direct_post.channel_members must list 2 to 8 usernames",
      "export.jsonl:7 replies[0] reply.user is required",
    ]);
    // 5 broken (a post, a post and its reply, a direct post, a reply), and the direct post that was fine: a
    // conversion with problems writes no history, so it is not imported either.
    expect(report.reconciliation.messages).to.deep.equal({ in: 6, mapped: 0, adjusted: 0, unmapped: 0, problems: 6 });
    expect(history).to.deep.equal({ path, messages: 0 });
    expect(existsSync(path)).to.equal(false);
  });

  it("converts mmctl's export zip with its history: a thread with an edit, attachments, a system post, a bot, group and self DMs", async () => {
    const path = historyFile();
    const zip = await zipWith(filesOf(join(REPO_ROOT, "test/fixtures/exports/mattermost-mmctl")), "export.zip");
    const { report, history } = await convertMattermostExport(zip, { channelsAsTopics: true, historyPath: path });
    expect(report.problems).to.deep.equal([]);
    const group = membersKey("gm", ["ashley.berry", "ron", "gail.guest"]);
    expect(readHistory(path).map((m) => [m.conversation, m.id, m.replyTo, m.edited])).to.deep.equal([
      ["acme.vendor-x", "1704153600000-gail.guest", undefined, undefined],
      ["acme.vendor-x", "1704240600000-ashley.berry", undefined, 1704240900],
      ["acme.vendor-x", "1704241200000-gail.guest", "1704240600000-ashley.berry", undefined],
      ["acme.vendor-x", "1704241800000-ashley.berry", "1704240600000-ashley.berry", undefined],
      [["ashley.berry", "ron"], "1704240000000-ron", undefined, undefined],
      [group, "1704326400000-gail.guest", undefined, undefined],
      [group, "1704327000000-ron", "1704326400000-gail.guest", undefined],
      [["ron", "ron"], "1704330000000-ron", undefined, undefined],
    ]);
    expect(history!.messages).to.equal(8);
    // Adjusted: the post imported without its attachment. Left out: the town-square post and its reply (a topic),
    // the system post, the reply with only an attachment, deploybot.
    expect(report.reconciliation.messages).to.deep.equal({ in: 13, mapped: 7, adjusted: 1, unmapped: 5, problems: 0 });
  });

  it("with channelsAsTopics, open channels become topics of their team's Community and their memberships its own", async () => {
    const { manifest } = await convertMattermostExport(EXAMPLE, { channelsAsTopics: true });
    const engineering = manifest!.groups.find((g) => g.key === "team.engineering")!;
    expect(engineering.supportTopic).to.equal(true);
    expect(engineering.topics).to.deep.equal([
      { key: "town-square", topicName: "Town Square" },
      {
        key: "backend",
        topicName: "Backend",
        introduction: "API and database work",
        notification: "Runbook: https://wiki.example.com/backend",
      },
    ]);
    expect(manifest!.groups.map((g) => g.key)).to.deep.equal([
      "team.engineering",
      "team.ops",
      "engineering.security-reviews",
      "ops.incidents",
      "gm-c915341f9fddfe73",
    ]);
  });

  it("needs the version line first, and reports every broken line at once", async () => {
    const noVersion = await convert(jsonl({ type: "team", team: { name: "t", display_name: "T", type: "O" } }));
    expect(noVersion.report.problems.map((p) => p.reason)).to.deep.equal([
      `the export must start with {"type":"version","version":1}; found team first`,
      `is empty: a bulk export starts with {"type":"version","version":1}`,
    ]);
    const { manifest, report } = await convert(
      jsonl(
        { type: "version", version: 2 },
        { type: "team", team: { display_name: "no name" } },
        { type: "channel", channel: { team: "t", name: "c", type: "X" } },
        { type: "user", user: { username: "a", teams: [{ roles: "team_user" }, { name: "t", channels: [{}] }] } },
        { type: "direct_channel", direct_channel: { members: ["a"] } },
        { type: "channel" },
        { type: "webhook", webhook: {} },
      ),
    );
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:1 version 2 is not the bulk format's version 1",
      "export.jsonl:2 team.name is required",
      `export.jsonl:3 channel.type "X" is not O (open) or P (private)`,
      "export.jsonl:4 a: a team membership without a name",
      "export.jsonl:4 a: a channel membership in t without a name",
      "export.jsonl:5 direct_channel.members must list 2 to 8 usernames",
      `export.jsonl:6 has no "channel" object`,
      `export.jsonl:7 type "webhook" is not one of this format's (version, team, channel, user, direct_channel, post, direct_post, emoji, scheme, role, bot)`,
    ]);
    expect(report.unmapped.map((i) => i.reason)).to.deep.equal(["group team.t is not declared; membership of a left out"]);
  });

  it("reads a direct channel's participants (newer exports) and leaves out memberships of channels it does not know", async () => {
    const { manifest, report } = await convert(
      jsonl(
        version,
        { type: "team", team: { name: "t", display_name: "T", type: "O" } },
        { type: "user", user: { username: "a", teams: [{ name: "t", channels: [{ name: "gone" }] }] } },
        { type: "user", user: { username: "b" } },
        { type: "user", user: { username: "c" } },
        { type: "direct_channel", direct_channel: { participants: [{ username: "a" }, { username: "b" }, { username: "c" }] } },
      ),
    );
    expect(manifest!.groups.map((g) => Object.keys(g.members).join(" "))).to.deep.equal(["a", "a b c"]);
    expect(manifest!.groups[1]!.key).to.match(/^gm-[0-9a-f]{16}$/);
    expect(report.unmapped.map((i) => `${i.source} ${i.reason}`)).to.deep.equal([
      "export.jsonl:3 group t.gone is not declared; membership of a left out",
    ]);
  });

  it("imports guests as accounts of only the channels they were in, never as members of a community whose topics every member reads", async () => {
    const team = { type: "team", team: { name: "acme", display_name: "Acme", type: "O" } };
    const channels = [
      { type: "channel", channel: { team: "acme", name: "town-square", display_name: "Town Square", type: "O" } },
      { type: "channel", channel: { team: "acme", name: "clients", display_name: "Clients", type: "P" } },
    ];
    const guest = {
      type: "user",
      user: {
        username: "vendor",
        roles: "system_guest",
        teams: [{ name: "acme", roles: "team_guest", channels: [{ name: "clients", roles: "channel_guest" }] }],
      },
    };
    const staff = {
      type: "user",
      user: {
        username: "ann",
        roles: "system_user",
        teams: [
          {
            name: "acme",
            roles: "team_admin team_user",
            channels: [{ name: "town-square" }, { name: "clients", roles: "channel_admin channel_user" }],
          },
        ],
      },
    };
    const content = jsonl(version, team, ...channels, guest, staff);
    const asTopics = await convert(content, { channelsAsTopics: true });
    const [community, clients] = asTopics.manifest!.groups;
    expect(community!.topics.map((t) => t.key)).to.deep.equal(["town-square"]);
    expect(Object.keys(community!.members), "the guest would read every open channel as a topic").to.deep.equal(["ann"]);
    expect(Object.keys(clients!.members).sort()).to.deep.equal(["ann", "vendor"]);
    expect(asTopics.report.unmapped.map((i) => i.reason)).to.include(
      "guest vendor is not made a member of community team.acme: every member of a community reads all of its 1 topics, which a guest could not",
    );
    expect(asTopics.report.adjusted.map((i) => i.reason)).to.include(
      "vendor is a guest; Tencent Chat has no guest role: imported as an account that is a member of only the conversations it was in",
    );
    const asGroups = await convert(content);
    expect(Object.keys(asGroups.manifest!.groups[0]!.members).sort(), "a community without topics holds its team's guests").to.deep.equal([
      "ann",
      "vendor",
    ]);
  });

  it("reports 1:1 direct channels as one grouped line, and counts every line of the export", async () => {
    const users = ["a", "b", "c"].map((username) => ({ type: "user", user: { username } }));
    const dms = Array.from({ length: 12 }, () => ({ type: "direct_channel", direct_channel: { members: ["a", "b"] } }));
    const { manifest, report } = await convert(
      jsonl(version, ...users, ...dms, { type: "direct_channel", direct_channel: { members: ["a", "b", "c"] } }),
    );
    expect(manifest!.groups).to.have.length(1);
    const oneToOne = report.unmapped.filter((i) => i.reason.startsWith("a 1:1 conversation"));
    expect(oneToOne).to.have.length(1);
    expect(oneToOne[0]).to.deep.include({ count: 12 });
    expect(report.reconciliation["direct channels"]).to.deep.equal({ in: 12, mapped: 0, adjusted: 0, unmapped: 12, problems: 0 });
    expect(report.reconciliation.groups).to.deep.include({ in: 1, mapped: 1 });
  });
});
