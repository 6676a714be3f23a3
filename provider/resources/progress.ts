/**
 * Logs progress of a large import at every tenth; the provider's stdout shows in `pulumi up`. Imports of fewer
 * than 1,000 items stay quiet.
 */
export function progressLogger(prefix: string, noun: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (total >= 1000 && tenth !== lastTenth) {
      lastTenth = tenth;
      console.log(`${prefix}imported ${done}/${total} ${noun}`);
    }
  };
}

/** A duration as a person reads it in a progress line: `40 s`, `12 min`, `3 h 05 min`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 90) return `${whole} s`;
  const minutes = Math.round(whole / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Options of {@link rateLogger}. */
export interface RateLoggerOptions {
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
  /** A line at least this often while the import runs, besides every tenth: a long import is never silent for long. */
  everyMs?: number;
}

/**
 * Like {@link progressLogger}, with the pace since the logger was made and the time left at that pace:
 * `imported 2400/12000 messages (196/s, about 49 s left)`. Logs at every tenth and at least every `everyMs`
 * (30 s by default); imports of fewer than 1,000 items stay quiet.
 */
export function rateLogger(prefix: string, noun: string, options: RateLoggerOptions = {}): (done: number, total: number) => void {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 30_000;
  const started = now();
  // The first line at the first tenth (or after `everyMs`): a pace over the first few calls says little.
  let lastTenth = 0;
  let lastAt = started;
  return (done, total) => {
    if (total < 1000) return;
    const tenth = Math.floor((done / total) * 10);
    const at = now();
    if (tenth === lastTenth && at - lastAt < everyMs) return;
    lastTenth = tenth;
    lastAt = at;
    const perSecond = at > started ? (done * 1000) / (at - started) : 0;
    const pace =
      done >= total
        ? `${Math.round(perSecond)}/s, in ${formatDuration((at - started) / 1000)}`
        : perSecond > 0
          ? `${Math.round(perSecond)}/s, about ${formatDuration((total - done) / perSecond)} left`
          : "time left not known yet";
    console.log(`${prefix}imported ${done}/${total} ${noun} (${pace})`);
  };
}
