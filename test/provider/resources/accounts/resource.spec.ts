import { expect } from "chai";
import { ImportedAccounts } from "../../../../provider/resources/accounts/resource";
import { mockedProgram } from "../../../helpers/pulumi-mocks";

describe("ImportedAccounts (the resource a program declares)", () => {
  it("registers the accounts as one text and the declared deletion policy", async () => {
    const program = mockedProgram();
    new ImportedAccounts("people", { accounts: { alice: { nick: "Alice" } }, deletionPolicy: "delete" });
    await program.settled();
    const registration = program.registered.get("people")!;
    expect(registration.type).to.equal("pulumi-nodejs:dynamic/tencent-chat:ImportedAccounts");
    // One text, a line per account.
    expect(registration.inputs).to.deep.include({ accounts: '@ImportedAccounts v1\nalice {"nick":"Alice"}', deletionPolicy: "delete" });
  });
});
