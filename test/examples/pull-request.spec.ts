import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/lib/local-stack";

/**
 * examples/pull-request: a GitHub Actions workflow cannot run here, so its file is checked with a real workflow
 * linter, actionlint (built from its Go module by tools/actionlint.sh; it also runs shellcheck on every `run:`
 * script when shellcheck is installed): any finding fails.
 */

const WORKFLOW = join(REPO_ROOT, "examples/pull-request/.github/workflows/migration.yml");

/** The actionlint binary, built once per version into the toolchain cache. */
function actionlint(): string {
  const built = spawnSync("bash", [join(REPO_ROOT, "tools/actionlint.sh")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`tools/actionlint.sh failed:\n${built.stderr}`);
  return built.stdout.trim();
}

/** actionlint's findings on a file, one per line, and its exit status. */
function lint(binary: string, path: string): { status: number | null; findings: string } {
  const run = spawnSync(binary, ["-no-color", "-oneline", path], { encoding: "utf8", cwd: REPO_ROOT });
  return { status: run.status, findings: `${run.stdout}${run.stderr}`.trim() };
}

describe("examples/pull-request: the GitHub Actions workflow", function () {
  this.timeout(1_200_000);
  let binary: string;

  before(() => {
    binary = actionlint();
  });

  it("passes actionlint with no finding", () => {
    const { status, findings } = lint(binary, WORKFLOW);
    expect(findings).to.equal("");
    expect(status).to.equal(0);
  });

  it("the linter does find a broken workflow (a misspelled step output, a bad shell line)", () => {
    const broken = readFileSync(WORKFLOW, "utf8")
      .replace("needs.preview.outputs.destructive == 'true'", "needs.preview.outputs.destructiv == 'true'")
      .replace('echo "destructive=$destructive" >> "$GITHUB_OUTPUT"', "echo destructive=$destructive >> $GITHUB_OUTPUT");
    const path = join(mkdtempSync(join(tmpdir(), "tencent-chat-actionlint-")), "broken.yml");
    writeFileSync(path, broken);
    const { status, findings } = lint(binary, path);
    expect(status).to.equal(1);
    expect(findings).to.match(/destructiv/);
  });

  it("gates on plan's exit status: 3 waits for the second approval, anything else but 0 fails", () => {
    const text = readFileSync(WORKFLOW, "utf8");
    expect(text).to.include('npx tencent-chat-migrate plan "preview-$stack.json" --diff "preview-$stack.diff" --out "plan-$stack.md"');
    expect(text).to.match(/3\) destructive=true ;;/);
    expect(text).to.include("environment: migration-deletions");
    expect(text).to.include("'production-deletions' || 'production'");
  });
});
