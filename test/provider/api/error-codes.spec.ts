import { expect } from "chai";
import { describeErrorCode, ERROR_CODES, ErrorCode } from "../../../provider/api/error-codes";

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

  it("documents every named ErrorCode, each name a code of its own", () => {
    // A name pointing at a code the table lacks would give errors the neutral "undocumented error" text.
    for (const [name, code] of Object.entries(ErrorCode)) {
      expect(ERROR_CODES, `ErrorCode.${name}`).to.have.own.property(String(code));
    }
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size, "two names for one code").to.equal(codes.length);
  });
});
