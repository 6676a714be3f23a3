import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoProgram, type LocalStack } from "../../tools/lib/local-stack";
import { changes, emulatorConfig } from "../helpers/stack-config";

describe("a create whose answer is lost (emulator: apply, then drop the response)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let local: LocalStack;

  before(async () => {
    emulator = await startEmulator();
    local = await createLocalStack({
      projectName: "e2e-lost-response",
      program: { programModule: repoProgram("test/e2e/programs/lost-response.js", "lostResponseProgram") },
      // One retry at most, so the test also shows the re-run path, not only the in-run retry.
      config: emulatorConfig(emulator, { maxRetries: "1" }),
    });
    // Every create command is applied and its answer dropped, once each.
    emulator.faults.configure({
      seed: 7,
      rules: ["import_group", "import_topic", "import_group_member", "multiaccount_import"].map((command) => ({
        command,
        probability: 1,
        times: command === "import_group" ? 2 : 1,
        action: { type: "drop-after-apply" as const },
      })),
    });
  });
  after(async () => {
    await local?.dispose();
    await emulator?.close();
  });

  it("converges without a duplicate group, topic, member or account", async () => {
    let runs = 0;
    for (; runs < 3; runs++) {
      try {
        await local.stack.up();
        break;
      } catch {
        // A run may fail on a lost answer when retries are exhausted; the next run must converge.
      }
    }
    expect(runs, "extra runs needed").to.be.at.most(1);
    const injected = Object.fromEntries(emulator.faults.injected);
    expect(injected).to.deep.equal({
      "import_group:drop-after-apply": 2,
      "import_topic:drop-after-apply": 1,
      "import_group_member:drop-after-apply": 1,
      "multiaccount_import:drop-after-apply": 1,
    });
    const groups = Object.values(emulator.store.state.groups);
    expect(groups.map((g) => g.name).sort()).to.deep.equal(["Guild", "Lost answers"]);
    const guild = groups.find((g) => g.type === "Community")!;
    expect(Object.values(guild.topics).map((t) => t.topicName)).to.deep.equal(["Topic"]);
    const lost = groups.find((g) => g.name === "Lost answers")!;
    expect(Object.keys(lost.members).sort()).to.deep.equal(["ann", "ben"]);
    expect(lost.members.ben!.role).to.equal("Admin");
    expect(Object.keys(emulator.store.state.accounts).sort()).to.deep.equal(["ann", "ben"]);
    const preview = await local.stack.preview({ diff: true });
    expect(changes(preview.changeSummary), preview.stdout).to.deep.equal({});
  });
});
