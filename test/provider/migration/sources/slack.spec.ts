import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { conversationName, type HistoryMessage } from "../../../../provider/migration/history";
import { mappedUserId } from "../../../../provider/migration/sources/builder";
import { convertSlackExport } from "../../../../provider/migration/sources/slack";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, historyFile, readHistory } from "./temp-files";
import { treeWith, zipWith, filesOf } from "./zip-fixtures";

const NOW = 1_700_000_000;
const users = (...ids: string[]) => JSON.stringify(ids.map((id) => ({ id, name: id.toLowerCase() })));
const channel = (id: string, members: string[], extra: object = {}) => ({
  id,
  name: id.toLowerCase(),
  created: 1_600_000_000,
  creator: members[0],
  members,
  ...extra,
});
const convert = async (files: Record<string, unknown>, options: { historyPath?: string } = {}) =>
  convertSlackExport(
    treeWith(
      Object.fromEntries(
        Object.entries(files).map(([name, value]) => [
          name,
          typeof value === "string" || Buffer.isBuffer(value) ? value : JSON.stringify(value),
        ]),
      ),
    ),
    { now: NOW, ...options },
  );
const FIXTURES = join(REPO_ROOT, "test/fixtures/exports");

describe("sources/slack (from-slack)", () => {
  it("converts the example: nicks and avatars, channel types, purpose and topic, creators as owners, multi-party DMs named by their people", async () => {
    const { manifest, report } = await convertSlackExport(join(REPO_ROOT, "examples/slack-migration/export"));
    expect(manifest!.accounts.U02BOB).to.deep.equal({ nick: "Bob Builder", faceUrl: "https://avatars.slack-edge.com/bob_192.png" });
    expect(manifest!.accounts.U05DAVE, "an avatar URL over 500 bytes is left out, not cut").to.deep.equal({ nick: "Dave" });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, g.ownerAccount, g.applyJoinOption])).to.deep.equal([
      ["C01GENERAL", "Public", "C01GENERAL", "U01ALICE", "FreeAccess"],
      ["C02ENGINEERING", "Public", "C02ENGINEERING", "U02BOB", "FreeAccess"],
      ["C03OLD", "Public", "C03OLD", undefined, "FreeAccess"],
      ["G01LEADS", "Private", "G01LEADS", "U01ALICE", undefined],
      ["G02INCIDENTS", "Private", "G02INCIDENTS", "U05DAVE", undefined],
      ["G03MPDM", "Private", "G03MPDM", "U01ALICE", undefined],
    ]);
    const general = manifest!.groups[0]!;
    expect(general).to.include({
      introduction: "This channel is for team-wide communication and announcements.",
      notification: "Company-wide announcements 全员公告",
    });
    expect(Object.keys(general.members), "the owner is not also a member").to.deep.equal(["U02BOB", "U03WANG", "U05DAVE", "B01DEPLOY"]);
    expect(manifest!.groups[1]!.name).to.equal("engineering-platform-infrastru");
    expect(manifest!.groups[5]!.name, "named by its people's names as they show in Slack").to.equal("alice, Bob Builder, 王伟");
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "channels.json[0] C01GENERAL.pins",
      "channels.json[2] C03OLD.previous_names",
      "dms.json[0] D01AB",
      "general/2019-01-02.json[0]",
      "channels.json[2] C03OLD.members",
      "history",
    ]);
    expect(report.unmapped[4]!.reason).to.equal("user U99GHOST is not declared; membership of C03OLD left out");
    expect(report.unmapped[5]!.reason, "no history path: the messages are counted, not written").to.match(/^7 messages: no history file/);
    expect(report.reconciliation).to.deep.equal({
      // The deactivated user is imported, and counted as the report lists it: adjusted.
      users: { in: 6, mapped: 4, adjusted: 2, unmapped: 0, problems: 0 },
      groups: { in: 6, mapped: 4, adjusted: 2, unmapped: 0, problems: 0 },
      memberships: { in: 19, mapped: 18, adjusted: 0, unmapped: 1, problems: 0 },
      "1:1 DMs": { in: 1, mapped: 0, adjusted: 0, unmapped: 1, problems: 0 },
      messages: { in: 8, mapped: 0, adjusted: 0, unmapped: 8, problems: 0 },
    });
    expect(report.adjusted.map((i) => i.reason)).to.include.members([
      "creator U04CAROL is not a member of C03OLD; imported without an owner",
      `name "engineering-platform-infrastructure-team" is over 30 bytes; truncated to "engineering-platform-infrastru"`,
      "archived in Slack; Tencent has no archived state, imported as an active group",
    ]);
    expect(report.counts).to.deep.equal({ adjusted: 7, unmapped: 6, problems: 0 });
  });

  it("writes the example's history: a thread with a file and an edited reply, a bot's message, a DM, a non-ASCII channel folder", async () => {
    const path = historyFile();
    const { report, history } = await convertSlackExport(join(REPO_ROOT, "examples/slack-migration/export"), { historyPath: path });
    expect(history).to.deep.equal({ path, messages: 7 });
    expect(readHistory(path)).to.deep.equal([
      {
        conversation: ["U01ALICE", "U02BOB"],
        id: "1546873200.000100",
        from: "U02BOB",
        time: 1546873200,
        body: [{ type: "text", text: "Coffee at 3?" }],
      },
      {
        conversation: "C02ENGINEERING",
        id: "1546502400.000100",
        from: "U02BOB",
        time: 1546502400,
        body: [{ type: "text", text: "Staging is on the new cluster from today" }],
      },
      {
        conversation: "C01GENERAL",
        id: "1546420000.000200",
        from: "U01ALICE",
        time: 1546420000,
        body: [
          { type: "text", text: "Q1 plan attached; questions in the thread please" },
          {
            type: "file",
            url: "https://files.slack.com/files-pri/T01-F01PLAN/q1-plan.pdf",
            name: "q1-plan.pdf",
            size: 183244,
            mimeType: "application/pdf",
          },
        ],
      },
      {
        conversation: "C01GENERAL",
        id: "1546420600.000300",
        from: "U02BOB",
        time: 1546420600,
        body: [{ type: "text", text: "Does this include the migration to *Tencent Cloud Chat*?" }],
        replyTo: "1546420000.000200",
        edited: 1546420700,
      },
      {
        conversation: "C01GENERAL",
        id: "1546421000.000400",
        from: "U03WANG",
        time: 1546421000,
        body: [{ type: "text", text: "包括，第二阶段" }],
        replyTo: "1546420000.000200",
      },
      {
        conversation: "G02INCIDENTS",
        id: "1546761600.000100",
        from: "B01DEPLOY",
        time: 1546761600,
        body: [{ type: "text", text: "Rollback of build 311 finished" }],
      },
      {
        conversation: "G02INCIDENTS",
        id: "1546761900.000200",
        from: "U05DAVE",
        time: 1546761900,
        body: [{ type: "text", text: "Thanks, closing the incident" }],
      },
    ]);
    expect(report.reconciliation.messages).to.deep.equal({ in: 8, mapped: 7, adjusted: 0, unmapped: 1, problems: 0 });
    expect(report.unmapped.map((i) => i.source)).to.not.include("history");
  });

  it("maps every conversation's day files to history: IDs, senders through the UserID map, threads, edits, files; events and stubs reported", async () => {
    const path = historyFile();
    const m3 = mappedUserId("Ü3");
    const parent = "1600000100.000200";
    const day1 = [
      { type: "message", subtype: "channel_join", user: "U2", text: "<@U2> has joined the channel", ts: "1600000050.000001" },
      {
        type: "message",
        user: "U1",
        text: "Plan <@U2> &amp; notes",
        ts: parent,
        thread_ts: parent,
        reply_count: 3,
        reactions: [{ name: "+1", users: ["U2", "Ü3"], count: 2 }],
        files: [
          {
            id: "F1",
            name: "plan.pdf",
            title: "Plan",
            mimetype: "application/pdf",
            size: 1234,
            mode: "hosted",
            url_private: "https://files.slack.com/files-pri/T1-F1/plan.pdf?t=xoxe-1",
            permalink: "https://acme.slack.com/files/U1/F1/plan.pdf",
          },
          { id: "F2", title: "Notes", mode: "external", permalink: "https://acme.slack.com/files/U1/F2/notes" },
          { id: "F3", mode: "tombstone" },
        ],
      },
      {
        type: "message",
        user: "Ü3",
        text: "ok",
        ts: "1600000200.000300",
        thread_ts: parent,
        parent_user_id: "U1",
        edited: { user: "Ü3", ts: "1600000260.500000" },
      },
      {
        type: "message",
        subtype: "thread_broadcast",
        user: "U2",
        text: "also here",
        ts: "1600000300.000400",
        thread_ts: parent,
        root: { ts: parent },
      },
      {
        type: "message",
        subtype: "tombstone",
        user: "USLACKBOT",
        text: "This message was deleted.",
        hidden: true,
        ts: "1600000400.000500",
      },
      { type: "message", subtype: "message_deleted", hidden: true, deleted_ts: "1600000390.000100", ts: "1600000400.000600" },
      {
        type: "message",
        subtype: "channel_topic",
        user: "U1",
        topic: "t",
        text: "<@U1> set the channel topic: t",
        ts: "1600000450.000100",
      },
      { type: "message", subtype: "me_message", user: "U2", text: "waves", ts: "1600000500.000600" },
      { type: "message", subtype: "bot_message", bot_id: "B1", username: "deploy", text: "deployed", ts: "1600000600.000700" },
      {
        type: "message",
        subtype: "bot_message",
        bot_id: "B9",
        username: "Twitter",
        text: null,
        attachments: [{ fallback: "a tweet" }],
        ts: "1600000700.000800",
      },
      { type: "message", user: "U1", text: "same ts", ts: "1600000500.000600" },
      {
        type: "message",
        subtype: "file_share",
        user: "U1",
        username: "<@U1|ann>",
        upload: true,
        text: "<@U1|ann> uploaded a file: <https://acme.slack.com/files/U1/F4/diagram.png|Diagram>",
        file: {
          id: "F4",
          name: "diagram.png",
          title: "Diagram",
          mimetype: "image/png",
          size: 99,
          url_private: "https://files.slack.com/files-pri/T1-F4/diagram.png",
        },
        ts: "1600000800.000900",
      },
      { type: "message", user: "U2", text: "", files: [{ id: "F5", mode: "hidden_by_limit" }], ts: "1600000850.000100" },
      { type: "message", subtype: "channel_join", user: "U1", text: "<@U1> has joined the channel", ts: "1600000860.000100" },
      {
        type: "message",
        user: "U2",
        text: "",
        upload: true,
        files: [{ id: "F6", name: "photo.jpg", url_private: "https://files.slack.com/files-pri/T1-F6/photo.jpg" }],
        ts: "1600000900.001000",
        thread_ts: parent,
      },
      // A bot's message with its text in its attachments only: their plain-text fallback is its text.
      {
        type: "message",
        subtype: "bot_message",
        bot_id: "B1",
        text: "",
        attachments: [{ fallback: "build passed", color: "good" }],
        ts: "1600000950.000100",
      },
    ];
    const { manifest, report, history } = await convert(
      {
        "users.json": [
          { id: "U1", name: "ann" },
          { id: "U2", name: "bob" },
          { id: "Ü3", name: "zoe" },
          { id: "UBOT", name: "deploy", is_bot: true, profile: { real_name: "Deploy", bot_id: "B1" } },
        ],
        "channels.json": [channel("C1", ["U1", "U2", "Ü3", "UBOT"], { name: "general" })],
        "groups.json": [channel("G1", ["U1", "U2"], { name: "secret" })],
        "mpims.json": [channel("G2", ["U1", "U2", "Ü3"], { name: "mpdm-ann--bob--zoe-1" })],
        "dms.json": [
          { id: "D1", created: 1_600_000_000, members: ["U1", "Ü3"] },
          { id: "D2", created: 1_600_000_000, members: ["U2", "U2"] },
        ],
        // Written out of order: the day files are read by date.
        "general/2020-09-14.json": [{ type: "message", user: "U2", text: "later day", ts: "1600050000.000100", thread_ts: parent }],
        "general/2020-09-13.json": day1,
        "general/canvas_in_the_conversation.json": {},
        "general/attachments/F1-plan.pdf": "%PDF",
        "secret/2020-09-13.json": [{ type: "message", user: "U2", text: "private", ts: "1600001000.000100" }],
        "mpdm-ann--bob--zoe-1/2020-09-13.json": [{ type: "message", user: "Ü3", text: "group dm", ts: "1600002000.000100" }],
        "D1/2020-09-13.json": [
          { type: "message", user: "Ü3", text: "hi ann", ts: "1600003000.000100" },
          { type: "message", user: "U2", text: "not my DM", ts: "1600003001.000200" },
        ],
        "D2/2020-09-13.json": [{ type: "message", user: "U2", text: "self note", ts: "1600004000.000100" }],
        "stray/2020-09-13.json": [{ type: "message", user: "U1", text: "?", ts: "1600005000.000100" }],
        "stray/2020-09-14.json": "not even JSON",
      },
      { historyPath: path },
    );
    expect(manifest!.userIdMap).to.deep.equal({ [m3]: "Ü3" });
    const text = (t: string) => [{ type: "text", text: t }];
    expect(readHistory(path)).to.deep.equal([
      { conversation: ["U1", m3], id: "1600003000.000100", from: m3, time: 1600003000, body: text("hi ann") },
      { conversation: ["U2", "U2"], id: "1600004000.000100", from: "U2", time: 1600004000, body: text("self note") },
      {
        conversation: "C1",
        id: parent,
        from: "U1",
        time: 1600000100,
        body: [
          { type: "text", text: "Plan <@U2> &amp; notes" },
          {
            type: "file",
            url: "https://files.slack.com/files-pri/T1-F1/plan.pdf?t=xoxe-1",
            name: "plan.pdf",
            size: 1234,
            mimeType: "application/pdf",
          },
          { type: "file", url: "https://acme.slack.com/files/U1/F2/notes", name: "Notes" },
        ],
      },
      { conversation: "C1", id: "1600000200.000300", from: m3, time: 1600000200, body: text("ok"), replyTo: parent, edited: 1600000260 },
      { conversation: "C1", id: "1600000300.000400", from: "U2", time: 1600000300, body: text("also here"), replyTo: parent },
      { conversation: "C1", id: "1600000500.000600", from: "U2", time: 1600000500, body: text("waves") },
      { conversation: "C1", id: "1600000600.000700", from: "UBOT", time: 1600000600, body: text("deployed") },
      {
        conversation: "C1",
        id: "1600000800.000900",
        from: "U1",
        time: 1600000800,
        body: [
          { type: "text", text: "<@U1|ann> uploaded a file: <https://acme.slack.com/files/U1/F4/diagram.png|Diagram>" },
          {
            type: "file",
            url: "https://files.slack.com/files-pri/T1-F4/diagram.png",
            name: "diagram.png",
            size: 99,
            mimeType: "image/png",
          },
        ],
      },
      {
        conversation: "C1",
        id: "1600000900.001000",
        from: "U2",
        time: 1600000900,
        body: [{ type: "file", url: "https://files.slack.com/files-pri/T1-F6/photo.jpg", name: "photo.jpg" }],
        replyTo: parent,
      },
      { conversation: "C1", id: "1600000950.000100", from: "UBOT", time: 1600000950, body: text("build passed") },
      { conversation: "C1", id: "1600050000.000100", from: "U2", time: 1600050000, body: text("later day"), replyTo: parent },
      { conversation: "G2", id: "1600002000.000100", from: m3, time: 1600002000, body: text("group dm") },
      { conversation: "G1", id: "1600001000.000100", from: "U2", time: 1600001000, body: text("private") },
    ]);
    expect(history).to.deep.equal({ path, messages: 13 });
    // in = mapped + adjusted (a sender given a UserID, a message whose unlinkable file is left out) + not mapped (events, deletions, an unknown bot, a second ts,
    // a message left with nothing, a stranger in a DM); the stray folder is not read.
    expect(report.reconciliation.messages).to.deep.equal({ in: 22, mapped: 9, adjusted: 4, unmapped: 9, problems: 0 });
    const unmapped = (source: string) => report.unmapped.find((i) => i.source === source);
    expect(unmapped("general/2020-09-13.json[0]")).to.deep.include({
      reason: "a channel_join event of the conversation, not a message: left out",
      count: 2,
      examples: ["general/2020-09-13.json[0]", "general/2020-09-13.json[13]"],
    });
    expect(unmapped("general/2020-09-13.json[4]")!.reason).to.equal("a deleted message (its thread's placeholder, tombstone): left out");
    expect(unmapped("general/2020-09-13.json[5]")!.reason).to.equal("a message deletion event (message_deleted): left out");
    expect(unmapped("general/2020-09-13.json[6]")!.reason).to.equal("a channel_topic event of the conversation, not a message: left out");
    expect(unmapped("general/2020-09-13.json[9]")!.reason).to.equal(
      "a message of a bot that is not in users.json (no account to send it from): left out",
    );
    expect(unmapped("general/2020-09-13.json[10]")!.reason).to.equal(
      "ts 1600000500.000600 is a second message with the same ts in its conversation: left out",
    );
    expect(unmapped("general/2020-09-13.json[1].files[2]")!.reason).to.equal(
      "a deleted file (mode tombstone): no link to import, left out of its message",
    );
    expect(unmapped("general/2020-09-13.json[12].files[0]")!.reason).to.match(/hidden_by_limit/);
    expect(unmapped("general/2020-09-13.json[12]")!.reason).to.equal("a message with no text and no file to link: left out");
    expect(unmapped("D1/2020-09-13.json[1]")!.reason).to.equal("a message from U2, who is not one of the DM's two people: left out");
    expect(unmapped("general/2020-09-13.json[1]")!.reason).to.equal(
      "2 reaction(s) on 1 message(s): Tencent's message import takes no reactions",
    );
    expect(unmapped("stray/")!.reason).to.equal(
      "2 day file(s) of a conversation that is not in channels.json, groups.json, mpims.json or dms.json: its messages are left out",
    );
    expect(report.problems).to.deep.equal([]);
  });

  it("names a day file that does not read and a message that is not Slack's as problems, and writes no history", async () => {
    const path = historyFile();
    const { manifest, report, history } = await convert(
      {
        "users.json": users("U1"),
        "channels.json": [channel("C1", ["U1"], { name: "general" })],
        "general/2020-01-01.json": '[{"type": "message", "ts": "1600000000.000100"',
        "general/2020-01-02.json": Buffer.from('[{"type":"message","user":"U1","text":"Jos\xe9","ts":"1600000000.000200"}]', "latin1"),
        "general/2020-01-03.json": { messages: [] },
        "general/2020-01-04.json": [
          { type: "message", user: "U1", text: "no ts" },
          { type: "message", user: "U1", text: "fine", ts: "1600000000.000300" },
        ],
      },
      { historyPath: path },
    );
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => p.source)).to.deep.equal([
      "general/2020-01-01.json",
      "general/2020-01-02.json",
      "general/2020-01-03.json",
      "general/2020-01-04.json[0]",
    ]);
    expect(report.problems[0]!.reason).to.match(/line \d+ column \d+/);
    expect(report.problems[1]!.reason).to.match(/^line 1: invalid UTF-8 at byte \d+ \(0xE9\)/);
    expect(report.problems[2]!.reason).to.equal("is not a list of Slack messages (found object)");
    expect(report.problems[3]!.reason).to.equal("ts: Invalid input: expected string, received undefined");
    expect(report.reconciliation.messages).to.deep.equal({ in: 2, mapped: 0, adjusted: 0, unmapped: 0, problems: 2 });
    expect(history).to.deep.equal({ path, messages: 0 });
    expect(existsSync(path), "a failed conversion leaves no history").to.equal(false);
  });

  it("converts the real-tool fixtures with their history: Slack's 2016 zip (file_share, bots, a self-DM) and slackdump's folder (threads)", async () => {
    const zipped = historyFile();
    const slack2016 = await convertSlackExport(await zipWith(filesOf(join(FIXTURES, "slack-2016")), "Acme Slack export Mar 1 2016.zip"), {
      historyPath: zipped,
    });
    expect(slack2016.report.problems).to.deep.equal([]);
    const row = (m: HistoryMessage) => [
      conversationName(m.conversation),
      m.id,
      m.from,
      m.body.map((e) => e.type).join("+"),
      m.replyTo,
      m.edited,
    ];
    expect(readHistory(zipped).map(row)).to.deep.equal([
      ["U061A1R2R|U061A3E0G", "1456826500.000004", "U061A1R2R", "text", undefined, undefined],
      ["U064KUGRJ|U064KUGRJ", "1456913300.000002", "U064KUGRJ", "text", undefined, undefined],
      ["C061A0WJG", "1456826460.000003", "U061A1R2R", "text", undefined, undefined],
      ["C061A0WJG", "1456826520.000004", "U061A1R2R", "text+file", undefined, undefined],
      ["C061A0WJG", "1456912900.000002", "U061A3E0G", "text", undefined, 1456912950],
      ["C061A0WJG", "1456913100.000004", "U061A5N1G", "text", undefined, undefined],
      ["G9HBG2A5D", "1519833700.000100", "U061A5N1G", "text", undefined, undefined],
      ["C0G9QF9GZ", "1456830000.000002", "B0EKY1Y4N", "text", undefined, undefined],
      ["C0G9QF9GZ", "1456830200.000004", "U061A3E0G", "text", undefined, undefined],
    ]);
    // The channel_join, channel_topic and pinned_item events, the Twitter bot (not in users.json), and the Slack
    // Connect user U0SHARED1 (not in users.json either).
    expect(slack2016.report.reconciliation.messages).to.deep.equal({ in: 14, mapped: 9, adjusted: 0, unmapped: 5, problems: 0 });
    expect(slack2016.report.unmapped.map((i) => i.reason)).to.include("a message from U0SHARED1, who is not imported: left out");

    const folder = historyFile();
    const slackdump = await convertSlackExport(join(FIXTURES, "slackdump"), { historyPath: folder });
    expect(slackdump.report.problems).to.deep.equal([]);
    expect(readHistory(folder).map(row)).to.deep.equal([
      ["U01ABCDEF12|U01ZZZZZZ99", "1612310400.000100", "U01ZZZZZZ99", "text", undefined, undefined],
      ["U01ABCDEF12|U01ZZZZZZ99", "1612310460.000200", "U01ABCDEF12", "text", undefined, undefined],
      ["C01GENERAL1", "1612137900.000200", "U01ABCDEF12", "text+file", undefined, undefined],
      ["C01GENERAL1", "1612138000.000400", "U01ABCDEF12", "text", undefined, undefined],
      ["C01GENERAL1", "1612138100.000500", "U01ZZZZZZ99", "text", "1612138000.000400", 1612138160],
      ["C01GENERAL1", "1612224100.000200", "W012A3CDE", "text", "1612138000.000400", undefined],
    ]);
    expect(readHistory(folder)[5]!.body, "Go's \\u0026 is an &").to.deep.equal([{ type: "text", text: "Checklist is final & signed off" }]);
    expect(slackdump.report.reconciliation.messages).to.deep.equal({ in: 9, mapped: 6, adjusted: 0, unmapped: 3, problems: 0 });
  });

  it("fits channels over a group's member limit: a larger maxMemberCount up to 6,000, a Community beyond", async () => {
    const ids = Array.from({ length: 6_001 }, (_, i) => `U${i}`);
    const { manifest, report } = await convert({
      "users.json": users(...ids),
      "channels.json": [channel("CBIG", ids), channel("CMID", ids.slice(0, 2_500))],
      "groups.json": [channel("GBIG", ids)],
    });
    const [big, mid, privateBig] = manifest!.groups;
    expect(big).to.include({ type: "Community", groupId: "@TGS#_CBIG", ownerAccount: "U0" });
    expect(big!.applyJoinOption, "a Community has no join option").to.equal(undefined);
    expect(Object.keys(big!.members)).to.have.length(6_000);
    expect(mid).to.include({ type: "Public", groupId: "CMID", maxMemberCount: 2_500 });
    expect(privateBig).to.include({ type: "Community", groupId: "@TGS#_GBIG" });
    expect(report.adjusted.map((i) => i.reason)).to.include("6001 members exceed the 6000 a Public group holds; imported as a Community");
  });

  it("gives users Tencent cannot take a valid UserID, used in every membership, and reports each", async () => {
    const long = "U".repeat(33);
    const { manifest, report } = await convert({
      "users.json": users("U1", "Ü2", long),
      "channels.json": [channel("C1", ["U1", "Ü2", long])],
    });
    const map = manifest!.userIdMap!;
    expect(Object.values(map).sort()).to.deep.equal([long, "Ü2"].sort());
    expect(Object.keys(manifest!.accounts).sort()).to.deep.equal(["U1", ...Object.keys(map)].sort());
    expect(Object.keys(manifest!.groups[0]!.members).sort()).to.deep.equal(Object.keys(map).sort());
    expect(report.unmapped).to.deep.equal([]);
    expect(report.adjusted.find((i) => i.reason.includes("cannot be a Tencent UserID"))).to.deep.include({ count: 2 });
  });

  it("writes no manifest when the export has problems, and names each", async () => {
    const { manifest, report } = await convert({
      "users.json": users("U1"),
      "channels.json": [channel("C1", ["U1"], { created: NOW + 60 }), channel("C2", ["U1"], { name: "   " })],
    });
    expect(manifest).to.equal(undefined);
    expect(report.problems).to.deep.equal([
      { source: "channels.json[0] C1", reason: `createTime must not be in the future (got ${NOW + 60}, now ${NOW})` },
      { source: "channels.json[1] C2", reason: "the group has no name" },
    ]);
  });

  it("names every record of a list that is not Slack's, each with its index and fields, and reads the others", async () => {
    const { manifest, report } = await convert({
      "users.json": [{ name: "no id" }, { id: "U1" }, { id: 7, deleted: "yes" }],
      "channels.json": [{ id: "C1", created: "yesterday", members: ["U1"] }, channel("C2", ["U1"])],
    });
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source}: ${p.reason}`)).to.deep.equal([
      "users.json[0]: id: Invalid input: expected string, received undefined",
      "users.json[2]: id: Invalid input: expected string, received number; deleted: Invalid input: expected boolean, received string",
      "channels.json[0] C1: created: Invalid input",
    ]);
    expect(report.reconciliation.users).to.deep.include({ in: 3, problems: 2, mapped: 1 });
  });

  it("reads shapes other tools write: created as text (2016 exports), members and whole lists as null (slackdump), a BOM, absent optional lists", async () => {
    const { manifest, report } = await convert({
      "users.json": `\uFEFF${users("U1", "U2")}`,
      "channels.json": [
        { ...channel("C1", ["U1", "U2"]), created: "1433558319", topic: { value: "t", creator: "", last_set: "0" } },
        { ...channel("C2", []), members: null, creator: "U1" },
      ],
      "groups.json": "null",
      "mpims.json": [{ id: "G1", name: "mpdm-u1--u2-1", created: 1546732800, creator: "U1", members: null }],
    });
    expect(report.problems).to.deep.equal([]);
    expect(manifest!.groups.map((g) => [g.key, g.createTime, Object.keys(g.members).length])).to.deep.equal([
      ["C1", 1433558319, 1],
      ["C2", 1600000000, 0],
    ]);
    expect(report.reconciliation["group DMs"]).to.deep.equal({ in: 1, mapped: 0, adjusted: 0, unmapped: 1, problems: 0 });
  });

  it("reads the export's .zip as its folder, also with the folder zipped one level up, and says which folder it read", async () => {
    const files = { "users.json": users("U1", "U2", "U3"), "channels.json": JSON.stringify([channel("C1", ["U1", "U2"])]) };
    const atRoot = await convertSlackExport(await zipWith({ ...files, "general/2024-01-02.json": "[]" }), { now: NOW });
    expect(atRoot.manifest!.groups.map((g) => g.key)).to.deep.equal(["C1"]);
    const wrapped = await convertSlackExport(
      await zipWith({
        "My Workspace Slack export/users.json": files["users.json"],
        "My Workspace Slack export/channels.json": files["channels.json"],
      }),
      { now: NOW },
    );
    expect(wrapped.manifest!.groups.map((g) => g.key)).to.deep.equal(["C1"]);
    expect(wrapped.report.adjusted.map((i) => i.reason).join("\n")).to.include("My Workspace Slack export");
    const above = treeWith({ "slack/users.json": files["users.json"], "slack/channels.json": files["channels.json"] });
    expect((await convertSlackExport(above, { now: NOW })).manifest!.groups).to.have.length(1);
  });

  it("refuses a path that is not a Slack export instead of writing an empty manifest: missing, empty, another folder", async () => {
    const missing = join(folderWith({}), "nowhere");
    await expectRejection(convertSlackExport(missing), `${missing} does not exist`);
    await expectRejection(convertSlackExport(folderWith({ "notes.txt": "hi" })), "does not look like a Slack export");
    const { manifest, report } = await convert({ "users.json": "[]", "channels.json": "[]" });
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => p.reason)).to.deep.equal(["holds no records: no users, no conversations; is it the right file?"]);
  });

  it("names the file and the line of a truncated or non-UTF-8 list", async () => {
    const truncated = await convert({
      "users.json": users("U1"),
      "channels.json": JSON.stringify([channel("C1", ["U1"])], null, 2).slice(0, 80),
    });
    expect(truncated.manifest).to.equal(undefined);
    expect(truncated.report.problems[0]!.source).to.equal("channels.json");
    expect(truncated.report.problems[0]!.reason).to.match(/line \d+ column \d+/);
    const latin1 = await convert({ "users.json": Buffer.from(`[{"id":"U1","real_name":"Jos\xe9"}]`, "latin1") });
    expect(latin1.report.problems[0]).to.deep.include({ source: "users.json" });
    expect(latin1.report.problems[0]!.reason).to.match(/^line 1: invalid UTF-8 at byte 28 \(0xE9\)/);
  });

  it("imports Slack's guests as accounts of only the channels they were in", async () => {
    const { manifest, report } = await convert({
      "users.json": [
        { id: "U1", name: "staff" },
        { id: "U2", name: "guest", is_restricted: true },
        { id: "U3", name: "single", is_ultra_restricted: true },
      ],
      "channels.json": [channel("C1", ["U1", "U2", "U3"])],
    });
    expect(Object.keys(manifest!.groups[0]!.members)).to.deep.equal(["U2", "U3"]);
    expect(report.adjusted.find((i) => i.reason.includes("is a guest"))).to.deep.include({ count: 2 });
  });
});

async function expectRejection(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.include(message);
    return;
  }
  expect.fail(`expected a rejection with "${message}"`);
}
