import { expect } from "chai";
import {
  ImportedAccounts,
  ImportedC2CHistory,
  ImportedGroup,
  ImportedGroupBatch,
  ImportedGroupHistory,
  ImportedGroupHistoryBatch,
  ImportedGroupMembers,
  ImportedTopic,
} from "../../../provider/runtime";
import { providerModuleText, type ResourceKind } from "../../../provider/resources/dynamic-resource";

const KINDS: ResourceKind[] = [
  "ImportedGroup",
  "ImportedGroupMembers",
  "ImportedTopic",
  "ImportedAccounts",
  "ImportedGroupBatch",
  "ImportedGroupHistory",
  "ImportedC2CHistory",
  "ImportedGroupHistoryBatch",
];
/** The runtime's provider of each kind, which `__provider` must load. */
const RUNTIME_PROVIDERS: Record<ResourceKind, unknown> = {
  ImportedGroup,
  ImportedGroupMembers,
  ImportedTopic,
  ImportedAccounts,
  ImportedGroupBatch,
  ImportedGroupHistory,
  ImportedC2CHistory,
  ImportedGroupHistoryBatch,
};

/** Loads `__provider` text the way Pulumi's dynamic provider does: as a module, then `handler()`. */
function load(text: string): unknown {
  const module = { exports: {} as { handler?: () => unknown } };
  new Function("exports", "require", "module", text)(module.exports, require, module);
  return module.exports.handler!();
}

describe("__provider", () => {
  for (const kind of KINDS) {
    it(`${kind}: one short line that loads the installed runtime's provider for its stack, configure included`, () => {
      const text = providerModuleText(kind, "production-eu");
      expect(text).to.contain('forStack("production-eu")');
      // Stored twice per resource (inputs and outputs): a constant of about a hundred bytes, never a serialized closure.
      expect(Buffer.byteLength(text)).to.be.below(120);
      const provider = load(text);
      expect(provider).to.equal(RUNTIME_PROVIDERS[kind]);
      expect(provider).to.have.all.keys("configure", "check", "diff", "create", "read", "update", "delete");
    });
  }
});
