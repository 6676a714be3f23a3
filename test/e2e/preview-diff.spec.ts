import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoProgram, type LocalStack } from "../../tools/lib/local-stack";
import { emulatorConfig } from "../helpers/stack-config";

describe("pulumi preview --diff for a pull request (real pulumi CLI)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let local: LocalStack;
  let memberCount = 1000;
  let upOutput = "";

  before(async () => {
    emulator = await startEmulator();
    local = await createLocalStack({
      projectName: "e2e-preview-diff",
      program: { programModule: repoProgram("test/e2e/programs/preview-diff.js", "previewDiffProgram", () => [memberCount]) },
      config: emulatorConfig(emulator),
    });
    upOutput = (await local.stack.up()).stdout;
  });
  after(async () => {
    await local?.dispose();
    await emulator?.close();
  });

  it("shows import progress of a large member list in pulumi up's output", () => {
    for (const done of [300, 600, 900, 1000]) expect(upOutput).to.include(`big: imported ${done}/1000 members`);
  });

  it("shows exactly one added member line when one member is added to 1,000", async () => {
    memberCount = 1001;
    const preview = await local.stack.preview({ diff: true });
    const text = preview.stdout;
    console.log(
      text
        .split("\n")
        .filter((line) => /^\s*[-+~]\s/.test(line))
        .map((line) => `      | ${line}`)
        .join("\n"),
    );
    const added = text.split("\n").filter((line) => /^\s*\+\s/.test(line) && /user\d{4}/.test(line));
    expect(added, text).to.have.length(1);
    expect(added[0]).to.match(/\+\s+user1000\s*:/);
    const removedOrChanged = text.split("\n").filter((line) => /^\s*[-~]\s/.test(line) && /user\d{4}/.test(line));
    expect(removedOrChanged).to.deep.equal([]);
    expect(emulator.store.state.groups.big!.members).to.not.have.property("user1000"); // a preview changes nothing
  });
});
