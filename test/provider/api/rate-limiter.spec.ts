import { expect } from "chai";
import { RateLimiter, RateLimiterPool } from "../../../provider/api/rate-limiter";

describe("client rate limiter", () => {
  it("spaces calls evenly at the rate: the nth call of a burst starts (n-1)/rate seconds after the first", async () => {
    let clock = 1000;
    const waits: number[] = [];
    const limiter = new RateLimiter(100, () => clock);
    // Every acquire of a burst at one instant reserves the next slot; measure the slot by the clock it waits for.
    const originalSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      waits.push(ms);
      return originalSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    } finally {
      globalThis.setTimeout = originalSetTimeout;
    }
    expect(waits).to.deep.equal([10, 20, 30, 40]);
    clock += 1000; // after a pause, no debt is carried
    const before = waits.length;
    await limiter.acquire();
    expect(waits.length).to.equal(before);
  });

  it("backs off: after a rate-limit answer every later slot moves behind the delay", async () => {
    let clock = 0;
    const limiter = new RateLimiter(1000, () => clock);
    limiter.backOff(500);
    const waited: number[] = [];
    const originalSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      waited.push(ms);
      return originalSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      await limiter.acquire();
    } finally {
      globalThis.setTimeout = originalSetTimeout;
    }
    expect(waited).to.deep.equal([500]);
    clock = 0;
  });

  it("a rate of 0 or Infinity never waits; a pool keeps one limiter per command", async () => {
    await new RateLimiter(0).acquire();
    await new RateLimiter(Infinity).acquire();
    const pool = new RateLimiterPool<"a" | "b">((key) => (key === "a" ? 1 : 2));
    expect(pool.get("a")).to.equal(pool.get("a"));
    expect(pool.get("a")).to.not.equal(pool.get("b"));
  });
});
