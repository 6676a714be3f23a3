import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { invoke } from "../../../provider/api/commands";
import { importAccounts, importMembers } from "../../../provider/api/operations";
import { type HistoryMessage, messageRandom, sendTimes, toMsgBody } from "../../../provider/migration/history";
import { splitHistory } from "../../../provider/migration/history-split";
import type { Manifest } from "../../../provider/migration/manifest";
import { verifyMigration } from "../../../provider/migration/verify";
import type { ImportedC2CHistoryInputs } from "../../../provider/resources/c2c-history/schema";
import { c2cMsgSeqs, importC2CHistory } from "../../../provider/resources/c2c-history/sync";
import { stableGroupId, stableTopicId } from "../../../provider/resources/stable-id";
import { emulatorClient } from "../../../tools/lib/local-stack";
import { emulatorContext } from "../../helpers/emulator-context";

const SCOPE = { project: "shop", stack: "prod" };

/** A manifest with a custom-ID group, a group whose ID is derived, and a topic-enabled community. */
function manifest(groups = 3): Manifest {
  const accounts: Manifest["accounts"] = { alice: { nick: "Alice" }, bob: {}, carol: { nick: "Carol" } };
  const all: Manifest["groups"] = [
    {
      key: "eng",
      type: "Private",
      name: "Engineering",
      groupId: "eng",
      ownerAccount: "alice",
      createTime: 1_600_000_000,
      members: { bob: { role: "Admin", joinTime: 1_600_000_100 }, carol: {} },
      topics: [],
    },
    { key: "lobby", type: "Public", name: "Lobby", members: { bob: {}, carol: {} }, topics: [] },
    {
      key: "hub",
      type: "Community",
      name: "Hub",
      groupId: "@TGS#_hub",
      supportTopic: true,
      members: { alice: {}, bob: {} },
      topics: [
        { key: "news", topicName: "News" },
        { key: "help", topicName: "Help", topicId: "@TGS#_hub@TOPIC#_help" },
      ],
    },
  ];
  for (let i = 3; i < groups; i += 1)
    all.push({ key: `g${i}`, type: "Private", name: `Group ${i}`, groupId: `g${i}`, members: { bob: {} }, topics: [] });
  return { accounts, groups: all };
}

/** Imports a manifest the way a plain script would (derived IDs as a batch derives them), to audit it afterwards. */
async function importByScript(emulator: RunningEmulator, m: Manifest): Promise<void> {
  const client = emulatorClient({ url: emulator.url, ...emulator.app });
  try {
    await importAccounts(
      client,
      Object.entries(m.accounts).map(([UserID, p]) => ({
        UserID,
        ...(p.nick !== undefined ? { Nick: p.nick } : {}),
        ...(p.faceUrl !== undefined ? { FaceUrl: p.faceUrl } : {}),
      })),
    );
    for (const g of m.groups) {
      const groupId = g.groupId ?? stableGroupId(g.key, g.type === "Community", SCOPE.project, SCOPE.stack);
      await invoke(client, "import_group", {
        Type: g.type,
        Name: g.name,
        GroupId: groupId,
        ...(g.ownerAccount ? { Owner_Account: g.ownerAccount } : {}),
        ...(g.createTime ? { CreateTime: g.createTime } : {}),
        ...(g.supportTopic ? { SupportTopic: 1 as const } : {}),
      });
      await importMembers(
        client,
        groupId,
        Object.entries(g.members).map(([Member_Account, s]) => ({
          Member_Account,
          ...(s.role === "Admin" ? { Role: "Admin" as const } : {}),
          ...(s.joinTime ? { JoinTime: s.joinTime } : {}),
        })),
        300,
      );
      for (const t of g.topics) {
        await invoke(client, "import_topic", {
          GroupId: groupId,
          TopicName: t.topicName,
          TopicId: t.topicId ?? stableTopicId(groupId, t.key, SCOPE.project, SCOPE.stack),
          From_Account: "alice",
        });
      }
    }
  } finally {
    await client.close();
  }
}

describe("verify: the go-live audit over the documented reads", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => emulator.close());
  const run = async (m: Manifest, extra: Partial<Parameters<typeof verifyMigration>[1]> = {}) => {
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      return await verifyMigration(m, { client, admin: "administrator", scope: SCOPE, ...extra });
    } finally {
      await client.close();
    }
  };

  it("reads everything back and finds no difference in a complete import, without touching the state", async () => {
    await importByScript(emulator, manifest());
    const before = JSON.stringify(emulator.store.state);
    const report = await run(manifest());
    expect(report.differences).to.deep.equal([]);
    expect(report.checked).to.deep.equal({ accounts: 3, groups: 3, members: 7, topics: 2, liveGroups: 3 });
    expect(JSON.stringify(emulator.store.state), "an audit changes nothing").to.equal(before);
    const reads = [...emulator.counters.keys()].sort();
    expect(reads).to.deep.equal([
      "account_check",
      "get_appid_group_list",
      "get_group_info",
      "get_group_member_info",
      "get_topic",
      "import_group",
      "import_group_member",
      "import_topic",
      "multiaccount_import",
      "portrait_get",
    ]);
  });

  it("finds each seeded missing, extra, duplicated and changed object, with counts", async () => {
    const m = manifest();
    await importByScript(emulator, m);
    const state = emulator.store.state;
    const lobby = stableGroupId("lobby", false, SCOPE.project, SCOPE.stack);
    delete state.accounts.carol; // missing account (and the memberships that name it stay)
    state.accounts.alice!.nick = "Alicia"; // changed profile
    delete state.groups.eng!.members.carol; // missing member
    state.groups.eng!.members.dave = { account: "dave", role: "Member", joinTime: 1_600_000_200, unreadMsgNum: 0 }; // extra member
    state.groups.eng!.members.bob!.role = "Member"; // changed role
    state.groups[lobby]!.name = "Hall"; // changed field
    delete state.groups["@TGS#_hub"]!.topics["@TGS#_hub@TOPIC#_help"]; // missing topic
    const copy = structuredClone(state.groups[lobby]!);
    state.groups["@TGS#2COPY"] = { ...copy, groupId: "@TGS#2COPY", name: "Lobby" }; // a duplicate, as a lost answer leaves
    state.groups.stray = { ...copy, groupId: "stray", name: "Stray", members: {} }; // extra group
    const report = await run(m);
    expect(report.differences.map((d) => `${d.kind} ${d.object} ${d.path}`).sort()).to.deep.equal([
      "differing account accounts.alice.nick",
      "differing group groups.lobby.name",
      "differing member groups.eng.members.bob.role",
      "duplicated group groups.lobby",
      "extra group groups",
      "extra member groups.eng.members.dave",
      "missing account accounts.carol",
      "missing member groups.eng.members.carol",
      "missing topic groups.hub.topics.help",
    ]);
    expect(report.counts.group).to.deep.equal({ missing: 0, extra: 1, duplicated: 1, differing: 1, "out-of-order": 0 });
    expect(report.counts.member).to.deep.equal({ missing: 1, extra: 1, duplicated: 0, differing: 1, "out-of-order": 0 });
    const renamed = report.differences.find((d) => d.path === "groups.lobby.name")!;
    expect(renamed.detail).to.equal(`"Hall" instead of "Lobby"`);
  });

  it("finds a group missing altogether, and says why when a derived ID cannot be computed", async () => {
    const m = manifest();
    await importByScript(emulator, { ...m, groups: m.groups.filter((g) => g.key !== "eng") });
    const report = await run(m);
    expect(report.differences.map((d) => `${d.kind} ${d.path}: ${d.detail}`)).to.deep.equal(["missing groups.eng: no group eng"]);
    const unscoped = await run(m, { scope: undefined });
    expect(unscoped.differences.find((d) => d.path === "groups.lobby")?.detail).to.match(/give --stack \(and --project\)/);
  });

  it("resumes from its progress file: groups verified before a stop are not read again", async () => {
    const m = manifest(12);
    await importByScript(emulator, m);
    const progressPath = join(mkdtempSync(join(tmpdir(), "verify-")), "progress.json");
    // A read that keeps failing stops the audit part-way (seeded, so it stops at the same group every run).
    emulator.faults.configure({
      seed: 2,
      rules: [{ command: "get_group_member_info", probability: 0.3, action: { type: "error", code: 10004 } }],
    });
    let stopped = false;
    try {
      await run(m, { progressPath, chunkSize: 2 });
    } catch {
      stopped = true;
    }
    expect(stopped, "the seeded fault stops the first audit").to.equal(true);
    emulator.faults.configure({ rules: [] });
    const readsBefore = emulator.counters.get("get_group_member_info")!.calls;
    const resumed = await run(m, { progressPath, chunkSize: 2 });
    expect(resumed.resumedGroups).to.be.within(2, 11);
    expect(emulator.counters.get("get_group_member_info")!.calls - readsBefore).to.equal(12 - resumed.resumedGroups);
    expect(resumed.differences).to.deep.equal([]);
    expect(resumed.checked.groups).to.equal(12);
  });
});

describe("verify --history: 1:1 conversations read back with admin_getroammsg", function () {
  this.timeout(60_000);
  const T = 1_700_000_000;
  const AB: [string, string] = ["bob", "alice"];
  let emulator: RunningEmulator;
  let dir: string;
  let historyPath: string;
  let lines: string[];
  beforeEach(async () => {
    emulator = await startEmulator();
    await importByScript(emulator, manifest());
    dir = mkdtempSync(join(tmpdir(), "verify-c2c-"));
    historyPath = join(dir, "history.jsonl");
    process.env.TENCENT_CHAT_HISTORY_CACHE = join(dir, "cache");
    lines = [];
  });
  afterEach(async () => {
    delete process.env.TENCENT_CHAT_HISTORY_CACHE;
    await emulator.close();
  });

  /**
   * `count` messages of alice and bob in turn, three to a second (the order within a second is MsgSeq's), and long
   * enough that a page of 13 KB holds fewer than MaxCnt of them.
   */
  const pairMessages = (count: number, pair: [string, string] = AB): HistoryMessage[] =>
    Array.from({ length: count }, (_, i) => ({
      conversation: pair,
      id: `dm-${i}`,
      from: pair[i % 2]!,
      time: T + Math.floor(i / 3),
      body: [{ type: "text", text: `message ${i} ${"x".repeat(150)}` }],
    }));
  const writeHistory = (messages: HistoryMessage[]) => writeFileSync(historyPath, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
  /** Imports the history's 1:1 conversations of manifest accounts through ImportedC2CHistory's own import. */
  const importWhole = async () => {
    const conversations: ImportedC2CHistoryInputs["conversations"] = {};
    for (const [name, split] of await splitHistory(historyPath)) {
      if (typeof split.conversation !== "string" && !split.conversation.includes("zed"))
        conversations[name] = { hash: split.hash, messages: split.messages };
    }
    const context = emulatorContext(emulator);
    try {
      await importC2CHistory(context, { historyFile: historyPath, conversations }, undefined);
    } finally {
      await context.client().close();
    }
  };
  /** One importmsg of `message` of alice|bob as the importer sends it, with `msgSeq` given. */
  const importOne = async (message: HistoryMessage, msgSeq: number, random = messageRandom(AB, message.id)) => {
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      await invoke(client, "importmsg", {
        SyncFromOldSystem: 2,
        From_Account: message.from,
        To_Account: message.from === "alice" ? "bob" : "alice",
        MsgSeq: msgSeq,
        MsgRandom: random,
        MsgTimeStamp: message.time,
        MsgBody: toMsgBody(message),
      });
    } finally {
      await client.close();
    }
  };
  const verify = async () => {
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      return await verifyMigration(manifest(), {
        client,
        admin: "administrator",
        scope: SCOPE,
        historyPath,
        onProgress: (line) => lines.push(line),
      });
    } finally {
      await client.close();
    }
  };
  const found = (report: Awaited<ReturnType<typeof verify>>) => report.differences.map((d) => `${d.kind} ${d.path}`);

  it("a 1:1 conversation imported whole, over several pages: every message read back, 0 differences; group conversations beside it", async () => {
    const direct = pairMessages(250);
    const group: HistoryMessage[] = [0, 1].map((i) => ({
      conversation: "eng",
      id: `g-${i}`,
      from: "alice",
      time: T + i,
      body: [{ type: "text", text: `group ${i}` }],
    }));
    writeHistory([...direct.slice(0, 100), ...group, ...direct.slice(100)]);
    await importWhole();
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      const times = sendTimes(group);
      await invoke(client, "import_group_msg", {
        GroupId: "eng",
        MsgList: group.map((m, i) => ({
          From_Account: m.from,
          SendTime: times[i]!,
          Random: messageRandom("eng", m.id),
          MsgBody: toMsgBody(m),
        })),
      });
    } finally {
      await client.close();
    }
    const report = await verify();
    expect(report.differences).to.deep.equal([]);
    expect(report.checked.messages).to.equal(252);
    expect(lines).to.include("history: 252 messages read back (2 group, 250 1:1), 0 difference(s)");
    // 250 messages of about 260 bytes answer in pages of 13 KB: several calls, each at most MaxCnt.
    expect(emulator.counters.get("admin_getroammsg")?.calls).to.be.greaterThan(4);
  });

  it("one message missing: missing, that message", async () => {
    const direct = pairMessages(9);
    writeHistory(direct);
    await importWhole();
    const stored = emulator.store.state.c2cMessages!.alice!.bob!;
    const at = stored.findIndex((m) => m.msgRandom === messageRandom(AB, "dm-4"));
    stored.splice(at, 1);
    const report = await verify();
    expect(found(report)).to.deep.equal(["missing history.alice|bob.dm-4"]);
    expect(report.counts.message.missing).to.equal(1);
    expect(lines).to.include("history: 8 messages read back (0 group, 8 1:1), 1 difference(s)");
  });

  it("one message imported twice with another MsgSeq: duplicated", async () => {
    const direct = pairMessages(9);
    writeHistory(direct);
    await importWhole();
    await importOne(direct[5]!, 12345);
    const report = await verify();
    expect(found(report)).to.deep.equal(["duplicated history.alice|bob.dm-5"]);
    expect(report.checked.messages).to.equal(10);
  });

  it("a message in the window that is not the history's: extra; one after the window is not read", async () => {
    const direct = pairMessages(9);
    writeHistory(direct);
    await importWhole();
    await importOne({ ...direct[0]!, id: "live", time: T + 1 }, 777, 424242);
    // Sent after the cut-over, past the history's last second: outside the window read back.
    await importOne({ ...direct[0]!, id: "later", time: T + 60 }, 778, 434343);
    const report = await verify();
    expect(found(report)).to.deep.equal(["extra history.alice|bob.#777"]);
    expect(report.checked.messages).to.equal(10);
  });

  it("two messages of one second stored in the wrong order: out-of-order", async () => {
    const direct = pairMessages(6);
    writeHistory(direct);
    const seqs = c2cMsgSeqs("alice|bob", direct);
    // dm-3, dm-4 and dm-5 share a second; dm-4 and dm-5 get each other's MsgSeq, so dm-5 is kept before dm-4.
    [seqs[4], seqs[5]] = [seqs[5]!, seqs[4]!];
    for (const [i, message] of direct.entries()) await importOne(message, seqs[i]!);
    const report = await verify();
    expect(found(report)).to.deep.equal(["out-of-order history.alice|bob.dm-4"]);
  });

  it("a conversation naming someone who is no manifest account is reported not imported, message by message, without a read", async () => {
    writeHistory([...pairMessages(3), ...pairMessages(2, ["alice", "zed"])]);
    await importWhole();
    const before = emulator.counters.get("admin_getroammsg")?.calls ?? 0;
    const report = await verify();
    expect(report.differences.map((d) => `${d.kind} ${d.path}: ${d.detail}`)).to.deep.equal([
      "missing history.alice|zed.dm-0: not imported: zed is not among the manifest's accounts",
      "missing history.alice|zed.dm-1: not imported: zed is not among the manifest's accounts",
    ]);
    expect((emulator.counters.get("admin_getroammsg")?.calls ?? 0) - before, "alice|bob only").to.equal(1);
  });
});
