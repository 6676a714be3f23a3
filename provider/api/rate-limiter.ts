/**
 * Spaces calls evenly so that no more than `perSecond` start in any second: each caller reserves the next free
 * slot and waits for it. Even spacing (rather than bursts) keeps a token-bucket server from ever refusing us.
 */
export class RateLimiter {
  private nextSlotMs = 0;
  private readonly intervalMs: number;

  constructor(perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
  }

  /** Resolves when the caller may start its call. */
  async acquire(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + this.intervalMs;
    const waitMs = slot - now;
    if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }

  /** Pushes every later slot back, after the server said we were too fast. */
  backOff(delayMs: number): void {
    this.nextSlotMs = Math.max(this.nextSlotMs, this.now() + delayMs);
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
