/**
 * Token buckets per command, as the service limits calls per API and SDKAppID (200/s, 100/s for the account
 * calls): a bucket holds up to one second of calls and refills continuously.
 */
export class CommandRateLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rateFor: (command: string) => number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for one call; false means the call is over the limit. */
  take(command: string): boolean {
    const rate = this.rateFor(command);
    if (rate === undefined || rate <= 0) return true;
    const now = this.now();
    const bucket = this.buckets.get(command) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(command, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
