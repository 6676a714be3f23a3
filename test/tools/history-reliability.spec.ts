import { expect } from "chai";
import type { EmulatorState } from "../../emulator/store";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messageRandom, validateHistory } from "../../provider/migration/history";
import { c2cMsgSeqs } from "../../provider/resources/c2c-history/sync";
import { c2cHistoryDifferencesIn, faultKind, generateHistory, historyFaultRun, historyManifest } from "../../tools/history-reliability";

describe("message history under lost answers, resets, 502s and timeouts (real pulumi CLI, seeded)", function () {
  this.timeout(300_000);

  it("8 groups x 60 messages and 8 1:1 conversations of 5 converge with every message once, in order, by the state and by verify", async () => {
    const figures = await historyFaultRun({ groups: 8, messagesPerGroup: 60, pairs: 8, messagesPerPair: 5, prefix: "hspec" }, 7, {
      rate: 3,
    });
    console.log(
      `      ${figures.faultTotal} faults ${JSON.stringify(figures.byKind)}; ${figures.runs} run(s); ${figures.stored} stored, verify read ${figures.verify.messages}; ${figures.differences.length} differences`,
    );
    // Every kind on each command it is meant for: a mix that injected nothing would prove nothing.
    for (const command of ["import_group_msg", "importmsg"]) {
      for (const kind of ["drop-after-apply", "reset", "502", "502 after apply", "timeout", "timeout after apply"]) {
        const injected = Object.entries(figures.faults)
          .filter(([key]) => key.startsWith(`${command}:`) && faultKind(key) === kind)
          .reduce((n, [, k]) => n + k, 0);
        expect(injected, `${command}: ${kind}`).to.be.greaterThan(0);
      }
    }
    for (const kind of ["drop-after-apply", "reset", "502", "timeout"])
      expect(
        figures.faults[`group_msg_get_simple:${kind === "502" ? "http-error:502" : kind}`],
        `group_msg_get_simple: ${kind}`,
      ).to.be.greaterThan(0);
    expect(figures.converged, "a pulumi up succeeded").to.equal(true);
    expect(figures.differences).to.deep.equal([]);
    expect({ missing: figures.missing, duplicated: figures.duplicated, outOfOrder: figures.outOfOrder }).to.deep.equal({
      missing: 0,
      duplicated: 0,
      outOfOrder: 0,
    });
    expect(figures.stored).to.equal(figures.declared.group + figures.declared.c2c);
    expect(figures.refused, "no message wrongly recorded as refused").to.equal(0);
    expect(figures.verify).to.include({ missing: 0, duplicated: 0, outOfOrder: 0 });
    expect(figures.verify.messages).to.be.at.least(figures.declared.group);
  });
});

describe("history reliability tooling", () => {
  const shape = { groups: 2, messagesPerGroup: 10, pairs: 2, messagesPerPair: 4, prefix: "htool" };
  const manifest = historyManifest(shape);
  const history = generateHistory(manifest, shape);

  it("generates a history that validates against its manifest, with bursts of three messages in one second", async () => {
    expect(history).to.have.length(2 * 10 + 2 * 4);
    const path = join(mkdtempSync(join(tmpdir(), "history-tool-")), "history.jsonl");
    writeFileSync(path, history.map((m) => `${JSON.stringify(m)}\n`).join(""));
    const report = await validateHistory(path, manifest);
    expect(report.problems).to.deep.equal([]);
    expect(report.messages).to.deep.equal({ group: 20, c2c: 8 });
    expect(new Set(history.slice(0, 10).map((m) => m.time)).size, "three to a second").to.equal(4);
  });

  it("names each fault kind by its counter's key", () => {
    expect(
      ["a:drop-after-apply", "a:reset", "a:http-error:502", "a:http-error:502:after-apply", "a:timeout", "a:timeout:after-apply"].map(
        faultKind,
      ),
    ).to.deep.equal(["drop-after-apply", "reset", "502", "502 after apply", "timeout", "timeout after apply"]);
  });

  it("finds a 1:1 message missing, duplicated or out of order in the emulator's state", () => {
    const dm = history.filter((m) => typeof m.conversation !== "string" && m.id.startsWith("dm0-"));
    const [a, b] = [...(dm[0]!.conversation as [string, string])].sort() as [string, string];
    const seqs = c2cMsgSeqs(`${a}|${b}`, dm);
    const stored = (i: number, msgSeq = seqs[i]!) => ({
      fromAccount: dm[i]!.from,
      toAccount: dm[i]!.from === a ? b : a,
      msgSeq,
      msgRandom: messageRandom(`${a}|${b}`, dm[i]!.id),
      msgTimeStamp: dm[i]!.time,
      msgBody: [],
    });
    const state = (messages: ReturnType<typeof stored>[]) =>
      ({ accounts: {}, groups: {}, idCounter: 0, c2cMessages: { [a]: { [b]: messages } } }) as EmulatorState;
    const kinds = (s: EmulatorState) =>
      c2cHistoryDifferencesIn(s, history)
        .filter((d) => d.includes(`${a}|${b}`))
        .map((d) => d.split(" ")[0]);
    expect(kinds(state([stored(0), stored(1), stored(2), stored(3)]))).to.deep.equal([]);
    expect(kinds(state([stored(0), stored(1), stored(1), stored(2), stored(3)]))).to.deep.equal(["duplicated"]);
    expect(kinds(state([stored(0), stored(2), stored(3)]))).to.deep.equal(["missing"]);
    // The second message of a second stored with a MsgSeq below the first's: the conversation reads it first.
    expect(kinds(state([stored(1, 0), stored(0), stored(2), stored(3)]))).to.deep.equal(["out-of-order"]);
  });
});
