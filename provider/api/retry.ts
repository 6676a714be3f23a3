/** How a failed call is retried: exponential backoff with "equal jitter" (half fixed, half random). */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
}

/** undici-like defaults: 5 retries, 0.25 s growing by 2x, at most 10 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/** The delay before retry number `attempt` (1-based): between half and all of base x 2^(attempt-1), capped. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: half the ceiling fixed, so retries never hammer the server back to back, half random, so clients
  // that failed together do not retry together.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Sleeps for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
