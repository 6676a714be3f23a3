/**
 * Calls and rejections per command and second over the last minutes: what the console's live chart draws. A ring
 * of one-second buckets, so memory stays fixed however long the emulator runs.
 */

/** One second of calls. */
export interface HistoryBucket {
  /** Unix seconds. */
  second: number;
  calls: number;
  rejected: number;
  /** Per command: [calls, rejected]. */
  commands: Record<string, [number, number]>;
}

/** See the module comment. */
export class CallHistory {
  private readonly buckets: HistoryBucket[] = [];

  constructor(
    private readonly seconds = 120,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Counts one answered call. */
  record(command: string, rejected: boolean): void {
    const second = this.now();
    let bucket = this.buckets.at(-1);
    if (!bucket || bucket.second !== second) {
      bucket = { second, calls: 0, rejected: 0, commands: {} };
      this.buckets.push(bucket);
      while (this.buckets.length > 0 && this.buckets[0]!.second <= second - this.seconds) this.buckets.shift();
    }
    bucket.calls += 1;
    let counts = bucket.commands[command];
    if (counts == null) {
      counts = [0, 0];
      bucket.commands[command] = counts;
    }
    counts[0] += 1;
    if (rejected) {
      bucket.rejected += 1;
      counts[1] += 1;
    }
  }

  /** One bucket per second of the window, oldest first, seconds without calls included as zeros. */
  series(): HistoryBucket[] {
    const end = this.now();
    const bySecond = new Map(this.buckets.map((b) => [b.second, b]));
    return Array.from({ length: this.seconds }, (_, i) => end - this.seconds + 1 + i).map(
      (second) => bySecond.get(second) ?? { second, calls: 0, rejected: 0, commands: {} },
    );
  }

  clear(): void {
    this.buckets.length = 0;
  }
}
