import { expect } from "chai";
import fc from "fast-check";
import { chunks, mapConcurrent } from "../../../provider/api/concurrency";

describe("concurrency helpers", () => {
  it("chunks keeps every item in order in chunks of at most the size, and refuses a size that is no count", () => {
    fc.assert(fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (items, size) => {
      const parts = chunks(items, size);
      expect(parts.flat()).to.deep.equal(items);
      expect(parts.every((p, i) => p.length === size || (i === parts.length - 1 && p.length > 0))).to.equal(true);
    }));
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => chunks([1], size), String(size)).to.throw(RangeError);
  });

  it("mapConcurrent keeps results in input order and never has more than the bound in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent(Array.from({ length: 20 }, (_, i) => i), 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
      inFlight -= 1;
      return n * 2;
    });
    expect(results).to.deep.equal(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(most).to.equal(3);
    expect(await mapConcurrent([], 4, async () => 1)).to.deep.equal([]);
  });
});
