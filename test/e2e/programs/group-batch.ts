import { ImportedAccounts, ImportedGroupBatch, type BatchGroupArgs } from "pulumi-tencent-chat";

/** Four accounts and one ImportedGroupBatch of the given groups. */
export function groupBatchProgram(groups: Record<string, BatchGroupArgs>) {
  const accounts = new ImportedAccounts("accounts", { accounts: { alice: {}, bob: {}, carol: {}, dave: {} } });
  const batch = new ImportedGroupBatch("groups-0", { groups }, { dependsOn: [accounts] });
  return { groupIds: batch.groupIds, groupCount: batch.groupCount };
}
