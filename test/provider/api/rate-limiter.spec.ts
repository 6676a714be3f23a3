import { expect } from "chai";
import { RateLimiter, RateLimiterPool } from "../../../provider/api/rate-limiter";

/** Runs `work` with setTimeout recording each delay asked for (and waiting none of it); answers the delays. */
async function delaysOf(work: () => Promise<unknown>): Promise<number[]> {
  const delays: number[] = [];
  const originalSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    delays.push(ms);
    return originalSetTimeout(fn, 0);
  }) as typeof setTimeout;
  try {
    await work();
  } finally {
    globalThis.setTimeout = originalSetTimeout;
  }
  return delays;
}

describe("client rate limiter", () => {
  it("spaces calls evenly at the rate: the nth call of a burst starts (n-1)/rate seconds after the first", async () => {
    let clock = 1000;
    const limiter = new RateLimiter(100, () => clock);
    // Every acquire of a burst at one instant reserves the next slot: the first goes at once, the others wait.
    expect(await delaysOf(() => Promise.all(Array.from({ length: 5 }, () => limiter.acquire())))).to.deep.equal([10, 20, 30, 40]);
    clock += 1000; // after a pause, no debt is carried
    expect(await delaysOf(() => limiter.acquire())).to.deep.equal([]);
  });

  it("an urgent caller goes ahead of every regular one waiting, and the command goes no faster", async () => {
    const limiter = new RateLimiter(100, () => 0);
    const order: string[] = [];
    const take = (name: string, urgent = false) => limiter.acquire({ urgent }).then(() => order.push(name));
    const delays = await delaysOf(() => Promise.all([take("r1"), take("r2"), take("r3"), take("u1", true), take("r4"), take("u2", true)]));
    expect(order).to.deep.equal(["r1", "u1", "u2", "r2", "r3", "r4"]);
    // One start per 10 ms as without urgency: the first at once, then 10, 20, 30, 40, 50 ms after it.
    expect(delays).to.deep.equal([10, 20, 30, 40, 50]);
  });

  it("backs off: after a rate-limit answer every later slot moves behind the delay", async () => {
    const limiter = new RateLimiter(1000, () => 0);
    limiter.backOff(500);
    expect(await delaysOf(() => limiter.acquire())).to.deep.equal([500]);
  });

  it("a rate of 0 or Infinity never waits; a pool keeps one limiter per command", async () => {
    await new RateLimiter(0).acquire();
    await new RateLimiter(Infinity).acquire();
    const pool = new RateLimiterPool<"a" | "b">((key) => (key === "a" ? 1 : 2));
    expect(pool.get("a")).to.equal(pool.get("a"));
    expect(pool.get("a")).to.not.equal(pool.get("b"));
  });
});
