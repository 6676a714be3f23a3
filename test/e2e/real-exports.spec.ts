import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/server";
import type { ConversionReport } from "../../provider/migration/sources/report";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { changeCounts, PulumiProject } from "../../tools/lib/pulumi-project";
import { migrateCli, verifyAgainst } from "../helpers/migrate-cli";
import { filesOf, zipWith } from "../provider/migration/sources/zip-fixtures";

/**
 * Exports shaped as the tools that write them do (test/fixtures/exports: a Slack export of 2016 with times as text,
 * slackdump's Go-encoded export with null lists, Stream's legacy JSON array with users last and UUIDs, Stream's
 * documented JSON Lines, a Mattermost `mmctl export create` zip with guests), each taken the user's way:
 * `tencent-chat-migrate from-*` writes the manifest, `validate` passes it, plain `pulumi up` of the root program
 * applies it to the emulator, `verify` reads back 0 differences, and a second preview shows no change.
 */

const FIXTURES = join(REPO_ROOT, "test/fixtures/exports");

interface ExportCase {
  name: string;
  command: string;
  input: () => Promise<string>;
  args?: string[];
  groups: number;
}

const CASES: ExportCase[] = [
  {
    name: "Slack's own export of 2016, as its .zip (times as text, pins, a self-DM, a guest, a member missing from users.json)",
    command: "from-slack",
    input: () => zipWith(filesOf(join(FIXTURES, "slack-2016")), "Acme Slack export Mar 1 2016.zip"),
    groups: 5,
  },
  {
    name: "slackdump's export folder (Go's JSON encoding, members: null, groups.json null, __avatars)",
    command: "from-slack",
    input: async () => join(FIXTURES, "slackdump"),
    groups: 2,
  },
  {
    name: "Stream's legacy import file (one JSON array, the item envelope, users last, UUID user IDs)",
    command: "from-stream",
    input: async () => join(FIXTURES, "stream-legacy.json"),
    groups: 2,
  },
  {
    name: "Stream's documented JSON Lines (devices, bans, an invitation, a frozen team channel)",
    command: "from-stream",
    input: async () => join(FIXTURES, "stream-docs.jsonl"),
    groups: 2,
  },
  {
    name: "Mattermost's mmctl export zip (import.jsonl and data/, guests, participants, roles, bots, emoji after posts)",
    command: "from-mattermost",
    input: () => zipWith(filesOf(join(FIXTURES, "mattermost-mmctl")), "export.zip"),
    args: ["--channels-as-topics"],
    groups: 3,
  },
];

describe("exports as real tools write them: convert, validate, plain pulumi up, verify", function () {
  this.timeout(600_000);

  for (const exportCase of CASES) {
    it(exportCase.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), "tencent-chat-real-export-"));
      const manifestPath = join(dir, "manifest.json");
      const reportPath = join(dir, "report.json");
      const converted = await migrateCli([
        exportCase.command,
        await exportCase.input(),
        ...(exportCase.args ?? []),
        "-o",
        manifestPath,
        "--report",
        reportPath,
      ]);
      expect(converted.status, converted.stderr).to.equal(0);
      const report = JSON.parse(readFileSync(reportPath, "utf8")) as ConversionReport;
      // Accounted for, all of it: every record read is mapped, adjusted or reported as not mapped.
      for (const [kind, tally] of Object.entries(report.reconciliation)) {
        expect(tally.in, `${kind}: ${JSON.stringify(tally)}`).to.equal(tally.mapped + tally.adjusted + tally.unmapped + tally.problems);
        expect(tally.problems, kind).to.equal(0);
      }
      expect(converted.stderr).to.include("accounted for (records in = mapped + adjusted + not mapped + problems):");
      const validated = await migrateCli(["validate", manifestPath]);
      expect(validated.status, validated.stdout).to.equal(0);
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { groups: unknown[]; accounts: Record<string, unknown> };
      expect(manifest.groups).to.have.length(exportCase.groups);
      for (const userId of Object.keys(manifest.accounts)) expect(userId).to.match(/^[\x20-\x7e]{1,32}$/);

      const emulator = await startEmulator();
      const cli = new PulumiProject(REPO_ROOT, `real-${Date.now().toString(36)}`);
      try {
        await cli.initAgainst({ url: emulator.url, ...emulator.app }, { "tencent-chat-migration:manifest": manifestPath });
        const up = await cli.run(["up", "--yes"]);
        expect(changeCounts(up.stdout).create, up.stdout).to.be.greaterThan(0);
        const verified = await verifyAgainst(emulator, ["--manifest", manifestPath, "--stack", cli.stack]);
        expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
        expect(verified.stdout + verified.stderr).to.match(/0 difference\(s\)/);
        const again = await cli.run(["preview", "--diff", "--expect-no-changes"]);
        expect(changeCounts(again.stdout), again.stdout).to.deep.equal({});
      } finally {
        await cli.dispose();
        await emulator.close();
      }
    });
  }
});
