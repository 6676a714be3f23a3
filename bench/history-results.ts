/** The shape of bench/results/history-SML.json: written by bench/history.ts, read by bench/report.ts. */

/** One `pulumi up` of the root program with a history, and its measures. */
export interface HistoryRun {
  label: string;
  groupMessages: number;
  c2cMessages: number;
  upSeconds: number;
  noOpPreviewSeconds: number;
  /** Calls of the history commands, by command. */
  calls: Record<string, number>;
  /** Answers the emulator rate-limited. */
  rejected: number;
  /** Messages the emulator holds after the run. */
  stored: number;
  /** Bytes of the history resources in the exported state, per conversation (group and 1:1). */
  stateBytesPerConversation: { group?: number; c2c?: number };
  /** Peak resident memory of the dynamic provider process, MiB. */
  providerPeakMiB?: number;
}

/** A run with history, against the baseline and its floor. */
export interface HistoryRow extends HistoryRun {
  /** The same migration's `up` without history, in the same run. */
  baselineUpSeconds?: number;
  floorSeconds: number;
  /** The run's `up` less the baseline's. */
  historySeconds: number;
  ratioToFloor: number;
}

/** The whole result file. */
export interface HistoryReport {
  date: string;
  groups: number;
  latencyMs: number;
  groupsPerBatch: number;
  baseline: HistoryRun;
  runs: HistoryRow[];
}
