/**
 * What a converter says about its input: every change made to fit Tencent's limits, everything that does not map,
 * and every problem that stops the conversion, each with where it came from (`members.csv:17`,
 * `users.json[3] U01`) and why. The one report shape of every `from-*` command.
 */

/** One thing that was changed to fit, left out, or found broken, with where it came from and why. */
export interface ReportItem {
  source: string;
  reason: string;
}

/** The kinds of report item: `problems` stop the conversion; the other two are information. */
export type ReportKind = "adjusted" | "unmapped" | "problems";

/** What a conversion adjusted, could not map, and found broken. */
export interface ConversionReport {
  adjusted: ReportItem[];
  unmapped: ReportItem[];
  /** Broken input: with any of these no manifest is written. */
  problems: ReportItem[];
  /** How many of each kind there were; the lists keep the first {@link REPORT_LIST_LIMIT} of each. */
  counts: Record<ReportKind, number>;
}

/**
 * How many items of each kind a report lists. A million-line input can repeat one adjustment a million times; the
 * count stays exact and the first items show where to look.
 */
export const REPORT_LIST_LIMIT = 10_000;

/** Collects report items, listing at most `limit` of each kind and counting them all. */
export class ReportCollector {
  readonly report: ConversionReport = { adjusted: [], unmapped: [], problems: [], counts: { adjusted: 0, unmapped: 0, problems: 0 } };

  constructor(private readonly limit = REPORT_LIST_LIMIT) {}

  add(kind: ReportKind, source: string, reason: string): void {
    this.report.counts[kind] += 1;
    if (this.report[kind].length < this.limit) this.report[kind].push({ source, reason });
  }

  adjusted(source: string, reason: string): void {
    this.add("adjusted", source, reason);
  }

  unmapped(source: string, reason: string): void {
    this.add("unmapped", source, reason);
  }

  problem(source: string, reason: string): void {
    this.add("problems", source, reason);
  }

  /** Whether anything broken was found. */
  get failed(): boolean {
    return this.report.counts.problems > 0;
  }
}

/** One line per kind with its count, then each listed item: what every `from-*` command prints to stderr. */
export function formatReport(command: string, summary: string, report: ConversionReport): string[] {
  const { counts } = report;
  const lines = [`${command}: ${summary}; ${counts.adjusted} adjusted, ${counts.unmapped} not mapped, ${counts.problems} problem(s)`];
  for (const kind of ["problems", "adjusted", "unmapped"] as const) {
    if (counts[kind] === 0) continue;
    const label = kind === "problems" ? "problem" : kind === "adjusted" ? "adjusted" : "not mapped";
    for (const item of report[kind]) lines.push(`  ${label}: ${item.source}: ${item.reason}`);
    const more = counts[kind] - report[kind].length;
    if (more > 0) lines.push(`  ... and ${more} more ${label} (the report lists the first ${report[kind].length})`);
  }
  return lines;
}
