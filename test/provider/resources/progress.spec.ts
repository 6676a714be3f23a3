import { expect } from "chai";
import { progressLogger } from "../../../provider/resources/progress";

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
});
