import { expect } from "chai";
import fc from "fast-check";
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from "../../../provider/api/retry";

describe("retry backoff (equal jitter)", () => {
  it("waits between half and all of base x 2^(attempt-1), capped at maxDelayMs", () => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0)).to.equal(125);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.999999)).to.equal(250);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).to.equal(500);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 20, () => 1)).to.equal(10_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
        const delay = backoffDelayMs(DEFAULT_RETRY_POLICY, attempt, () => r);
        expect(delay).to.be.within(Math.floor(ceiling / 2), ceiling);
      }),
    );
  });
});
