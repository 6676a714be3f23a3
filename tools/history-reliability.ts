import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FaultConfig, FaultRule } from "../emulator/faults";
import { startEmulator } from "../emulator/server";
import type { EmulatorState } from "../emulator/store";
import { C2C_ORDER, historyDifferences } from "../provider/migration/audit";
import { generateManifest } from "../provider/migration/generate";
import { conversationName, type HistoryMessage, messageRandom } from "../provider/migration/history";
import type { Manifest } from "../provider/migration/manifest";
import { c2cMsgSeqs } from "../provider/resources/c2c-history/sync";
import { historyDifferencesIn } from "./kill-recovery";
import { createLocalStack, emulatorStackConfig, repoProgram } from "./lib/local-stack";
import { type VerifyFigures, verifyWithCli } from "./lib/migrate-cli";

/** The size of a generated migration with history. */
export interface HistoryShape {
  groups: number;
  /** Messages in each group's conversation. */
  messagesPerGroup: number;
  /** 1:1 conversations, each between two accounts of the manifest. */
  pairs: number;
  messagesPerPair: number;
  /** Prefix of the manifest's IDs and keys. */
  prefix: string;
}

/** Groups of 10 members (a tenth communities), as the history benchmark migrates. */
export function historyManifest(shape: HistoryShape): Manifest {
  return generateManifest({ groups: shape.groups, membersPerGroup: 10, prefix: shape.prefix });
}

/**
 * A history for {@link historyManifest}: each group's conversation from its owner and members, three messages to a
 * second (so the importer spreads them a second apart), after the group's creation; and `pairs` 1:1 conversations
 * between two accounts, two messages to a second. Deterministic: the same shape gives the same messages.
 */
export function generateHistory(manifest: Manifest, shape: HistoryShape): HistoryMessage[] {
  const history: HistoryMessage[] = [];
  for (const group of manifest.groups.slice(0, shape.groups)) {
    const people = [group.ownerAccount!, ...Object.keys(group.members)];
    for (let i = 0; i < shape.messagesPerGroup; i += 1) {
      history.push({
        conversation: group.key,
        id: `${group.key}-m${i}`,
        from: people[(i * 7) % people.length]!,
        time: group.createTime! + 100 + Math.floor(i / 3),
        body: [{ type: "text", text: `${group.key} message ${i}` }],
      });
    }
  }
  const accounts = Object.keys(manifest.accounts);
  const firstTime = Math.max(...manifest.groups.map((g) => g.createTime ?? 0)) + 100;
  for (let p = 0; p < shape.pairs; p += 1) {
    // Neighbours first, then accounts two apart, and so on: every pair is a different two people.
    const a = accounts[p % accounts.length]!;
    const b = accounts[(p + 1 + Math.floor(p / accounts.length)) % accounts.length]!;
    for (let i = 0; i < shape.messagesPerPair; i += 1) {
      history.push({
        conversation: [a, b],
        id: `dm${p}-m${i}`,
        from: i % 2 === 0 ? a : b,
        time: firstTime + p * 1000 + Math.floor(i / 2),
        body: [{ type: "text", text: `direct message ${i} of ${a} and ${b}` }],
      });
    }
  }
  return history;
}

/** The history commands the fault runs hit, and how often each kind of fault (per call, before `rate`). */
const HISTORY_FAULTS: { command: string; action: FaultRule["action"]; probability: number }[] = [
  ...["import_group_msg", "importmsg"].flatMap((command) => [
    { command, probability: 0.03, action: { type: "drop-after-apply" as const } },
    { command, probability: 0.03, action: { type: "reset" as const } },
    { command, probability: 0.015, action: { type: "http-error" as const, status: 502, afterApply: false } },
    { command, probability: 0.015, action: { type: "http-error" as const, status: 502, afterApply: true } },
    { command, probability: 0.008, action: { type: "timeout" as const, ms: 60_000, afterApply: false } },
    { command, probability: 0.008, action: { type: "timeout" as const, ms: 60_000, afterApply: true } },
  ]),
  // The read-back decides where an import goes on: its answers lost or refused must never mislead it.
  { command: "group_msg_get_simple", probability: 0.03, action: { type: "drop-after-apply" } },
  { command: "group_msg_get_simple", probability: 0.03, action: { type: "reset" } },
  { command: "group_msg_get_simple", probability: 0.03, action: { type: "http-error", status: 502, afterApply: false } },
  { command: "group_msg_get_simple", probability: 0.01, action: { type: "timeout", ms: 60_000, afterApply: false } },
];

/**
 * The fault mix of the history runs, with a fixed seed: on import_group_msg and importmsg, answers lost after the
 * service stored the messages (a reset, a 502 or a timeout after applying), and resets, 502s and timeouts before;
 * on group_msg_get_simple, lost answers, resets, 502s and timeouts. Each kind hits its command's first calls once
 * for certain (so every run sees every kind, whatever its size), then at its probability; `rate` scales those.
 */
export function historyFaultMix(seed: number, rate = 1): FaultConfig {
  return {
    seed,
    rules: [
      ...HISTORY_FAULTS.map((rule) => ({ ...rule, probability: 1, times: 1 })),
      ...HISTORY_FAULTS.map((rule) => ({ ...rule, probability: Math.min(1, rule.probability * rate) })),
    ],
  };
}

/** The kind of an injected fault by its counter's key (`command:type[:detail][:after-apply]`): `502 after apply`, `reset`. */
export function faultKind(key: string): string {
  const [, type, ...rest] = key.split(":");
  const applied = rest.at(-1) === "after-apply";
  const detail = applied ? rest.slice(0, -1) : rest;
  const name = type === "http-error" ? detail.join(" ") : [type, ...detail].join(" ");
  return applied ? `${name} after apply` : name!;
}

/** Figures of one history fault run. */
export interface HistoryFaultFigures {
  seed: number;
  /** Faults injected, by the emulator's counter (`command:kind`). */
  faults: Record<string, number>;
  /** The same by kind over the three commands: `drop-after-apply`, `reset`, `502`, `502 after apply`, `timeout`, ... */
  byKind: Record<string, number>;
  faultTotal: number;
  /** `pulumi up` runs until one succeeded (or `maxRuns`). */
  runs: number;
  converged: boolean;
  /** Messages the history declares: in group conversations and in 1:1 ones. */
  declared: { group: number; c2c: number };
  /** The emulator's state compared with the history per conversation: messages found (once or more), and differences. */
  stored: number;
  missing: number;
  duplicated: number;
  outOfOrder: number;
  extra: number;
  /** Messages the state records as refused by the service (none should be: the history holds no bad message). */
  refused: number;
  /** `tencent-chat-migrate verify --history` over HTTP after the last run. */
  verify: VerifyFigures;
  /** The first differences found (the emulator's state, then verify), for the report. */
  differences: string[];
}

/**
 * Each 1:1 conversation of the history against the emulator's `c2cMessages` (missing, duplicated, out of order,
 * extra), as `verify --history` compares what admin_getroammsg reads: the MsgRandom, MsgSeq and MsgTimeStamp the
 * importer sends, in the conversation's stored order (time, then MsgSeq).
 */
export function c2cHistoryDifferencesIn(state: EmulatorState, history: readonly HistoryMessage[]): string[] {
  const byConversation = new Map<string, { message: HistoryMessage; line: number }[]>();
  history.forEach((message, line) => {
    if (typeof message.conversation === "string") return;
    const name = conversationName(message.conversation);
    const list = byConversation.get(name) ?? [];
    list.push({ message, line });
    byConversation.set(name, list);
  });
  const found: string[] = [];
  for (const [name, entries] of byConversation) {
    const [a, b] = name.split("|") as [string, string];
    const ordered = entries.sort((x, y) => x.message.time - y.message.time || x.line - y.line).map((e) => e.message);
    const seqs = c2cMsgSeqs(name, ordered);
    const expected = ordered.map((m, i) => ({ id: m.id, random: messageRandom(name, m.id), from: m.from, time: m.time, seq: seqs[i]! }));
    const live = (state.c2cMessages?.[a]?.[b] ?? []).map((m) => ({
      msgSeq: m.msgSeq,
      msgRandom: m.msgRandom,
      fromAccount: m.fromAccount,
      msgTimeStamp: m.msgTimeStamp,
    }));
    for (const d of historyDifferences(name, expected, live, C2C_ORDER)) found.push(`${d.kind} ${d.path}: ${d.detail}`);
  }
  return found;
}

/** Messages the emulator holds in every group and 1:1 conversation. */
function storedMessages(state: EmulatorState): number {
  const groups = Object.values(state.groupMessages ?? {}).reduce((n, list) => n + list.length, 0);
  const c2c = Object.values(state.c2cMessages ?? {}).reduce((n, byPeer) => n + Object.values(byPeer).reduce((m, l) => m + l.length, 0), 0);
  return groups + c2c;
}

/** Messages recorded as refused in a stack's state: every resource's `refused` output. */
function refusedInState(exported: string): number {
  const { deployment } = JSON.parse(exported) as { deployment: { resources?: { outputs?: { refused?: unknown } }[] } };
  return (deployment.resources ?? []).reduce((n, r) => n + (Array.isArray(r.outputs?.refused) ? r.outputs.refused.length : 0), 0);
}

const count = (differences: readonly string[], kind: string) => differences.filter((d) => d.startsWith(`${kind} `)).length;

/**
 * Imports a generated migration with its history through plain `pulumi up` of the root program while the emulator
 * injects {@link historyFaultMix}, re-running `pulumi up` until one succeeds (at most `maxRuns`), then compares
 * every conversation the emulator holds with the history and runs `tencent-chat-migrate verify --history`.
 */
export async function historyFaultRun(
  shape: HistoryShape,
  seed: number,
  options: { rate?: number; maxRuns?: number } = {},
): Promise<HistoryFaultFigures> {
  const manifest = historyManifest(shape);
  const history = generateHistory(manifest, shape);
  const scratch = mkdtempSync(join(tmpdir(), "history-reliability-"));
  const manifestPath = join(scratch, "manifest.json");
  const historyPath = join(scratch, "history.jsonl");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  writeFileSync(historyPath, history.map((m) => `${JSON.stringify(m)}\n`).join(""));
  // A cache of its own: the split conversations and the refused files of this run only.
  const env = { TENCENT_CHAT_HISTORY_CACHE: join(scratch, "cache") };
  const emulator = await startEmulator({ latencyMs: 5 });
  const target = { url: emulator.url, ...emulator.app };
  const local = await createLocalStack({
    env,
    projectName: "reliability-history",
    program: { programModule: repoProgram("program/program.js", "migrationProgram", () => [manifestPath, { historyPath }]) },
    // The shortest timeout the provider takes, so a call the emulator never answers costs 3.5 s.
    config: emulatorStackConfig(target, { requestTimeoutMs: "3500" }),
  });
  try {
    emulator.faults.configure(historyFaultMix(seed, options.rate));
    const maxRuns = options.maxRuns ?? 5;
    let runs = 0;
    let converged = false;
    while (runs < maxRuns && !converged) {
      runs++;
      converged = await local.stack.up().then(
        () => true,
        // A run stops when a call fails past its retries and read-backs; the next one goes on from the state.
        () => false,
      );
    }
    const faults = Object.fromEntries(emulator.faults.injected);
    emulator.faults.configure({ rules: [] });
    const groupIds = (await local.stack.outputs()).groupIds?.value as Record<string, string>;
    const state = emulator.store.state;
    const differences = [...historyDifferencesIn(state, history, groupIds), ...c2cHistoryDifferencesIn(state, history)];
    const verify = await verifyWithCli(local.workDir, target, { manifest: manifestPath, history: historyPath }, local.stack.name, env);
    const byKind: Record<string, number> = {};
    for (const [key, n] of Object.entries(faults)) byKind[faultKind(key)] = (byKind[faultKind(key)] ?? 0) + n;
    return {
      seed,
      faults,
      byKind,
      faultTotal: Object.values(faults).reduce((a, b) => a + b, 0),
      runs,
      converged,
      declared: {
        group: history.filter((m) => typeof m.conversation === "string").length,
        c2c: history.filter((m) => typeof m.conversation !== "string").length,
      },
      stored: storedMessages(state),
      missing: count(differences, "missing"),
      duplicated: count(differences, "duplicated"),
      outOfOrder: count(differences, "out-of-order"),
      extra: count(differences, "extra"),
      refused: refusedInState(await local.cli(["stack", "export"])),
      verify,
      differences: [...differences, ...verify.differences.map((d) => `verify: ${d}`)].slice(0, 50),
    };
  } finally {
    await local.dispose();
    await emulator.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
