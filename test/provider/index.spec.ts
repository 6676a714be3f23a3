import { expect } from "chai";

/**
 * The package's entry points, as an installed copy resolves them (package.json `exports`): one per audience. A name
 * moving between them is a breaking change (CHANGELOG.md), so each entry point's names are pinned here.
 */
const entry = (path: string) => Object.keys(require(path) as object).sort();

describe("the public surface: an entry point per audience", function () {
  // The first require loads @pulumi/pulumi: seconds on a busy machine.
  this.timeout(60_000);

  it("pulumi-tencent-chat: what a Pulumi program declares (the resources, their inputs, the provider's config)", () => {
    const names = entry("pulumi-tencent-chat");
    for (const resource of [
      "ImportedAccounts",
      "ImportedGroup",
      "ImportedGroupMembers",
      "ImportedTopic",
      "ImportedGroupBatch",
      "ImportedGroupHistory",
      "ImportedGroupHistoryBatch",
      "ImportedC2CHistory",
    ]) {
      expect(names, resource).to.include(resource);
      expect(names, `${resource}'s inputs schema`).to.include(`${resource}Inputs`);
    }
    expect(names).to.include.members(["ProviderConfig", "CONFIG_NAMESPACE", "REGIONS", "LIMITS"]);
    // The other audiences' names are not here.
    expect(names).to.not.include.members(["declareMigration", "convertSlackExport", "ChatClient", "ChatApiError", "startEmulator"]);
  });

  it("pulumi-tencent-chat/migration: manifests, converters, history, declaring a migration, verify", () => {
    expect(entry("pulumi-tencent-chat/migration")).to.include.members([
      "Manifest",
      "validateManifest",
      "declareMigration",
      "declareConversion",
      "historyToImport",
      "convertSlackExport",
      "convertTables",
      "convertStreamExport",
      "convertMattermostExport",
      "HistoryMessage",
      "splitHistory",
      "verifyMigration",
      "findProjectFolder",
    ]);
  });

  it("pulumi-tencent-chat/client: the REST client and the errors it throws", () => {
    expect(entry("pulumi-tencent-chat/client")).to.include.members([
      "ChatClient",
      "invoke",
      "ChatApiError",
      "isChatApiErrorOf",
      "isChatTransportError",
      "ErrorCode",
      "generateUserSig",
      "REGION_DOMAINS",
    ]);
  });

  it("pulumi-tencent-chat/emulator and /runtime", () => {
    expect(entry("pulumi-tencent-chat/emulator")).to.include("startEmulator");
    expect(entry("pulumi-tencent-chat/runtime")).to.include.members(["forStack", "ImportedGroupHistoryBatch"]);
  });
});
