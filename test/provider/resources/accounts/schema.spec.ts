import { expect } from "chai";
import { encodeAccounts } from "../../../../provider/resources/accounts/accounts-text";
import { AccountProfile, ImportedAccountsInputs } from "../../../../provider/resources/accounts/schema";

describe("accounts schema", () => {
  it("profiles hold a nick and a face URL of at most 500 bytes; the deletion policy is delete or retain", () => {
    expect(AccountProfile.safeParse({ nick: "群".repeat(166) }).success).to.equal(true); // 498 bytes
    expect(AccountProfile.safeParse({ nick: "群".repeat(167) }).success).to.equal(false); // 501 bytes
    expect(AccountProfile.safeParse({ nick: "x", gender: "m" }).success, "only documented fields").to.equal(false);
    expect(ImportedAccountsInputs.safeParse({ accounts: encodeAccounts({ alice: {} }), deletionPolicy: "delete" }).success).to.equal(true);
    expect(ImportedAccountsInputs.safeParse({ accounts: encodeAccounts({ alice: {} }), deletionPolicy: "purge" }).success).to.equal(false);
    expect(ImportedAccountsInputs.safeParse({ accounts: { alice: {} } }).success, "a map: the resource writes the text").to.equal(false);
    expect(
      ImportedAccountsInputs.safeParse({ accounts: encodeAccounts({ ["x".repeat(33)]: {} }) }).success,
      "UserIDs of at most 32 bytes",
    ).to.equal(false);
  });
});
