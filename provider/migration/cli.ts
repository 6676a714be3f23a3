#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { generateManifest } from "./generate";
import { pulumiRunner } from "./pulumi-cli";
import { recoverStack, selectedStack } from "./recover";
import { convertSlackExport } from "./slack";
import { validateManifest } from "./validate";

const HELP = `Usage: tencent-chat-migrate <command> [options]

  validate <manifest.json> [--member-batch-size 300] [--json]
      Checks a manifest offline and reports every problem at once with its path, the counts of what would be
      imported, the API calls per command and the minimum time at the documented rate limits. Exit 1 on problems.

  from-slack <export-folder> [-o manifest.json] [--report report.json]
      Converts a Slack workspace export (users.json, channels.json, groups.json, mpims.json) into a manifest and
      reports what does not map, and why.

  generate --groups <n> --members <n> [--community-share 0.1] [--topics 5] [--prefix gen] [-o manifest.json]
      Writes a synthetic migration (for rehearsals and benchmarks).

  recover [--stack <name>] [--no-up]
      After a hard stop of \`pulumi up\` (a killed process, a power cut), in the project's folder: moves aside what
      the stop left broken in a local backend (an empty .attrs file beside the checkpoint, unfinished .tmp writes),
      then runs pulumi cancel, pulumi refresh --clear-pending-creates and pulumi up. Says what it changed.`;

function write(path: string | undefined, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (path) writeFileSync(path, text);
  else process.stdout.write(text);
}

function validate(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "member-batch-size": { type: "string" }, json: { type: "boolean" } } });
  const path = positionals[0];
  if (!path) throw new Error("validate needs a manifest path");
  const report = validateManifest(JSON.parse(readFileSync(path, "utf8")), {
    ...(values["member-batch-size"] ? { memberBatchSize: Number(values["member-batch-size"]) } : {}),
  });
  if (values.json) {
    write(undefined, { problems: report.problems, estimate: report.estimate });
    return report.problems.length > 0 ? 1 : 0;
  }
  const e = report.estimate;
  console.log(`${path}: ${e.accounts} accounts, ${e.groups} groups (${Object.entries(e.groupsByType).map(([t, n]) => `${n} ${t}`).join(", ")}), ${e.members} members, ${e.topics} topics`);
  console.log(`API calls: ${Object.entries(e.calls).map(([c, n]) => `${c} ${n}`).join(", ")}`);
  console.log(`Minimum time at the documented rate limits: ${e.minimumSeconds.toFixed(1)} s (set by ${e.busiestCommand})`);
  if (report.problems.length === 0) {
    console.log("No problems found.");
    return 0;
  }
  console.log(`${report.problems.length} problem(s):`);
  for (const problem of report.problems) console.log(`  ${problem.path}: ${problem.message}`);
  return 1;
}

function fromSlack(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { output: { type: "string", short: "o" }, report: { type: "string" } } });
  const folder = positionals[0];
  if (!folder) throw new Error("from-slack needs the export folder");
  const { manifest, report } = convertSlackExport(folder);
  write(values.output, manifest);
  if (values.report) write(values.report, report);
  const summary = `${Object.keys(manifest.accounts).length} accounts, ${manifest.groups.length} groups; ${report.adjusted.length} adjusted, ${report.unmapped.length} not mapped`;
  console.error(`from-slack: ${summary}`);
  for (const item of [...report.adjusted, ...report.unmapped]) console.error(`  ${item.source}: ${item.reason}`);
  return 0;
}

function generate(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      groups: { type: "string" }, members: { type: "string" }, "community-share": { type: "string" },
      topics: { type: "string" }, prefix: { type: "string" }, output: { type: "string", short: "o" },
    },
  });
  if (!values.groups || !values.members) throw new Error("generate needs --groups and --members");
  write(values.output, generateManifest({
    groups: Number(values.groups),
    membersPerGroup: Number(values.members),
    ...(values["community-share"] ? { communityShare: Number(values["community-share"]) } : {}),
    ...(values.topics ? { topicsPerCommunity: Number(values.topics) } : {}),
    ...(values.prefix ? { prefix: values.prefix } : {}),
  }));
  return 0;
}

async function recover(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { stack: { type: "string" }, "no-up": { type: "boolean", default: false } } });
  const run = pulumiRunner(process.cwd());
  const stack = values.stack ?? (await selectedStack(run, process.cwd()));
  const report = await recoverStack({ cwd: process.cwd(), stack, run, up: !values["no-up"], log: (line) => console.log(line) });
  console.log(`recovered: ${report.repaired.length} file(s) moved aside, ${report.leftAlone.length} left alone, ${report.commands.length} pulumi command(s) run`);
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = { validate, "from-slack": fromSlack, generate, recover };

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    console.log(HELP);
    return command && command !== "--help" ? 2 : 0;
  }
  return run(rest);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`tencent-chat-migrate: ${(error as Error).message}`);
    process.exit(2);
  },
);
