/**
 * Spaces calls evenly so that no more than `perSecond` start in any second. Callers wait in a queue and one is
 * let go per interval: even spacing (rather than bursts) keeps a token-bucket server from ever refusing us, and a
 * queue (rather than slots reserved in advance) lets a call that others wait on in sequence (the next page of a
 * cursor) go first, without the command going any faster.
 */
export class RateLimiter {
  /** When the next call may start. */
  private nextSlotMs = 0;
  private readonly intervalMs: number;
  private readonly urgent: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
  }

  /**
   * Resolves when the caller may start its call. `urgent` puts the caller ahead of every regular one waiting: for a
   * chain of calls that cannot run side by side (a cursor's pages), which would otherwise queue behind the whole
   * backlog once per page.
   */
  acquire(options: { urgent?: boolean } = {}): Promise<void> {
    if (this.intervalMs === 0) return Promise.resolve();
    const now = this.now();
    if (this.urgent.length === 0 && this.waiting.length === 0 && now >= this.nextSlotMs) {
      this.nextSlotMs = now + this.intervalMs;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      (options.urgent ? this.urgent : this.waiting).push(resolve);
      this.schedule();
    });
  }

  /** Pushes every later start back, after the server said we were too fast. */
  backOff(delayMs: number): void {
    this.nextSlotMs = Math.max(this.nextSlotMs, this.now() + delayMs);
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const waitMs = Math.max(0, this.nextSlotMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, waitMs);
  }

  /** Lets the next caller go (urgent ones first) and schedules the one after. */
  private release(): void {
    const next = this.urgent.shift() ?? this.waiting.shift();
    if (next === undefined) return;
    // A timer that fired late does not shift every later start: the lost time is made up one interval at a time.
    this.nextSlotMs = Math.max(this.nextSlotMs, this.now() - this.intervalMs) + this.intervalMs;
    next();
    if (this.urgent.length > 0 || this.waiting.length > 0) this.schedule();
  }
}

/** One limiter per key (command), created on first use with the rate the key's resolver gives. */
export class RateLimiterPool<K extends string> {
  private readonly limiters = new Map<K, RateLimiter>();
  constructor(private readonly rateFor: (key: K) => number) {}
  /** The limiter for a key. */
  get(key: K): RateLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.rateFor(key));
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
