import { expect } from "chai";
import fc from "fast-check";
import { encodeAccounts, parseAccounts, readAccounts } from "../../../../provider/resources/accounts/accounts-text";

describe("the accounts text", () => {
  it("is a line per account in UserID order, the profile as JSON when there is one", () => {
    expect(encodeAccounts({ bob: {}, alice: { faceUrl: "https://x/a.png", nick: "Alice" }, "li wei": { nick: "李伟" } })).to.equal(
      '@ImportedAccounts v1\nalice {"nick":"Alice","faceUrl":"https://x/a.png"}\nbob\n"li wei" {"nick":"李伟"}',
    );
  });

  it("reads back every set of accounts, and the map an older state holds", () => {
    const profile = fc.record({ nick: fc.string(), faceUrl: fc.string() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), profile), (accounts) => {
        expect(readAccounts(encodeAccounts(accounts))).to.deep.equal(accounts);
      }),
    );
    expect(readAccounts({ alice: {} })).to.deep.equal({ alice: {} });
    // __proto__ is a valid UserID: read back as an own key, not as a prototype (found by the property above).
    const proto = JSON.parse('{"__proto__":{"nick":"x"}}') as Parameters<typeof encodeAccounts>[0];
    expect(Object.keys(readAccounts(encodeAccounts(proto)))).to.deep.equal(["__proto__"]);
  });

  it("names each line that does not read", () => {
    expect(parseAccounts('@ImportedAccounts v1\nbob {"nick"\nalice\nalice')).to.deep.equal({
      problems: ['line 2: the profile of bob is not JSON: {"nick"', "line 4: account alice is declared twice"],
    });
    expect(() => readAccounts("alice")).to.throw(/accounts: must start with the line "@ImportedAccounts v1"/);
  });
});
