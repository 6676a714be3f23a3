import { HISTORY_LIMITS } from "../provider/migration/history";
import { validateManifest } from "../provider/migration/validate";
import { generateHistory, type HistoryShape, historyManifest } from "./history-reliability";
import { type KillMoment, type KillOutcome, killAndRecover, seededMoments } from "./kill-recovery";

/** The 100,000-message import the README's kill figures are of: 100 groups x 1,000 messages, one resource per object. */
export const HISTORY_KILL_SHAPE: HistoryShape = { groups: 100, messagesPerGroup: 1000, pairs: 0, messagesPerPair: 0, prefix: "hkill" };

/**
 * The API calls of a migration of `shape` (group history only), by the manifest's estimate plus one read-back and
 * a call per 7 messages for each group's conversation.
 */
export function historyRunCalls(shape: HistoryShape): number {
  const estimate = validateManifest(historyManifest(shape)).estimate.calls;
  const base = Object.values(estimate).reduce((a, b) => a + b, 0);
  return base + shape.groups * (1 + Math.ceil(shape.messagesPerGroup / HISTORY_LIMITS.groupMessagesPerCall));
}

/**
 * `count` kill moments spread over the run: the calls from 5% to 95% of it cut into `count` equal slots, a seeded
 * point in each, so the kills fall early, midway and late in the import rather than wherever chance puts them.
 * Slots 1 and 3 of every 5 are on PostgreSQL (4 of 10: slots 1, 3, 6, 8), the rest on the file backend; all in
 * the per-object form, the root program's default.
 */
export function historyKillMoments(shape: HistoryShape, count: number, seed: number): KillMoment[] {
  const total = historyRunCalls(shape);
  const start = Math.floor(total * 0.05);
  const width = (total * 0.9) / count;
  const offsets = seededMoments(seed, count, 1000).map((n) => n / 1000);
  return offsets.map((offset, i) => ({
    form: "per-object" as const,
    backend: i % 5 === 1 || i % 5 === 3 ? ("postgres" as const) : ("file" as const),
    killAfterCalls: start + Math.floor((i + offset) * width),
  }));
}

/** The figures of one kill moment of a history import. */
export interface HistoryKillFigures {
  backend: KillMoment["backend"];
  killAfterCalls: number;
  /** Calls the emulator had answered when the processes were gone, of about `totalCalls`. */
  callsAtKill: number;
  totalCalls: number;
  processesKilled: number;
  recoverySeconds: number;
  /** Messages `verify --history` read back after the recovery, and what it found missing, duplicated, out of order. */
  messagesVerified: number;
  missing: number;
  duplicated: number;
  outOfOrder: number;
  /** Every difference left: the emulator's state against the manifest and the history, then verify's. */
  differences: string[];
  previewChanges: Record<string, number>;
}

function figuresOf(outcome: KillOutcome, totalCalls: number): HistoryKillFigures {
  return {
    backend: outcome.backend,
    killAfterCalls: outcome.killAfterCalls,
    callsAtKill: outcome.callsAtKill,
    totalCalls,
    processesKilled: outcome.processesKilled,
    recoverySeconds: outcome.recoverySeconds,
    messagesVerified: outcome.verify?.messages ?? 0,
    missing: outcome.verify?.missing ?? 0,
    duplicated: outcome.verify?.duplicated ?? 0,
    outOfOrder: outcome.verify?.outOfOrder ?? 0,
    differences: outcome.differences.slice(0, 50),
    previewChanges: outcome.previewChanges,
  };
}

/**
 * Kills `pulumi up` of a migration of `shape` with its history at each moment (`kill -9` of the whole process
 * tree), recovers with `tencent-chat-migrate recover` and verifies with `tencent-chat-migrate verify --history`,
 * each moment on a fresh emulator and stack. `onMoment` is told each moment's figures as they come.
 */
export async function historyKillRun(
  shape: HistoryShape,
  moments: readonly KillMoment[],
  postgresUrl: string | undefined,
  onMoment: (figures: HistoryKillFigures) => void = () => {},
): Promise<HistoryKillFigures[]> {
  const manifest = historyManifest(shape);
  const history = generateHistory(manifest, shape);
  const totalCalls = historyRunCalls(shape);
  const results: HistoryKillFigures[] = [];
  for (const moment of moments) {
    const figures = figuresOf(await killAndRecover(manifest, moment, postgresUrl, history), totalCalls);
    results.push(figures);
    onMoment(figures);
  }
  return results;
}
