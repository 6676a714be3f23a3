import { expect } from "chai";
import { describeErrorCode, ERROR_CODES } from "../../../provider/api/error-codes";

describe("the ErrorCode table", () => {
  it("gives every code a meaning, an action and a kind, and an unknown code a neutral entry", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(Number(code), code).to.be.within(10_000, 199_999);
      expect(info.meaning, code).to.match(/^[a-zA-Z]/);
      expect(info.action, code).to.match(/^[a-z]/);
    }
    expect(describeErrorCode(12345)).to.deep.equal({ kind: "invalid", meaning: "undocumented error", action: "see ErrorInfo" });
    expect(describeErrorCode(60007).kind).to.equal("rate-limit");
    expect(describeErrorCode(10021).kind).to.equal("conflict");
  });
});
