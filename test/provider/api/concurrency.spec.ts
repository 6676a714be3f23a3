import { expect } from "chai";
import fc from "fast-check";
import { chunks, mapConcurrent, Slots } from "../../../provider/api/concurrency";

describe("concurrency helpers", () => {
  it("chunks keeps every item in order in chunks of at most the size, and refuses a size that is no count", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const parts = chunks(items, size);
        expect(parts.flat()).to.deep.equal(items);
        expect(parts.every((p, i) => p.length === size || (i === parts.length - 1 && p.length > 0))).to.equal(true);
      }),
    );
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => chunks([1], size), String(size)).to.throw(RangeError);
  });

  it("mapConcurrent keeps results in input order and never has more than the bound in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
        inFlight -= 1;
        return n * 2;
      },
    );
    expect(results).to.deep.equal(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(most).to.equal(3);
    expect(await mapConcurrent([], 4, async () => 1)).to.deep.equal([]);
  });

  it("Slots runs at most its size at once, in the order asked, and gives a slot back when a task fails", async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number, fail = false) =>
      slots.run(async () => {
        started.push(n);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (fail) throw new Error(`task ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled([task(1, true), task(2), task(3, true), task(4), task(5)]);
    expect(most).to.equal(2);
    expect(started).to.deep.equal([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).to.deep.equal(["rejected", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(await slots.run(async () => "free again")).to.equal("free again");
    for (const size of [0, 1.5]) expect(() => new Slots(size), String(size)).to.throw(RangeError);
  });
});
