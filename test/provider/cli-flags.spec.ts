import { expect } from "chai";
import { numberFlag } from "../../provider/cli-flags";

describe("numberFlag", () => {
  it("reads a number within its range", () => {
    expect(numberFlag("port", "8080", { min: 0, max: 65535 })).to.equal(8080);
    expect(numberFlag("share", "0.5", { min: 0, max: 1, integer: false })).to.equal(0.5);
  });

  it("refuses what is not a number, not whole, out of range or empty, naming the flag, the range and the value", () => {
    expect(() => numberFlag("groups", "abc", { min: 1 })).to.throw('--groups must be a whole number from 1 up, got "abc"');
    expect(() => numberFlag("groups", "1.5", { min: 1 })).to.throw('--groups must be a whole number from 1 up, got "1.5"');
    expect(() => numberFlag("port", "99999", { min: 0, max: 65535 })).to.throw(
      '--port must be a whole number from 0 to 65535, got "99999"',
    );
    expect(() => numberFlag("port", "", { min: 0, max: 65535 })).to.throw('got ""'); // not 0
    expect(() => numberFlag("share", "2", { min: 0, max: 1, integer: false })).to.throw('--share must be a number from 0 to 1, got "2"');
  });
});
