import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorState } from "../../../../emulator/store";
import { conversationName, type HistoryMessage, messageRandom } from "../../../../provider/migration/history";
import { splitHistory } from "../../../../provider/migration/history-split";
import { c2cHistoryProvider } from "../../../../provider/resources/c2c-history/provider";
import type { ImportedC2CHistoryInputs, ImportedC2CHistoryOutputs } from "../../../../provider/resources/c2c-history/schema";
import { C2CHistoryNotImported, c2cMsgSeqs, importC2CHistory } from "../../../../provider/resources/c2c-history/sync";
import { HistoryRewritten } from "../../../../provider/resources/history/sync";
import { PartialFailure } from "../../../../provider/resources/partial";
import { eachCaseFromSeed, useEmulator } from "../../../helpers/emulator";
import { emulatorContext } from "../../../helpers/emulator-context";

const START = 1_600_000_000;
const PEOPLE = ["alice", "bob", "carol", "dave"];

/**
 * `count` messages of the pair from its two people in turn (a self-conversation: one person), three to a second
 * (the order within a second is MsgSeq's to keep), numbered from `from`.
 */
function pairMessages(pair: [string, string], count: number, from = 0): HistoryMessage[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + from;
    return {
      conversation: pair,
      id: `${pair.join("-")}-${i}`,
      from: pair[i % 2]!,
      time: START + 10 + Math.floor(i / 3),
      body: [{ type: "text", text: `${pair.join("→")} #${i}` }],
    };
  });
}

const AB: [string, string] = ["alice", "bob"];
const CA: [string, string] = ["carol", "alice"];
const SELF: [string, string] = ["dave", "dave"];
const BD: [string, string] = ["bob", "dave"];

/** The history of `messages` split as the program splits it, and the inputs of a resource holding every pair. */
async function inputsFor(messages: HistoryMessage[]): Promise<ImportedC2CHistoryInputs> {
  const dir = mkdtempSync(join(tmpdir(), "c2c-sync-"));
  const file = join(dir, "history.jsonl");
  writeFileSync(file, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
  const conversations: ImportedC2CHistoryInputs["conversations"] = {};
  for (const [name, split] of await splitHistory(file)) conversations[name] = { hash: split.hash, messages: split.messages };
  return { historyFile: file, conversations };
}

describe("1:1 history sync: importmsg exactly once", function () {
  this.timeout(60_000);
  const seed: EmulatorState = {
    accounts: Object.fromEntries(PEOPLE.map((u) => [u, { userId: u }])),
    groups: {},
    idCounter: 0,
  };
  const emulator = useEmulator({ seed });
  const calls = () => emulator.get().counters.get("importmsg")?.calls ?? 0;
  /** A conversation as the emulator holds it: each message's source ID (by its MsgRandom), in the service's order. */
  const storedIds = (pair: [string, string], messages: HistoryMessage[]) => {
    const name = conversationName(pair);
    const byRandom = new Map(messages.map((m) => [messageRandom(pair, m.id), m.id]));
    return emulator
      .get()
      .store.conversation(pair[0], pair[1])
      .map((s) => byRandom.get(s.msgRandom) ?? `foreign:${name}:${s.msgRandom}`);
  };
  const ids = (messages: HistoryMessage[]) => messages.map((m) => m.id);
  const outputs = (
    inputs: ImportedC2CHistoryInputs,
    progress: Awaited<ReturnType<typeof importC2CHistory>>,
  ): ImportedC2CHistoryOutputs => ({
    ...inputs,
    ...progress,
  });

  // Each case starts from the seed, with its own history cache and no faults.
  eachCaseFromSeed(emulator, seed);

  it("MsgSeq ranks the messages of one second in import order and is the same for a message on every run", () => {
    const messages = pairMessages(AB, 7);
    const seqs = c2cMsgSeqs("alice|bob", messages);
    // Three to a second: ranks 0, 1, 2 in the upper 16 bits, then 0 again at the next second.
    expect(seqs.map((seq) => seq >>> 16)).to.deep.equal([0, 1, 2, 0, 1, 2, 0]);
    expect(seqs.every((seq) => Number.isInteger(seq) && seq >= 0 && seq <= 0xffffffff)).to.equal(true);
    // Appended messages change nothing before them.
    expect(c2cMsgSeqs("alice|bob", pairMessages(AB, 10)).slice(0, 7)).to.deep.equal(seqs);
    // Another conversation, another hash part.
    expect(c2cMsgSeqs("alice|carol", messages)).to.not.deep.equal(seqs);
  });

  it("imports every message of several pairs once, in order, both directions and a self-conversation; a second run sends nothing", async () => {
    const ab = pairMessages(AB, 31);
    const ca = pairMessages(CA, 12);
    const self = pairMessages(SELF, 5);
    // Interleaved as a history file would hold them: the split sorts each conversation.
    const inputs = await inputsFor([...ab.slice(0, 10), ...ca, ...self, ...ab.slice(10)]);
    expect(Object.keys(inputs.conversations).sort()).to.deep.equal(["alice|bob", "alice|carol", "dave|dave"]);
    const context = emulatorContext(emulator.get());
    const progress = await importC2CHistory(context, inputs, undefined);
    expect(progress).to.deep.equal({ imported: { "alice|bob": 31, "alice|carol": 12, "dave|dave": 5 }, importedHashes: {}, refused: [] });
    expect(storedIds(AB, ab)).to.deep.equal(ids(ab));
    expect(storedIds(CA, ca)).to.deep.equal(ids(ca));
    expect(storedIds(SELF, self)).to.deep.equal(ids(self));
    expect(emulator.get().store.state.c2cMessages?.dave?.dave, "c2cMessages[a][b], a === b for oneself").to.have.length(5);
    const stored = emulator.get().store.conversation("alice", "carol");
    expect(stored.map((s) => [s.fromAccount, s.toAccount])).to.deep.equal(ca.map((m) => [m.from, m.from === "carol" ? "alice" : "carol"]));
    expect(stored.map((s) => s.msgTimeStamp)).to.deep.equal(ca.map((m) => m.time));
    expect(calls(), "one call a message").to.equal(48);
    // With the state: everything is whole, nothing is read or sent.
    expect(await importC2CHistory(context, inputs, outputs(inputs, progress))).to.deep.equal(progress);
    expect(calls()).to.equal(48);
  });

  it("a second run from scratch (no state, as after a kill -9) sends everything again and the service stores nothing twice", async () => {
    const ab = pairMessages(AB, 20);
    const self = pairMessages(SELF, 4);
    const inputs = await inputsFor([...ab, ...self]);
    const context = emulatorContext(emulator.get());
    const first = await importC2CHistory(context, inputs, undefined);
    const again = await importC2CHistory(context, inputs, undefined);
    expect(again).to.deep.equal(first);
    expect(calls(), "sent twice").to.equal(48);
    expect(storedIds(AB, ab), "kept once").to.deep.equal(ids(ab));
    expect(storedIds(SELF, self)).to.deep.equal(ids(self));
  });

  it("stores every message once when answers are lost after the service applied them, or connections reset", async () => {
    const ab = pairMessages(AB, 60);
    const ca = pairMessages(CA, 40);
    const self = pairMessages(SELF, 10);
    const inputs = await inputsFor([...ab, ...ca, ...self]);
    emulator.get().faults.configure({
      seed: 11,
      rules: [
        { command: "importmsg", probability: 0.3, action: { type: "drop-after-apply" } },
        { command: "importmsg", probability: 0.2, action: { type: "reset" } },
      ],
    });
    const progress = await importC2CHistory(emulatorContext(emulator.get()), inputs, undefined);
    const injected = emulator.get().faults.injected;
    expect(injected.get("importmsg:drop-after-apply") ?? 0, "answers were lost after the service stored").to.be.greaterThan(5);
    expect(injected.get("importmsg:reset") ?? 0).to.be.greaterThan(5);
    expect(progress.imported).to.deep.equal({ "alice|bob": 60, "alice|carol": 40, "dave|dave": 10 });
    expect(storedIds(AB, ab), "no message twice, none skipped, in order").to.deep.equal(ids(ab));
    expect(storedIds(CA, ca)).to.deep.equal(ids(ca));
    expect(storedIds(SELF, self)).to.deep.equal(ids(self));
  });

  it("imports only messages appended since the last run and conversations added, and refuses a rewritten past", async () => {
    const ab = pairMessages(AB, 10);
    const context = emulatorContext(emulator.get());
    const firstInputs = await inputsFor(ab);
    const first = outputs(firstInputs, await importC2CHistory(context, firstInputs, undefined));
    expect(calls()).to.equal(10);
    // Message 10 shares its second with 9: it ranks after it.
    const appended = [...ab, ...pairMessages(AB, 5, 10)];
    const bd = pairMessages(BD, 4);
    const deltaInputs = await inputsFor([...appended, ...bd]);
    const delta = await importC2CHistory(context, deltaInputs, first);
    expect(delta.imported).to.deep.equal({ "alice|bob": 15, "bob|dave": 4 });
    expect(delta.importedHashes, "whole conversations: their hash is their declaration's").to.deep.equal({});
    expect(calls(), "the 5 appended and the 4 of the new pair").to.equal(19);
    expect(storedIds(AB, appended)).to.deep.equal(ids(appended));
    expect(storedIds(BD, bd)).to.deep.equal(ids(bd));

    const rewritten = appended.map((m, i) => (i === 3 ? { ...m, body: [{ type: "text" as const, text: "edited later" }] } : m));
    const rewrittenInputs = await inputsFor([...rewritten, ...bd]);
    try {
      await importC2CHistory(context, rewrittenInputs, outputs(deltaInputs, delta));
      expect.fail("a rewritten past must be refused");
    } catch (error) {
      expect(error).to.be.instanceOf(C2CHistoryNotImported);
      expect((error as Error).message).to.include("Tencent cannot rewrite history");
      // The rewritten conversation keeps its progress, against the hash of what was imported.
      const { progress } = error as C2CHistoryNotImported;
      expect(progress.imported["alice|bob"]).to.equal(15);
      expect(progress.importedHashes["alice|bob"]).to.equal(deltaInputs.conversations["alice|bob"]!.hash);
    }
    expect(calls(), "nothing sent").to.equal(19);
    // At preview: diff, the first step that sees the recorded progress, refuses it before any call.
    const provider = c2cHistoryProvider(context);
    try {
      await provider.diff("c2c", outputs(deltaInputs, delta), { ...rewrittenInputs });
      expect.fail("diff must refuse a rewritten past");
    } catch (error) {
      expect(error).to.be.instanceOf(HistoryRewritten);
      expect((error as Error).message)
        .to.include("alice|bob")
        .and.include("Tencent cannot rewrite history");
    }
    // Appending is a change; the same inputs are none.
    expect((await provider.diff("c2c", first, { ...deltaInputs })).changes).to.equal(true);
    expect((await provider.diff("c2c", outputs(deltaInputs, delta), { ...deltaInputs })).changes).to.equal(false);
  });

  it("records a refused message once, names it once, never sends it again, and imports the rest", async () => {
    const ab = pairMessages(AB, 6);
    // Over importmsg's 12 KB request: 93000 for this message alone.
    ab[2] = { ...ab[2]!, body: [{ type: "text", text: "x".repeat(13_000) }] };
    const inputs = await inputsFor(ab);
    const provider = c2cHistoryProvider(emulatorContext(emulator.get()));
    let recorded: ImportedC2CHistoryOutputs | undefined;
    try {
      await provider.create({ ...inputs, __provider: "text" });
      expect.fail("a refusal is said as an error");
    } catch (error) {
      expect(error).to.be.instanceOf(PartialFailure);
      const failure = error as PartialFailure;
      expect(failure.message).to.include("Tencent refused 1 1:1 message(s): alice|bob alice-bob-2 (93000");
      recorded = failure.properties as unknown as ImportedC2CHistoryOutputs;
      expect(failure.properties.__provider).to.equal("text");
    }
    expect(recorded!.imported).to.deep.equal({ "alice|bob": 6 });
    expect(recorded!.refused).to.deep.equal([
      { conversation: "alice|bob", id: "alice-bob-2", code: 93000, reason: "the JSON request is over 12 KB" },
    ]);
    expect(storedIds(AB, ab)).to.deep.equal(ids(ab).filter((id) => id !== "alice-bob-2"));
    const sent = calls();
    // The next up goes on without it: nothing to send, nothing said again.
    const { __provider: _provider, ...olds } = recorded as unknown as Record<string, unknown>;
    const next = await provider.update("c2c", olds as unknown as ImportedC2CHistoryOutputs, { ...inputs, __provider: "text" });
    expect(next.outs!.refused).to.have.length(1);
    expect(calls()).to.equal(sent);
  });

  it("a failure that is not one conversation's stops them all; the next run goes on from the recorded progress", async () => {
    const ab = pairMessages(AB, 30);
    const ca = pairMessages(CA, 20);
    const self = pairMessages(SELF, 10);
    const inputs = await inputsFor([...ab, ...ca, ...self]);
    const context = emulatorContext(emulator.get());
    emulator.get().faults.configure({
      seed: 3,
      rules: [{ command: "importmsg", probability: 0.05, times: 1, action: { type: "error", code: 70001 } }],
    });
    let recorded: ImportedC2CHistoryOutputs | undefined;
    try {
      await importC2CHistory(context, inputs, undefined);
      expect.fail("must stop");
    } catch (error) {
      expect(error).to.be.instanceOf(C2CHistoryNotImported);
      expect((error as Error).message).to.include("70001");
      recorded = outputs(inputs, (error as C2CHistoryNotImported).progress);
    }
    const imported = Object.values(recorded!.imported).reduce((a, b) => a + b, 0);
    expect(imported, "stopped part way").to.be.lessThan(60);
    // Each conversation stopped at its next message: what the state holds is what was stored, no more, no less.
    for (const [pair, messages] of [
      [AB, ab],
      [CA, ca],
      [SELF, self],
    ] as const) {
      expect(storedIds(pair, messages)).to.deep.equal(ids(messages).slice(0, recorded!.imported[conversationName(pair)] ?? 0));
    }
    const before = calls();
    const done = await importC2CHistory(context, inputs, recorded);
    expect(done.imported).to.deep.equal({ "alice|bob": 30, "alice|carol": 20, "dave|dave": 10 });
    expect(calls() - before, "only what was not imported").to.equal(60 - imported);
    expect(storedIds(AB, ab)).to.deep.equal(ids(ab));
    expect(storedIds(CA, ca)).to.deep.equal(ids(ca));
    expect(storedIds(SELF, self)).to.deep.equal(ids(self));
  });

  it("a conversation with a person who is not an account stops alone; the others finish; the next run goes on", async () => {
    const ab = pairMessages(AB, 8);
    const ez: [string, string] = ["eve", "zed"];
    const ze = pairMessages(ez, 3);
    const inputs = await inputsFor([...ab, ...ze]);
    const context = emulatorContext(emulator.get());
    try {
      await importC2CHistory(context, inputs, undefined);
      expect.fail("must stop");
    } catch (error) {
      expect(error).to.be.instanceOf(C2CHistoryNotImported);
      const { progress, reasons } = error as C2CHistoryNotImported;
      expect(progress.imported).to.deep.equal({ "alice|bob": 8 });
      expect(reasons).to.have.length(1);
      expect(reasons[0]).to.match(/^eve\|zed: importmsg failed with ErrorCode 9000[28]/);
      expect(progress.refused, "not the message's fault: not recorded as refused").to.deep.equal([]);
      emulator.get().store.state.accounts.eve = { userId: "eve" };
      emulator.get().store.state.accounts.zed = { userId: "zed" };
      const done = await importC2CHistory(context, inputs, outputs(inputs, progress));
      expect(done.imported).to.deep.equal({ "alice|bob": 8, "eve|zed": 3 });
    }
    expect(storedIds(ez, ze)).to.deep.equal(ids(ze));
    expect(storedIds(AB, ab)).to.deep.equal(ids(ab));
  });
});
