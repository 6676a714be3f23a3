import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { type HistoryMessage, messageRandom } from "../../provider/migration/history";
import type { Manifest } from "../../provider/migration/manifest";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { changeCounts, PulumiProject } from "../../tools/lib/pulumi-project";
import { verifyAgainst } from "../helpers/migrate-cli";

/**
 * Message history through the user's path: the root program with `tencent-chat-migration:manifest` and `:history`,
 * plain `pulumi preview --diff` and `pulumi up` against the emulator over HTTP. What a reviewer sees (the count per
 * conversation), what the groups and the 1:1 conversations hold after `up` (every message once, in order), a second
 * preview with no change, the cut-over delta (appended messages only), a rewritten past refused at preview, and
 * unread counts that survive the history import.
 */

const CREATED = 1_600_000_000;

const PEOPLE = ["ann", "ben", "cho"];

function messagesOf(group: string, count: number, from = 0): HistoryMessage[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + from;
    return {
      conversation: group,
      id: `${group}-${i}`,
      from: PEOPLE[i % 3]!,
      // Every other message shares its second with the one before: the stable tie-break's case.
      time: CREATED + 100 + Math.floor(i / 2),
      body: [{ type: "text", text: `${group} #${i} 你好 👋` }],
    };
  });
}

/** The two forms of the root program: a history resource per group, or one per batch of groups (`groupsPerBatch`). */
const FORMS = [
  { form: "one resource per group", groupsPerBatch: 0 },
  { form: "batches (groupsPerBatch 2)", groupsPerBatch: 2 },
];

for (const { form, groupsPerBatch } of FORMS)
  describe(`message history through plain pulumi, ${form} (root program, emulator over HTTP)`, function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;
    let cli: PulumiProject;
    const dir = mkdtempSync(join(tmpdir(), "tencent-chat-history-e2e-"));
    const historyPath = join(dir, "history.jsonl");
    const writeHistory = (messages: HistoryMessage[]) => writeFileSync(historyPath, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
    const stored = (groupId: string) => emulator.store.state.groupMessages?.[groupId] ?? [];
    const storedIds = (groupId: string, messages: HistoryMessage[]) => {
      const byRandom = new Map(messages.map((m) => [messageRandom(m.conversation, m.id), m.id]));
      return stored(groupId).map((s) => byRandom.get(s.msgRandom) ?? `foreign:${s.msgRandom}`);
    };
    const g1 = messagesOf("g1", 25);
    const g2 = messagesOf("g2", 8);
    const dm = (id: string, from: string, to: string, time: number, text: string): HistoryMessage => ({
      conversation: [from, to],
      id,
      from,
      time,
      body: [{ type: "text", text }],
    });
    // 1:1: both directions, two sharing a second (MsgSeq keeps their order), and a note to oneself.
    const direct: HistoryMessage[] = [
      dm("dm-1", "ann", "ben", CREATED + 500, "hi"),
      dm("dm-2", "ben", "ann", CREATED + 500, "hello 你好"),
      dm("dm-3", "ann", "ben", CREATED + 501, "lunch?"),
      dm("note-1", "cho", "cho", CREATED + 600, "remember the milk"),
    ];
    /** A 1:1 conversation as the emulator holds it (`c2cMessages[a][b]`, a <= b): source IDs by MsgRandom, in its order. */
    const storedDirect = (a: string, b: string, messages: HistoryMessage[]) => {
      const byRandom = new Map(messages.map((m) => [messageRandom(m.conversation, m.id), m.id]));
      return (emulator.store.state.c2cMessages?.[a]?.[b] ?? []).map((s) => byRandom.get(s.msgRandom) ?? `foreign:${s.msgRandom}`);
    };

    before(async () => {
      emulator = await startEmulator();
      const manifest: Manifest = {
        accounts: Object.fromEntries(PEOPLE.map((p) => [p, { nick: p.toUpperCase() }])),
        groups: [
          {
            key: "g1",
            groupId: "g1",
            type: "Public",
            name: "One",
            ownerAccount: "ann",
            createTime: CREATED,
            members: { ben: { unreadMsgNum: 3 }, cho: {} },
            topics: [],
          },
          {
            key: "g2",
            groupId: "g2",
            type: "Private",
            name: "Two",
            ownerAccount: "ben",
            createTime: CREATED,
            members: { ann: {} },
            topics: [],
          },
        ],
      };
      const manifestPath = join(dir, "manifest.json");
      writeFileSync(manifestPath, JSON.stringify(manifest));
      writeHistory([...g1, ...g2, ...direct]);
      cli = new PulumiProject(REPO_ROOT, `history-${groupsPerBatch}-${Date.now().toString(36)}`, {
        TENCENT_CHAT_HISTORY_CACHE: join(dir, "cache"),
      });
      await cli.initAgainst(
        { url: emulator.url, ...emulator.app },
        {
          "tencent-chat-migration:manifest": manifestPath,
          "tencent-chat-migration:history": historyPath,
          "tencent-chat-migration:groupsPerBatch": String(groupsPerBatch),
        },
      );
    });
    after(async () => {
      await cli?.dispose();
      await emulator?.close();
    });

    it("preview --diff shows each conversation's message count and imports nothing", async () => {
      const preview = await cli.run(["preview", "--diff"]);
      if (groupsPerBatch === 0) {
        expect(preview.stdout).to.match(/ImportedGroupHistory\b/);
        expect(preview.stdout).to.match(/messageCount\s*:\s*25/);
        expect(preview.stdout).to.match(/messageCount\s*:\s*8/);
      } else {
        // One resource for the batch: a line per group, its key, GroupId and count before the hash.
        expect(preview.stdout).to.match(/ImportedGroupHistoryBatch/);
        expect(preview.stdout).to.match(/\\ng1 g1 25 [0-9a-f]{32} \{\\"ben\\":3\}\\ng2 g2 8 [0-9a-f]{32}"/);
      }
      expect(preview.stdout).to.match(/ImportedC2CHistory/);
      expect(preview.stdout, "each 1:1 conversation with its count").to.match(/"?ann\|ben"?\s*:\s*\{[^}]*messages\s*:\s*3/s);
      expect(preview.stdout).to.match(/"?cho\|cho"?\s*:\s*\{[^}]*messages\s*:\s*1/s);
      expect(preview.stdout + preview.stderr).to.not.include("not imported by this version");
      expect(stored("g1")).to.deep.equal([]);
      expect(emulator.store.state.c2cMessages ?? {}).to.deep.equal({});
    });

    it("up imports every group and 1:1 message once, in order, then sets the declared unread counts; a second preview shows no change", async () => {
      const up = await cli.run(["up", "--yes"]);
      expect(changeCounts(up.stdout).create, up.stdout).to.be.greaterThan(0);
      expect(storedIds("g1", g1)).to.deep.equal(g1.map((m) => m.id));
      expect(storedIds("g2", g2)).to.deep.equal(g2.map((m) => m.id));
      expect(emulator.store.state.groups.g1!.members.ben!.unreadMsgNum, "set after the history, which resets it").to.equal(3);
      expect(storedDirect("ann", "ben", direct), "both directions, in order").to.deep.equal(["dm-1", "dm-2", "dm-3"]);
      expect(storedDirect("cho", "cho", direct)).to.deep.equal(["note-1"]);
      expect(emulator.store.state.c2cMessages!.ann!.ben!.map((m) => [m.fromAccount, m.toAccount])).to.deep.equal([
        ["ann", "ben"],
        ["ben", "ann"],
        ["ann", "ben"],
      ]);
      const again = await cli.run(["preview", "--diff", "--expect-no-changes"]);
      expect(changeCounts(again.stdout), again.stdout).to.deep.equal({});
      // The go-live audit reads every message back (33 group, 4 1:1) and compares them with the history file.
      const verified = await verifyAgainst(emulator, ["--manifest", join(dir, "manifest.json"), "--history", historyPath], {
        TENCENT_CHAT_HISTORY_CACHE: join(dir, "cache"),
      });
      expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
      expect(verified.stdout).to.match(/, 37 messages: 0 difference\(s\)/);
    });

    it("a cut-over delta: messages appended to the history are an update that imports only them", async () => {
      const delta = messagesOf("g1", 6, 25);
      const directDelta = [dm("dm-4", "ben", "ann", CREATED + 501, "yes"), dm("dm-5", "ben", "cho", CREATED + 700, "hey")];
      writeHistory([...g1, ...delta, ...g2, ...direct, ...directDelta]);
      const preview = await cli.run(["preview", "--diff"]);
      expect(changeCounts(preview.stdout), preview.stdout).to.deep.equal({ update: 2 });
      if (groupsPerBatch === 0) expect(preview.stdout).to.match(/messageCount\s*:\s*25\s*=>\s*31/);
      else expect(preview.stdout, "the group's line, old and new").to.match(/- *g1 g1 25 [0-9a-f]{32}[\s\S]*\+ *g1 g1 31 [0-9a-f]{32}/);
      const importmsg = emulator.counters.get("importmsg")?.calls ?? 0;
      await cli.run(["up", "--yes"]);
      expect(storedIds("g1", [...g1, ...delta])).to.deep.equal([...g1, ...delta].map((m) => m.id));
      expect(storedIds("g2", g2)).to.deep.equal(g2.map((m) => m.id));
      const all = [...direct, ...directDelta];
      expect(storedDirect("ann", "ben", all)).to.deep.equal(["dm-1", "dm-2", "dm-3", "dm-4"]);
      expect(storedDirect("ben", "cho", all)).to.deep.equal(["dm-5"]);
      expect(storedDirect("cho", "cho", all)).to.deep.equal(["note-1"]);
      expect((emulator.counters.get("importmsg")?.calls ?? 0) - importmsg, "only the two new 1:1 messages").to.equal(2);
      direct.push(...directDelta);
      const again = await cli.run(["preview", "--diff", "--expect-no-changes"]);
      expect(changeCounts(again.stdout), again.stdout).to.deep.equal({});
    });

    it("an already imported message changed: preview fails saying Tencent cannot rewrite history, and nothing is sent", async () => {
      const changed = [...g1, ...messagesOf("g1", 6, 25)].map((m, i) =>
        i === 4 ? { ...m, body: [{ type: "text" as const, text: "edited" }] } : m,
      );
      writeHistory([...changed, ...g2, ...direct]);
      const calls = emulator.counters.get("import_group_msg")?.calls ?? 0;
      const preview = await cli.run(["preview", "--diff"], { allowFailure: true });
      expect(preview.code, preview.stdout).to.not.equal(0);
      expect(preview.stdout + preview.stderr).to.include("Tencent cannot rewrite history");
      expect(emulator.counters.get("import_group_msg")?.calls ?? 0).to.equal(calls);
    });
  });
