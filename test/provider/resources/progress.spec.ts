import { expect } from "chai";
import { formatDuration, progressLogger, rateLogger } from "../../../provider/resources/progress";

function logged(run: () => void): string[] {
  const lines: string[] = [];
  const original = console.log;
  console.log = (line: string) => void lines.push(line);
  try {
    run();
  } finally {
    console.log = original;
  }
  return lines;
}

describe("resources/progress", () => {
  it("logs a large import once per tenth, and a small one not at all", () => {
    const large = logged(() => {
      const log = progressLogger("g1: ", "members");
      for (let done = 300; done <= 3000; done += 300) log(done, 3000);
    });
    expect(large).to.have.length(10);
    expect(large[0]).to.equal("g1: imported 300/3000 members");
    expect(large.at(-1)).to.equal("g1: imported 3000/3000 members");
    const small = logged(() => {
      const log = progressLogger("", "accounts");
      for (let done = 100; done <= 999; done += 100) log(done, 999);
    });
    expect(small).to.deep.equal([]);
  });

  it("with the pace: messages per second and the time left, at every tenth and at least every 30 s", () => {
    let clock = 0;
    const lines = logged(() => {
      const log = rateLogger("1:1 history (3 conversations): ", "messages", { now: () => clock });
      // 200 a second: 12,000 messages take 60 s; one message logged at a time, as the import does.
      for (let done = 1; done <= 12_000; done += 1) {
        clock = done * 5;
        log(done, 12_000);
      }
    });
    expect(lines).to.have.length(10);
    expect(lines[0]).to.equal("1:1 history (3 conversations): imported 1200/12000 messages (200/s, about 54 s left)");
    expect(lines.at(-1)).to.equal("1:1 history (3 conversations): imported 12000/12000 messages (200/s, in 60 s)");
    // A slow import still says something every 30 s between tenths.
    clock = 0;
    const slow = logged(() => {
      const log = rateLogger("", "messages", { now: () => clock });
      for (let done = 1; done <= 50; done += 1) {
        clock = done * 1000;
        log(done, 100_000);
      }
    });
    expect(slow).to.deep.equal(["imported 30/100000 messages (1/s, about 27 h 46 min left)"]);
    expect(logged(() => rateLogger("", "messages")(10, 999))).to.deep.equal([]);
  });

  it("durations read as seconds, minutes, or hours and minutes", () => {
    expect([
      formatDuration(0),
      formatDuration(89),
      formatDuration(95),
      formatDuration(89 * 60),
      formatDuration(3 * 3600 + 5 * 60),
    ]).to.deep.equal(["0 s", "89 s", "2 min", "89 min", "3 h 05 min"]);
  });
});
