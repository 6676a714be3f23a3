import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorState } from "../../../../emulator/store";
import { type HistoryMessage, messageRandom } from "../../../../provider/migration/history";
import { splitHistory } from "../../../../provider/migration/history-split";
import { groupHistoryBatchProvider } from "../../../../provider/resources/history-batch/provider";
import type { BatchConversation, ImportedGroupHistoryBatchOutputs } from "../../../../provider/resources/history-batch/schema";
import { BatchHistoryNotImported, importGroupHistories } from "../../../../provider/resources/history-batch/sync";
import { decodeConversations, encodeConversations } from "../../../../provider/resources/history-batch/text";
import { PartialFailure } from "../../../../provider/resources/partial";
import { eachCaseFromSeed, useEmulator } from "../../../helpers/emulator";
import { seedAccounts, seedGroup, seedMember } from "../../../helpers/seed";
import { emulatorContext } from "../../../helpers/emulator-context";

const CREATED = 1_600_000_000;
const PEOPLE = ["alice", "bob", "carol"];
const GROUPS = ["g1", "g2", "g3", "g4"];

/** `count` messages of `group` from the people in turn, two to a second. */
function conversation(group: string, count: number, from = 0): HistoryMessage[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + from;
    return {
      conversation: group,
      id: `${group}-m${i}`,
      from: PEOPLE[i % PEOPLE.length]!,
      time: CREATED + 10 + Math.floor(i / 2),
      body: [{ type: "text", text: `${group} message ${i}` }],
    };
  });
}

/** The conversations of `messages` as a batch declares them, split as the program splits them. */
async function declared(messages: HistoryMessage[]): Promise<{ file: string; conversations: Record<string, BatchConversation> }> {
  const dir = mkdtempSync(join(tmpdir(), "history-batch-"));
  const file = join(dir, "history.jsonl");
  writeFileSync(file, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
  const conversations: Record<string, BatchConversation> = {};
  for (const [key, split] of await splitHistory(file)) conversations[key] = { groupId: key, hash: split.hash, messages: split.messages };
  // As the resource holds them: a line each, the hash shortened.
  const decoded = decodeConversations(encodeConversations(conversations));
  if ("problem" in decoded) throw new Error(decoded.problem);
  return { file, conversations: decoded.conversations };
}

describe("group history in batches: many groups' import_group_msg, exactly once", function () {
  this.timeout(60_000);
  const group = (groupId: string) =>
    seedGroup(groupId, CREATED, "alice", {
      members: { alice: seedMember("alice", CREATED + 1, { role: "Owner" }), bob: seedMember("bob", CREATED + 1) },
    });
  const seed: EmulatorState = {
    accounts: seedAccounts(PEOPLE),
    groups: Object.fromEntries(GROUPS.map((g) => [g, group(g)])),
    idCounter: 0,
  };
  const emulator = useEmulator({ seed });
  const storedIds = (groupId: string, messages: HistoryMessage[]) => {
    const byRandom = new Map(messages.map((m) => [messageRandom(m.conversation, m.id), m.id]));
    return (emulator.get().store.state.groupMessages?.[groupId] ?? []).map((s) => byRandom.get(s.msgRandom) ?? `foreign:${s.msgRandom}`);
  };
  const calls = () => emulator.get().counters.get("import_group_msg")?.calls ?? 0;
  const history = () => GROUPS.flatMap((g, i) => conversation(g, 10 + 9 * i));

  // Each case starts from the seed, with its own history cache and no faults.
  eachCaseFromSeed(emulator, seed);

  it("the text: a line per group with its count before its hash, read back as written; a wrong line is named", () => {
    const conversations = {
      b: { groupId: "@TGS#_b-1", hash: "a".repeat(64), messages: 12, unreadCounts: { zed: 1, amy: 2 } },
      a: { groupId: "a-1", hash: "b".repeat(64), messages: 3 },
    };
    const text = encodeConversations(conversations);
    expect(text.split("\n")).to.deep.equal([
      "@ImportedGroupHistoryBatch v1",
      `a a-1 3 ${"b".repeat(32)}`,
      `b @TGS#_b-1 12 ${"a".repeat(32)} {"amy":2,"zed":1}`,
    ]);
    expect(decodeConversations(text)).to.deep.equal({
      conversations: {
        a: { groupId: "a-1", hash: "b".repeat(32), messages: 3 },
        b: { groupId: "@TGS#_b-1", hash: "a".repeat(32), messages: 12, unreadCounts: { amy: 2, zed: 1 } },
      },
    });
    const wrong = decodeConversations(`${text}\nc c-1 many ${"c".repeat(32)}`);
    expect(wrong)
      .to.have.property("problem")
      .that.matches(/^line 4 .*messages: /);
    expect(decodeConversations(`${text}\na a-1 3 ${"b".repeat(32)}`))
      .to.have.property("problem")
      .that.includes("declared twice");
  });

  it("imports every group's conversation in order, side by side, and a second run with the state sends nothing", async () => {
    const messages = history();
    const { file, conversations } = await declared(messages);
    const context = emulatorContext(emulator.get());
    const progress = await importGroupHistories(context, file, conversations, undefined);
    expect(progress).to.deep.equal({ pending: {}, refused: [] });
    for (const g of GROUPS) {
      const own = messages.filter((m) => m.conversation === g);
      expect(storedIds(g, own), g).to.deep.equal(own.map((m) => m.id));
    }
    const sent = calls();
    expect(sent, "ceil(n / 7) calls per group").to.equal([10, 19, 28, 37].reduce((n, count) => n + Math.ceil(count / 7), 0));
    const again = await importGroupHistories(context, file, conversations, { conversations, ...progress });
    expect(again).to.deep.equal({ pending: {}, refused: [] });
    expect(calls(), "settled conversations are not even read back").to.equal(sent);
    expect(emulator.get().counters.get("group_msg_get_simple")?.calls ?? 0).to.equal(GROUPS.length);
  });

  it("a run that stops records what each group holds; the next run goes on from there with no message twice", async () => {
    const messages = history();
    const { file, conversations } = await declared(messages);
    const context = emulatorContext(emulator.get());
    emulator
      .get()
      .faults.configure({ seed: 3, rules: [{ command: "import_group_msg", probability: 0.25, action: { type: "error", code: 10010 } }] });
    let recorded: ImportedGroupHistoryBatchOutputs["pending"] | undefined;
    try {
      await importGroupHistories(context, file, conversations, undefined);
      expect.fail("a group that does not exist stops the run");
    } catch (error) {
      expect(error).to.be.instanceOf(BatchHistoryNotImported);
      recorded = (error as BatchHistoryNotImported).progress.pending;
    }
    expect(Object.keys(recorded!).length, "some conversations are pending").to.be.greaterThan(0);
    for (const [key, pending] of Object.entries(recorded!)) {
      expect(storedIds(key, messages).length, `${key}: the recorded count is what the group holds`).to.equal(pending.imported);
    }
    emulator.get().faults.configure({ seed: 1, rules: [] });
    const done = await importGroupHistories(context, file, conversations, { conversations, pending: recorded!, refused: [] });
    expect(done.pending).to.deep.equal({});
    for (const g of GROUPS) {
      const own = messages.filter((m) => m.conversation === g);
      expect(storedIds(g, own), g).to.deep.equal(own.map((m) => m.id));
    }
  });

  it("appended messages are imported alone; a changed imported message fails the diff before any call", async () => {
    const first = await declared(history());
    const context = emulatorContext(emulator.get());
    const provider = groupHistoryBatchProvider(context);
    const created = await provider.create({ historyFile: first.file, conversations: encodeConversations(first.conversations) });
    expect(created.outs).to.deep.include({ conversationCount: 4, messageCount: 94, pending: {}, refused: [] });
    const sent = calls();
    const appended = [...history(), ...conversation("g2", 5, 19)];
    const next = await declared(appended);
    const news = { historyFile: next.file, conversations: encodeConversations(next.conversations) };
    const diff = await provider.diff!(created.id, created.outs!, news);
    expect(diff).to.deep.include({ changes: true, replaces: [] });
    const updated = await provider.update!(created.id, created.outs!, news);
    expect(updated.outs).to.deep.include({ messageCount: 99, pending: {} });
    expect(calls() - sent, "one call for g2's five new messages").to.equal(1);
    const g2 = appended.filter((m) => m.conversation === "g2");
    expect(storedIds("g2", g2)).to.deep.equal(g2.map((m) => m.id));
    expect(await provider.diff!(created.id, updated.outs as ImportedGroupHistoryBatchOutputs, news)).to.deep.include({ changes: false });

    const rewritten = await declared(
      appended.map((m) => (m.id === "g3-m4" ? { ...m, body: [{ type: "text" as const, text: "edited" }] } : m)),
    );
    const before = calls();
    try {
      await provider.diff!(created.id, updated.outs as ImportedGroupHistoryBatchOutputs, {
        historyFile: rewritten.file,
        conversations: encodeConversations(rewritten.conversations),
      });
      expect.fail("a rewritten past is refused");
    } catch (error) {
      expect((error as Error).message).to.match(/^g3: 28 messages were imported .*Tencent cannot rewrite history/);
    }
    expect(calls()).to.equal(before);
  });

  it("a refused message is named once, recorded with its source ID, and passed on the next run", async () => {
    const messages = history().map((m) =>
      m.id === "g2-m3" ? { ...m, body: [{ type: "text" as const, text: "a blocked word: forbidden-word" }] } : m,
    );
    emulator.get().blockedWords.set(["forbidden-word"]);
    const { file, conversations } = await declared(messages);
    const provider = groupHistoryBatchProvider(emulatorContext(emulator.get()));
    const text = encodeConversations(conversations);
    let partial: PartialFailure | undefined;
    try {
      await provider.create({ historyFile: file, conversations: text });
    } catch (error) {
      partial = error as PartialFailure;
    }
    expect(partial).to.be.instanceOf(PartialFailure);
    expect(partial!.message).to.match(/Tencent refused 1 group message\(s\): g2 g2-m3 \(80001: /);
    const state = partial!.properties as unknown as ImportedGroupHistoryBatchOutputs;
    expect(state.refused).to.deep.equal([{ conversation: "g2", id: "g2-m3", code: 80001, reason: state.refused[0]!.reason }]);
    expect(state.pending).to.deep.equal({});
    const updated = await provider.update!("id", state, { historyFile: file, conversations: text });
    expect(updated.outs!.refused, "kept, not said again").to.have.length(1);
    emulator.get().blockedWords.set([]);
  });
});
