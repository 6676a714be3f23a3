import { expect } from "chai";
import { CommandRateLimits } from "../../emulator/rate-limit";

describe("emulator rate limits (README: the emulator's choices)", () => {
  it("is a bucket of one second of calls: a burst passes about twice the rate in its first second, then the rate", () => {
    let clock = 0;
    const limits = new CommandRateLimits(
      () => 200,
      () => clock,
    );
    // One call every 2 ms (500/s) for one second, then for another second.
    const passedIn = (from: number) => {
      let passed = 0;
      for (let t = from; t < from + 1000; t += 2) {
        clock = t;
        if (limits.take("import_group")) passed += 1;
      }
      return passed;
    };
    expect(passedIn(0)).to.be.within(390, 400);
    expect(passedIn(1000)).to.be.within(199, 201);
  });

  it("keeps one bucket per command, and a command without a rate is never limited", () => {
    let clock = 0;
    const limits = new CommandRateLimits(
      (command) => (command === "get_appid_group_list" ? 1 : undefined),
      () => clock,
    );
    expect([limits.take("get_appid_group_list"), limits.take("get_appid_group_list")]).to.deep.equal([true, false]);
    clock = 1000;
    expect(limits.take("get_appid_group_list")).to.equal(true);
    expect(Array.from({ length: 1000 }, () => limits.take("import_group")).every(Boolean)).to.equal(true);
  });
});
