import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { invoke } from "../../../../provider/api/commands";
import { type HistoryMessage, messageRandom, sendTimes, toMsgBody } from "../../../../provider/migration/history";
import { splitHistory } from "../../../../provider/migration/history-split";
import type { ImportedGroupHistoryInputs } from "../../../../provider/resources/history/schema";
import { HistoryNotImported, HistoryRewritten, importGroupHistory } from "../../../../provider/resources/history/sync";
import type { EmulatorState } from "../../../../emulator/store";
import { seedAccounts, seedGroup, seedMember } from "../../../helpers/seed";
import { eachCaseFromSeed, useEmulator } from "../../../helpers/emulator";
import { emulatorContext } from "../../../helpers/emulator-context";

const CREATED = 1_600_000_000;
const PEOPLE = ["alice", "bob", "carol"];

/** `count` messages of group g from the people in turn; every third pair shares a second (the tie-break's case). */
function conversation(count: number, from = 0): HistoryMessage[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + from;
    return {
      conversation: "g",
      id: `m${i}`,
      from: PEOPLE[i % PEOPLE.length]!,
      time: CREATED + 10 + Math.floor(i / 2),
      body: [{ type: "text", text: `message ${i}` }],
    };
  });
}

/** The history of `messages` split as the program splits it, and the inputs of g's history resource. */
async function inputsFor(messages: HistoryMessage[]): Promise<ImportedGroupHistoryInputs> {
  const dir = mkdtempSync(join(tmpdir(), "history-sync-"));
  const file = join(dir, "history.jsonl");
  writeFileSync(file, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
  const split = (await splitHistory(file)).get("g")!;
  return { groupId: "g", historyFile: file, conversation: "g", contentHash: split.hash, messageCount: split.messages };
}

describe("group history sync: import_group_msg exactly once", function () {
  this.timeout(60_000);
  const seed: EmulatorState = {
    accounts: seedAccounts(PEOPLE),
    groups: {
      g: seedGroup("g", CREATED, "alice", {
        members: { alice: seedMember("alice", CREATED + 1, { role: "Owner" }), bob: seedMember("bob", CREATED + 1) },
      }),
    },
    idCounter: 0,
  };
  const emulator = useEmulator({ seed });
  const stored = () => emulator.get().store.state.groupMessages?.g ?? [];
  const storedIds = (messages: HistoryMessage[]) => {
    const byRandom = new Map(messages.map((m) => [messageRandom("g", m.id), m.id]));
    return stored().map((s) => byRandom.get(s.msgRandom) ?? `foreign:${s.msgRandom}`);
  };

  // Each case starts from the seed, with its own history cache and no faults.
  eachCaseFromSeed(emulator, seed);

  it("imports a conversation in order, 7 a call, and a second run imports nothing", async () => {
    const messages = conversation(30);
    const inputs = await inputsFor(messages);
    const context = emulatorContext(emulator.get());
    const progress = await importGroupHistory(context, inputs, undefined);
    // Messages sharing a second go a second apart (Tencent takes each later than the group's newest): 30 messages
    // over 15 seconds take 30.
    expect(sendTimes(messages)).to.deep.equal(messages.map((_, i) => CREATED + 10 + i));
    expect(progress).to.deep.include({ imported: 30, lastId: "m29", lastTime: CREATED + 39, refused: [] });
    expect(stored().map((s) => s.msgTimeStamp)).to.deep.equal(sendTimes(messages));
    expect(storedIds(messages)).to.deep.equal(messages.map((m) => m.id));
    expect(emulator.get().counters.get("import_group_msg")!.calls, "ceil(30 / 7) calls").to.equal(5);
    // No state (a create run again after a kill -9): the read-back finds all 30 and sends nothing.
    const again = await importGroupHistory(context, inputs, undefined);
    expect(again).to.deep.equal(progress);
    expect(stored()).to.have.length(30);
    expect(emulator.get().counters.get("import_group_msg")!.calls).to.equal(5);
  });

  it("stores every message once when answers are lost after the service applied them, or connections reset", async () => {
    const messages = conversation(60);
    const inputs = await inputsFor(messages);
    emulator.get().faults.configure({
      seed: 7,
      rules: [
        { command: "import_group_msg", probability: 0.3, action: { type: "drop-after-apply" } },
        { command: "import_group_msg", probability: 0.2, action: { type: "reset" } },
      ],
    });
    const progress = await importGroupHistory(emulatorContext(emulator.get()), inputs, undefined);
    const injected = [...emulator.get().faults.injected.values()].reduce((a, b) => a + b, 0);
    expect(injected, "faults did fire").to.be.greaterThan(2);
    expect(progress.imported).to.equal(60);
    expect(storedIds(messages), "no message twice, none skipped, in order").to.deep.equal(messages.map((m) => m.id));
    // A batch sent again after its answer was lost is refused by the time rule (10004): an importer that resent
    // instead of reading back would record stored messages as refused.
    expect(progress.refused).to.deep.equal([]);
  });

  it("continues after what a killed run stored, without state", async () => {
    const messages = conversation(20);
    const inputs = await inputsFor(messages);
    const client = emulatorContext(emulator.get()).client();
    // What a run killed after its second call left in the group: 14 messages, and no Pulumi state.
    const times = sendTimes(messages);
    for (const start of [0, 7]) {
      await invoke(client, "import_group_msg", {
        GroupId: "g",
        MsgList: messages.slice(start, start + 7).map((m, i) => ({
          From_Account: m.from,
          SendTime: times[start + i]!,
          Random: messageRandom("g", m.id),
          MsgBody: toMsgBody(m),
        })),
      });
    }
    const progress = await importGroupHistory(emulatorContext(emulator.get()), inputs, undefined);
    expect(progress.imported).to.equal(20);
    expect(storedIds(messages)).to.deep.equal(messages.map((m) => m.id));
  });

  it("imports only messages appended after the last import, and refuses a rewritten past", async () => {
    const first = conversation(10);
    const context = emulatorContext(emulator.get());
    const before = await importGroupHistory(context, await inputsFor(first), undefined);
    const appended = [...first, ...conversation(5, 10)];
    const after = await importGroupHistory(context, await inputsFor(appended), before);
    expect(after.imported).to.equal(15);
    expect(storedIds(appended)).to.deep.equal(appended.map((m) => m.id));
    const rewritten = appended.map((m, i) => (i === 3 ? { ...m, body: [{ type: "text" as const, text: "edited later" }] } : m));
    try {
      await importGroupHistory(context, await inputsFor(rewritten), after);
      expect.fail("a rewritten past must be refused");
    } catch (error) {
      expect(error).to.be.instanceOf(HistoryRewritten);
      expect((error as Error).message).to.include("Tencent cannot rewrite history");
    }
    expect(stored()).to.have.length(15);
  });

  it("stops with its progress when the group cannot take messages, and the next run goes on from there", async () => {
    const messages = conversation(14);
    const inputs = await inputsFor(messages);
    emulator
      .get()
      .faults.configure({ seed: 1, rules: [{ command: "import_group_msg", times: 10, action: { type: "error", code: 10010 } }] });
    try {
      await importGroupHistory(emulatorContext(emulator.get()), { ...inputs }, undefined);
      expect.fail("must stop");
    } catch (error) {
      expect(error).to.be.instanceOf(HistoryNotImported);
      expect((error as HistoryNotImported).progress.imported).to.equal(0);
    }
    emulator.get().faults.configure({ seed: 1, rules: [] });
    expect((await importGroupHistory(emulatorContext(emulator.get()), inputs, undefined)).imported).to.equal(14);
    expect(storedIds(messages)).to.deep.equal(messages.map((m) => m.id));
  });

  it("records a message Tencent refuses (blocked words, 80001) with its source ID, goes on, and never sends it again", async () => {
    const messages = conversation(10).map((m, i) =>
      i === 4 ? { ...m, body: [{ type: "text" as const, text: "this is FORBIDDEN talk" }] } : m,
    );
    const inputs = await inputsFor(messages);
    emulator.get().blockedWords.set(["forbidden"]);
    try {
      const context = emulatorContext(emulator.get());
      const progress = await importGroupHistory(context, inputs, undefined);
      expect(progress.imported).to.equal(10);
      expect(progress.refused).to.deep.equal([{ id: "m4", code: 80001, reason: progress.refused[0]!.reason }]);
      expect(storedIds(messages)).to.deep.equal(messages.filter((m) => m.id !== "m4").map((m) => m.id));
      const calls = emulator.get().counters.get("import_group_msg")!.calls;
      // A run without state (after a kill -9) reads back, knows m4 from the refused file, and sends nothing.
      const again = await importGroupHistory(context, inputs, undefined);
      expect(again.refused.map((r) => r.id)).to.deep.equal(["m4"]);
      expect(emulator.get().counters.get("import_group_msg")!.calls).to.equal(calls);
    } finally {
      emulator.get().blockedWords.set([]);
    }
  });
});
