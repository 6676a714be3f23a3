/**
 * What a converter says about its input: every change made to fit Tencent's limits, everything that does not map,
 * and every problem that stops the conversion, each with where it came from (`members.csv:17`,
 * `users.json[3] U01`) and why, and a reconciliation per kind of record (records in = mapped + adjusted + not
 * mapped + refused), so that nothing leaves without a line. The one report shape of every `from-*` command.
 */

/**
 * One thing that was changed to fit, left out, or found broken, with where it came from and why. A finding that
 * repeats (3,000 1:1 conversations) is one item with its `count` and the first few `examples` of where it was.
 */
export interface ReportItem {
  source: string;
  reason: string;
  /** How many records this item stands for, when it groups a repeated finding. */
  count?: number;
  /** Where the first few of a grouped finding were (the first is also `source`). */
  examples?: string[];
}

/** The kinds of report item: `problems` stop the conversion; the other two are information. */
export type ReportKind = "adjusted" | "unmapped" | "problems";

/** What became of each record of one kind (users, groups, memberships, messages, ...). */
export interface Tally {
  /** Records read. */
  in: number;
  /** Taken as they were. */
  mapped: number;
  /** Taken with a change to fit (a name cut, an ID given, a join time moved). */
  adjusted: number;
  /** Left out, with a line in the report saying why. */
  unmapped: number;
  /** Broken: with any, no manifest is written. */
  problems: number;
}

/** The outcome of one record: a {@link Tally} field other than `in`. */
export type Outcome = Exclude<keyof Tally, "in">;

/** What a conversion adjusted, could not map, and found broken, and what became of every record. */
export interface ConversionReport {
  adjusted: ReportItem[];
  unmapped: ReportItem[];
  /** Broken input: with any of these no manifest is written. */
  problems: ReportItem[];
  /** How many of each kind there were; the lists keep the first {@link REPORT_LIST_LIMIT} of each. */
  counts: Record<ReportKind, number>;
  /** Per kind of record: records in = mapped + adjusted + unmapped + problems. */
  reconciliation: Record<string, Tally>;
}

/**
 * How many items of each kind a report lists. A million-line input can repeat one adjustment a million times; the
 * count stays exact and the first items show where to look.
 */
export const REPORT_LIST_LIMIT = 10_000;

/** How many places a grouped finding names. */
export const GROUP_EXAMPLES = 5;

/** Collects report items, listing at most `limit` of each kind and counting them all. */
export class ReportCollector {
  readonly report: ConversionReport = {
    adjusted: [],
    unmapped: [],
    problems: [],
    counts: { adjusted: 0, unmapped: 0, problems: 0 },
    reconciliation: {},
  };
  private readonly grouped = new Map<string, ReportItem>();

  constructor(private readonly limit = REPORT_LIST_LIMIT) {}

  /**
   * Adds an item. With `group`, every item of the same kind and group is one item that counts them and names the
   * first {@link GROUP_EXAMPLES} sources; its reason is the first one's.
   */
  add(kind: ReportKind, source: string, reason: string, group?: string): void {
    this.report.counts[kind] += 1;
    if (group !== undefined) {
      const key = `${kind}\u0000${group}`;
      const item = this.grouped.get(key);
      if (item) {
        item.count = (item.count ?? 1) + 1;
        if (item.examples!.length < GROUP_EXAMPLES) item.examples!.push(source);
        return;
      }
      const first: ReportItem = { source, reason, count: 1, examples: [source] };
      this.grouped.set(key, first);
      if (this.report[kind].length < this.limit) this.report[kind].push(first);
      return;
    }
    if (this.report[kind].length < this.limit) this.report[kind].push({ source, reason });
  }

  adjusted(source: string, reason: string, group?: string): void {
    this.add("adjusted", source, reason, group);
  }

  unmapped(source: string, reason: string, group?: string): void {
    this.add("unmapped", source, reason, group);
  }

  problem(source: string, reason: string, group?: string): void {
    this.add("problems", source, reason, group);
  }

  private tallyOf(record: string): Tally {
    const known = this.report.reconciliation[record];
    if (known) return known;
    const tally: Tally = { in: 0, mapped: 0, adjusted: 0, unmapped: 0, problems: 0 };
    this.report.reconciliation[record] = tally;
    return tally;
  }

  /** Counts `count` records of `record` (users, groups, ...) read, whose outcome is decided later. */
  received(record: string, count = 1): void {
    this.tallyOf(record).in += count;
  }

  /** Counts the outcome of `count` records of `record` counted by {@link received} before. */
  decided(record: string, outcome: Outcome, count = 1): void {
    this.tallyOf(record)[outcome] += count;
  }

  /** Counts `count` records of `record` read with the given outcome. */
  tally(record: string, outcome: Outcome, count = 1): void {
    this.received(record, count);
    this.decided(record, outcome, count);
  }

  /** Records read so far, of every kind. */
  get recordsRead(): number {
    let total = 0;
    for (const tally of Object.values(this.report.reconciliation)) total += tally.in;
    return total;
  }

  /** Moves one counted record of `record` from one outcome to another (a group found too large at the end). */
  retally(record: string, from: Outcome, to: Outcome): void {
    const tally = this.report.reconciliation[record];
    if (!tally || tally[from] === 0 || from === to) return;
    tally[from] -= 1;
    tally[to] += 1;
  }

  /** Whether anything broken was found. */
  get failed(): boolean {
    return this.report.counts.problems > 0;
  }
}

const WORST_FIRST: Outcome[] = ["problems", "unmapped", "adjusted", "mapped"];

/** The outcome of a record from the report counts before and after it was taken: the worst item it caused. */
export function outcomeSince(before: Record<ReportKind, number>, after: Record<ReportKind, number>): Outcome {
  return WORST_FIRST.find((outcome) => outcome !== "mapped" && after[outcome] > before[outcome]) ?? "mapped";
}

/** The worse of two outcomes (a problem over not mapped over adjusted over mapped). */
export function worse(a: Outcome, b: Outcome): Outcome {
  return WORST_FIRST.indexOf(a) <= WORST_FIRST.indexOf(b) ? a : b;
}

/** The report's reconciliation as lines: one per kind of record, `in = mapped + adjusted + not mapped + refused`. */
export function formatReconciliation(reconciliation: Record<string, Tally>): string[] {
  const kinds = Object.keys(reconciliation);
  if (kinds.length === 0) return [];
  const lines = ["  accounted for (records in = mapped + adjusted + not mapped + problems):"];
  for (const kind of kinds) {
    const t = reconciliation[kind]!;
    lines.push(`    ${kind}: ${t.in} = ${t.mapped} + ${t.adjusted} + ${t.unmapped} + ${t.problems}`);
  }
  return lines;
}

/** One item as a line: `source: reason`, or for a grouped one its count, reason and first places. */
export function formatItem(item: ReportItem): string {
  if (item.count === undefined || item.count === 1) return `${item.source}: ${item.reason}`;
  const more = item.count - item.examples!.length;
  return `${item.count} times: ${item.reason} (${item.examples!.join(", ")}${more > 0 ? `, and ${more} more` : ""})`;
}

/** One line per kind with its count, then each listed item, then the reconciliation: what every `from-*` command prints to stderr. */
export function formatReport(command: string, summary: string, report: ConversionReport): string[] {
  const { counts } = report;
  const lines = [`${command}: ${summary}; ${counts.adjusted} adjusted, ${counts.unmapped} not mapped, ${counts.problems} problem(s)`];
  for (const kind of ["problems", "adjusted", "unmapped"] as const) {
    if (counts[kind] === 0) continue;
    const label = kind === "problems" ? "problem" : kind === "adjusted" ? "adjusted" : "not mapped";
    let listed = 0;
    for (const item of report[kind]) {
      listed += item.count ?? 1;
      lines.push(`  ${label}: ${formatItem(item)}`);
    }
    const more = counts[kind] - listed;
    if (more > 0) lines.push(`  ... and ${more} more ${label} (the report lists the first ${report[kind].length})`);
  }
  return [...lines, ...formatReconciliation(report.reconciliation ?? {})];
}
