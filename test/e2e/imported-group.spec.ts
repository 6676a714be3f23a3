import { expect } from "chai";
import { randomUUID } from "node:crypto";
import type { ImportedGroupArgs } from "pulumi-tencent-chat";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, pulumiCli, repoProgram, type LocalStack } from "../../tools/lib/local-stack";
import { findLeakedSecrets, readTree } from "../helpers/secrets";
import { emulatorConfig } from "../helpers/stack-config";

const cjk = (n: number) => "迁".repeat(n);

describe("ImportedGroup end to end (real pulumi CLI, emulator over HTTP)", function () {
  this.timeout(600_000);
  const secretKey = `e2e-secret-${randomUUID()}`;
  let emulator: RunningEmulator;
  let local: LocalStack;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  const publicGroup: ImportedGroupArgs = {
    type: "Public",
    name: cjk(10),
    groupId: "eng-team",
    ownerAccount: "leckie",
    introduction: "Imported from the old system",
    notification: "Welcome",
    faceUrl: "https://example.com/face.png",
    maxMemberCount: 500,
    applyJoinOption: "FreeAccess",
    createTime: 1448357837,
    appDefinedData: { legacy_id: "C024BE91L", raw: "abc\u0000\u0001" },
  };

  before(async () => {
    const { version } = await pulumiCli();
    console.log(`      pulumi version: ${version}`);
    emulator = await startEmulator({ secretKey, seed: { accounts: { leckie: { userId: "leckie" } }, groups: {}, idCounter: 0 } });
    local = await createLocalStack({
      projectName: "e2e-imported-group",
      program: { programModule: repoProgram("test/e2e/programs/imported-group.js", "importedGroupProgram", () => [publicGroup]) },
      config: emulatorConfig(emulator), // the emulator was started with this test's secretKey
    });
  });
  after(async () => {
    await local?.dispose();
    await emulator?.close();
  });

  it("pulumi up imports the groups with every field as declared", async () => {
    const result = await local.stack.up({ onOutput });
    expect(result.summary.result).to.equal("succeeded");
    expect(result.outputs.teamId!.value).to.equal("eng-team");
    const communityId = result.outputs.communityId!.value as string;
    // No groupId declared: derived from the resource name, with the community prefix.
    expect(communityId).to.match(/^@TGS#_community-[0-9a-f]{8}$/);

    const groups = emulator.store.state.groups;
    expect(Object.keys(groups).sort()).to.deep.equal([communityId, "eng-team"].sort());
    expect(groups["eng-team"]).to.deep.include({
      type: "Public",
      name: cjk(10),
      ownerAccount: "leckie",
      introduction: "Imported from the old system",
      notification: "Welcome",
      faceUrl: "https://example.com/face.png",
      maxMemberCount: 500,
      applyJoinOption: "FreeAccess",
      createTime: 1448357837,
      appDefinedData: { legacy_id: "C024BE91L", raw: "abc\u0000\u0001" },
    });
    expect(groups[communityId]).to.deep.include({ type: "Community", name: "Guild", supportTopic: true });
  });

  it("a second preview shows no changes", async () => {
    const preview = await local.stack.preview({ diff: true, onOutput });
    const summary = preview.changeSummary as Record<string, number>;
    expect(Object.keys(summary).filter((op) => op !== "same")).to.deep.equal([]);
    expect(summary.same).to.equal(3); // the stack and two groups
  });

  it("keeps the secret key and every UserSig out of state and output, and __provider small", async () => {
    // What a user runs: `pulumi stack export` (the Automation API's exportStack adds --show-secrets).
    const exported = JSON.parse(await local.cli(["stack", "export"])) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    expect(findLeakedSecrets(exported, secretKey)).to.deep.equal([]);
    expect(findLeakedSecrets(readTree(local.stateDir), secretKey)).to.deep.equal([]);
    expect(findLeakedSecrets(output.join("\n"), secretKey)).to.deep.equal([]);
    const groups = exported.deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/tencent-chat:ImportedGroup");
    expect(groups).to.have.length(2);
    for (const group of groups) {
      const providerBytes = Buffer.byteLength(String(group.outputs?.__provider));
      console.log(`      __provider: ${providerBytes} bytes; resource state: ${Buffer.byteLength(JSON.stringify(group))} bytes`);
      // One line naming the installed runtime, the same for every resource of a kind.
      expect(group.outputs?.__provider).to.equal(
        'exports.handler=()=>require("pulumi-tencent-chat/runtime").forStack("dev").ImportedGroup;',
      );
      expect(providerBytes).to.be.below(110);
    }
  });

  it("pulumi destroy deletes the groups", async () => {
    const result = await local.stack.destroy({ onOutput });
    expect(result.summary.result).to.equal("succeeded");
    expect(emulator.store.state.groups).to.deep.equal({});
  });
});
