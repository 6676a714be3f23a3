import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateManifest } from "../provider/migration/generate";
import { Manifest } from "../provider/migration/manifest";
import { HISTORY_KILL_SHAPE, type HistoryKillFigures, historyKillMoments, historyKillRun, historyRunCalls } from "./history-kills";
import { type HistoryFaultFigures, type HistoryShape, historyFaultRun } from "./history-reliability";
import { REPO_ROOT } from "./lib/local-stack";
import { faultRun, interruptionRun, readManifest, type ReliabilityFigures } from "./reliability";

/**
 * `npm run reliability`: the figures of the README's reliability section. Fault runs over several seeds on the
 * sample manifest and on a larger generated one, an interruption run, the property-based input count, then the
 * message history: seeded fault runs of a migration with group and 1:1 history, and `kill -9` at seeded moments of
 * a 100,000-message import, each recovered and verified. `--only history` runs the history parts alone (the other
 * figures of bench/results/reliability.json are kept); `--kill-groups`, `--kill-messages` and `--kill-moments`
 * shrink the kill test while working on it.
 */
const { values } = parseArgs({
  options: {
    only: { type: "string" },
    "fault-seeds": { type: "string", default: "5" },
    "kill-groups": { type: "string", default: String(HISTORY_KILL_SHAPE.groups) },
    "kill-messages": { type: "string", default: String(HISTORY_KILL_SHAPE.messagesPerGroup) },
    "kill-moments": { type: "string", default: "10" },
  },
});
if (values.only !== undefined && values.only !== "history") throw new Error(`--only takes "history", not ${values.only}`);

const RESULTS = join(REPO_ROOT, "bench/results/reliability.json");

/** The history of the fault runs: 40 groups x 150 messages and 20 1:1 conversations of 10 (200 messages). */
const FAULT_SHAPE: HistoryShape = { groups: 40, messagesPerGroup: 150, pairs: 20, messagesPerPair: 10, prefix: "hrel" };

/** Writes the results so far over the file's keys (a history-only run keeps the others). */
function save(results: Record<string, unknown>): void {
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  const before = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...before, ...results }, null, 2)}\n`);
}

async function objectFigures(): Promise<void> {
  const sample = Manifest.parse(readManifest(join(REPO_ROOT, "examples/manifests/sample.json")));
  const large = generateManifest({ groups: 150, membersPerGroup: 30, prefix: "rel" });
  const runs: (ReliabilityFigures & { manifest: string })[] = [];
  for (const [name, manifest, seeds] of [
    ["sample (20 groups)", sample, [1, 2, 3, 4, 5]],
    ["generated (150 groups x 30)", large, [1, 2]],
  ] as const) {
    for (const seed of seeds) {
      const figures = await faultRun(manifest, seed);
      runs.push({ manifest: name, ...figures });
      console.error(
        `${name} seed ${seed}: ${figures.faultTotal} faults, ${figures.runs} run(s), ${figures.objectsVerified} objects, ${figures.differences.length} differences`,
      );
    }
  }
  const interruption = await interruptionRun(generateManifest({ groups: 100, membersPerGroup: 20, prefix: "cut" }), 40);
  // check.spec.ts: 4 resources x 400 runs, 400 name lengths, 100 custom-string lengths.
  const propertyInputs = 4 * 400 + 400 + 100;
  save({ date: new Date().toISOString(), runs, interruption, propertyInputs });

  console.log("| manifest | seed | faults injected | by kind | `pulumi up` runs | objects verified | differences |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of runs) {
    const kinds: Record<string, number> = {};
    for (const [key, n] of Object.entries(r.faults)) {
      const kind = key.split(":").slice(1).join(" "); // "reset", "drop-after-apply", "error 10002"
      kinds[kind] = (kinds[kind] ?? 0) + n;
    }
    console.log(
      `| ${r.manifest} | ${r.seed} | ${r.faultTotal} | ${Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")} | ${r.runs} | ${r.objectsVerified} | ${r.differences.length} |`,
    );
  }
  console.log(
    `\nInterruption: killed ${interruption.processesKilled} processes after ${interruption.killedAfterGroups} of 100 groups, ` +
      `${interruption.pendingOperations} pending operations; recovered with ${interruption.recoveryCommands.map((c) => `\`${c}\``).join(", ")}; ` +
      `${interruption.differences.length} differences.`,
  );
  console.log(`Property-based inputs tried per test run: ${propertyInputs}.`);
}

/** The kinds in a fixed order, so the tables of every seed read alike. */
const KIND_ORDER = ["drop-after-apply", "reset", "502", "502 after apply", "timeout", "timeout after apply"];

function printHistoryFaults(runs: readonly HistoryFaultFigures[]): void {
  const shape = FAULT_SHAPE;
  console.log(
    `\nMessage history under faults: ${shape.groups} groups x ${shape.messagesPerGroup} messages and ${shape.pairs} 1:1 conversations of ${shape.messagesPerPair}, faults on import_group_msg, group_msg_get_simple and importmsg.\n`,
  );
  console.log(
    "| seed | faults injected | by kind | `pulumi up` runs | messages stored / read back by `verify` | missing (state / verify) | duplicated | out of order | wrongly refused |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of runs) {
    const kinds = Object.entries(r.byKind)
      .sort(([a], [b]) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    const declared = (r.declared.group + r.declared.c2c).toLocaleString("en-US");
    console.log(
      `| ${r.seed} | ${r.faultTotal} | ${kinds} | ${r.runs}${r.converged ? "" : " (not converged)"} | ${r.stored.toLocaleString("en-US")} of ${declared} / ${r.verify.messages.toLocaleString("en-US")} | ${r.missing} / ${r.verify.missing} | ${r.duplicated} / ${r.verify.duplicated} | ${r.outOfOrder} / ${r.verify.outOfOrder} | ${r.refused} |`,
    );
  }
}

function printHistoryKills(kills: readonly HistoryKillFigures[], shape: HistoryShape): void {
  console.log(
    `\nKill -9 during a ${(shape.groups * shape.messagesPerGroup).toLocaleString("en-US")}-message import (${shape.groups} groups x ${shape.messagesPerGroup}, one resource per object), then \`recover\` and \`verify --history\`:\n`,
  );
  console.log(
    "| # | backend | killed after calls | processes killed | recovery (s) | messages verified | missing | duplicated | out of order | other differences |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  kills.forEach((k, i) => {
    const other = k.differences.length - (k.missing + k.duplicated + k.outOfOrder);
    console.log(
      `| ${i + 1} | ${k.backend === "postgres" ? "PostgreSQL" : "file"} | ${k.callsAtKill.toLocaleString("en-US")} of ~${k.totalCalls.toLocaleString("en-US")} | ${k.processesKilled} | ${k.recoverySeconds} | ${k.messagesVerified.toLocaleString("en-US")} | ${k.missing} | ${k.duplicated} | ${k.outOfOrder} | ${other} |`,
    );
  });
}

async function historyFigures(): Promise<void> {
  const historyFaultRuns: HistoryFaultFigures[] = [];
  for (let seed = 1; seed <= Number(values["fault-seeds"]); seed += 1) {
    const figures = await historyFaultRun(FAULT_SHAPE, seed);
    historyFaultRuns.push(figures);
    console.error(
      `history faults seed ${seed}: ${figures.faultTotal} faults ${JSON.stringify(figures.byKind)}, ${figures.runs} run(s), ${figures.stored} stored, verify read ${figures.verify.messages}, ${figures.differences.length} differences`,
    );
    save({ historyFaultRuns });
  }
  printHistoryFaults(historyFaultRuns);

  const shape: HistoryShape = {
    ...HISTORY_KILL_SHAPE,
    groups: Number(values["kill-groups"]),
    messagesPerGroup: Number(values["kill-messages"]),
  };
  const moments = historyKillMoments(shape, Number(values["kill-moments"]), 301);
  const postgresUrl = process.env.TENCENT_CHAT_TEST_POSTGRES_URL;
  const kills: HistoryKillFigures[] = [];
  console.error(`history kills: ${moments.length} moments of about ${historyRunCalls(shape)} calls`);
  await historyKillRun(shape, moments, postgresUrl, (figures) => {
    kills.push(figures);
    console.error(
      `history kill ${kills.length}/${moments.length} (${figures.backend}): killed ${figures.processesKilled} processes at ${figures.callsAtKill} calls, recovered in ${figures.recoverySeconds} s, verify read ${figures.messagesVerified}, ${figures.differences.length} differences`,
    );
    save({ historyKills: { shape, moments: kills } });
  });
  printHistoryKills(kills, shape);
}

async function main(): Promise<void> {
  if (values.only !== "history") await objectFigures();
  await historyFigures();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
