import { ImportedAccounts, ImportedGroup } from "pulumi-tencent-chat";

/** An account and a group: enough calls to sign, and state to scan. */
export function secretsProgram() {
  const accounts = new ImportedAccounts("accounts", { accounts: { owner1: {} } });
  new ImportedGroup("g", { type: "Public", name: "secrets", ownerAccount: "owner1" }, { dependsOn: [accounts] });
}
