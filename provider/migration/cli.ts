#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { basename, dirname, join } from "node:path";
import { numberFlag } from "../cli-flags";
import { generateManifest } from "./generate";
import { pulumiRunner } from "./pulumi-cli";
import { recoverStack, selectedStack } from "./recover";
import type { Conversion } from "./sources/conversion";
import { writeManifestFile } from "./sources/conversion";
import { PROGRESS_EVERY, type ProgressListener } from "./sources/read";
import { formatReport } from "./sources/report";
import { convertSlackExport } from "./sources/slack";
import { convertMattermostExport } from "./sources/mattermost";
import { convertStreamExport } from "./sources/stream-chat";
import { convertTables } from "./sources/tables";
import { IMPORTABLE_GROUP_TYPES } from "../limits";
import { validateHistory } from "./history";
import { validateManifest } from "./validate";
import { verifyMigration } from "./verify";
import { DEFAULT_MAX_LENGTH, MIN_MAX_LENGTH, parsePreview, planExitCode, summarizePreview, writePlanMarkdown } from "./plan";
import { ChatClient } from "../api/client";
import { BATCH } from "../api/operations";
import { resolveProviderConfig } from "../config";
import { findProjectFolder, readProjectFile } from "../project";

const HELP = `Usage: tencent-chat-migrate <command> [options]

  validate <manifest.json> [--member-batch-size 300] [--json] [--history history.jsonl]
      Checks a manifest offline and reports every problem at once with its path, the counts of what would be
      imported, the API calls per command and the minimum time at the documented rate limits. Exit 1 on problems.

  from-slack <export-folder | export.zip> [-o manifest.json] [--report report.json]
      Converts a Slack workspace export (users.json, channels.json, groups.json, mpims.json, dms.json; the folder
      or its .zip, as Slack or slackdump writes it) into a manifest and reports what was adjusted to fit Tencent's
      limits and what does not map, and why, with a count of every record (exit 1 on problems).

  from-csv <folder> [-o manifest.json] [--report report.json]
      Converts plain tables (users, groups, members, topics; each .csv or .jsonl; columns in the README) into a
      manifest. Streams its input; reports every problem with file and line at once (exit 1, no manifest written),
      and what was adjusted to fit Tencent's limits.

  from-stream <export.jsonl | export.json> [-o manifest.json] [--report report.json] [--type-map messaging=Private,...]
      Converts a Stream Chat import file (JSON Lines, or the older JSON array, of user, channel, member, message,
      reaction items, in any order).

  from-mattermost <export.jsonl | export.zip> [-o manifest.json] [--report report.json] [--channels-as-topics]
      Converts a Mattermost bulk export (JSON Lines: version, team, channel, user, direct_channel, posts; or the
      .zip of mmctl export create).

  generate --groups <n> --members <n> [--community-share 0.1] [--topics 5] [--prefix gen] [-o manifest.json]
      Writes a synthetic migration (for rehearsals and benchmarks).

  verify --manifest <m.json> [--stack <name>] [--project <name>] [--name-prefix <p>] [--report r.json]
         [--progress p.json] [--history history.jsonl] [--endpoint <url> | --region <region>] [--sdkappid <n>] [--identifier <admin>]
      The go-live audit: reads back every account, group, member and topic of the manifest through the documented
      reads (not Pulumi's state) and reports what is missing, extra, duplicated or differing, with counts. The
      secret key comes from TENCENT_CHAT_SECRET_KEY (the other settings also from TENCENT_CHAT_*). --stack and
      --project (default: Pulumi.yaml here) derive the IDs of groups declared without one. --progress keeps the
      progress, so a stopped audit resumes. Exit 1 when anything differs.

  plan [preview.json | -] [--max-length ${DEFAULT_MAX_LENGTH}] [--out summary.md] [--diff preview.diff] [--json]
      Summarizes \`pulumi preview --json\` (a file, or standard input) as Markdown for a pull request comment:
      accounts, groups, members, topics and messages created, updated (which fields), replaced, forgotten under
      retain and deleted, every deletion and replacement listed, the groups with the most changes first, and
      \`pulumi preview --diff\`'s text (--diff) in a collapsed block, all cut to --max-length characters (0: no
      limit). --json writes the counts as JSON instead. Exit 0 when nothing is deleted or replaced, 3 when
      something would be (so a pipeline can require a second approval), 2 when the input is not a preview or the
      preview failed.

  recover [--stack <name>] [--no-up]
      After a hard stop of \`pulumi up\` (a killed process, a power cut), in the project's folder: moves aside what
      the stop left broken in a local backend (an empty .attrs file beside the checkpoint, unfinished .tmp writes),
      then runs pulumi cancel, pulumi refresh --clear-pending-creates and pulumi up. Says what it changed.`;

function write(path: string | undefined, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (path) writeFileSync(path, text);
  else process.stdout.write(text);
}

/** `validate <manifest> --history <file>`: the manifest's problems and the history's, each with its place. */
async function validateWithHistory(path: string, history: string, json: boolean): Promise<number> {
  const report = validateManifest(JSON.parse(readFileSync(path, "utf8")));
  if (!report.manifest) {
    for (const problem of report.problems) console.log(`  ${problem.path}: ${problem.message}`);
    console.log(`${report.problems.length} problem(s) in ${path}; the history is checked against a valid manifest`);
    return 1;
  }
  const checked = await validateHistory(history, report.manifest);
  const conversations = checked.conversations.size;
  if (json) {
    write(undefined, {
      problems: checked.problems,
      problemCount: checked.problemCount,
      messages: checked.messages,
      conversations,
      calls: checked.calls,
    });
    return checked.problemCount > 0 ? 1 : 0;
  }
  console.log(
    `${history}: ${checked.messages.group} group messages, ${checked.messages.c2c} 1:1 messages in ${conversations} conversations`,
  );
  console.log(`API calls: import_group_msg ${checked.calls.import_group_msg}, importmsg ${checked.calls.importmsg}`);
  console.log(`Minimum time at the documented rate limits: ${checked.minimumSeconds.toFixed(1)} s`);
  if (checked.problemCount === 0) {
    console.log("No problems found.");
    return 0;
  }
  console.log(`${checked.problemCount} problem(s):`);
  for (const problem of checked.problems) console.log(`  ${problem.source}: ${problem.reason}`);
  return 1;
}

async function validate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "member-batch-size": { type: "string" }, json: { type: "boolean" }, history: { type: "string" } },
  });
  const path = positionals[0];
  if (!path) throw new Error("validate needs a manifest path");
  if (values.history) return validateWithHistory(path, values.history, values.json ?? false);
  const report = validateManifest(JSON.parse(readFileSync(path, "utf8")), {
    ...(values["member-batch-size"] !== undefined
      ? { memberBatchSize: numberFlag("member-batch-size", values["member-batch-size"], { min: 1, max: BATCH.memberImportMax }) }
      : {}),
  });
  if (values.json) {
    write(undefined, { problems: report.problems, estimate: report.estimate });
    return report.problems.length > 0 ? 1 : 0;
  }
  const e = report.estimate;
  console.log(
    `${path}: ${e.accounts} accounts, ${e.groups} groups (${Object.entries(e.groupsByType)
      .map(([t, n]) => `${n} ${t}`)
      .join(", ")}), ${e.members} members, ${e.topics} topics`,
  );
  console.log(
    `API calls: ${Object.entries(e.calls)
      .map(([c, n]) => `${c} ${n}`)
      .join(", ")}`,
  );
  console.log(`Minimum time at the documented rate limits: ${e.minimumSeconds.toFixed(1)} s (set by ${e.busiestCommand})`);
  if (report.problems.length === 0) {
    console.log("No problems found.");
    return 0;
  }
  console.log(`${report.problems.length} problem(s):`);
  for (const problem of report.problems) console.log(`  ${problem.path}: ${problem.message}`);
  return 1;
}

/** Prints a converter's progress to stderr, at most once a second per file and when a file is done. */
function progressPrinter(command: string): ProgressListener {
  let last = 0;
  return ({ file, records, bytes, totalBytes }) => {
    const now = Date.now();
    const done = bytes >= totalBytes;
    // Small files finish without a word; a long one shows a line at most once a second, and its end.
    if (done ? records < PROGRESS_EVERY : now - last < 1000) return;
    last = now;
    const percent = totalBytes > 0 ? Math.floor((bytes / totalBytes) * 100) : 100;
    console.error(`${command}: ${file}: ${records.toLocaleString("en-US")} records read (${percent}%)`);
  };
}

/**
 * The common end of every `from-*` command: the report to stderr (and to --report), the manifest to -o or stdout
 * only when the input has no problems (exit 1 otherwise: a half-converted migration must not be applied).
 */
async function finishConversion(
  command: string,
  conversion: Conversion,
  output: string | undefined,
  reportPath: string | undefined,
): Promise<number> {
  const { manifest, report, estimate } = conversion;
  const summary = estimate
    ? `${estimate.accounts} accounts, ${estimate.groups} groups, ${estimate.members} members, ${estimate.topics} topics`
    : "no manifest written";
  for (const line of formatReport(command, summary, report)) console.error(line);
  if (reportPath) write(reportPath, report);
  if (!manifest) {
    // The last lines a person reads: yesterday's manifest or history at the same path must not be taken for today's.
    for (const stale of [output, conversion.history?.path]) {
      if (stale && existsSync(stale)) {
        console.error(`${command}: ${stale} is left from an earlier run and is NOT this input's conversion; do not apply it`);
      }
    }
    return 1;
  }
  if (conversion.history) console.error(`${command}: ${conversion.history.messages} messages written to ${conversion.history.path}`);
  if (output) await writeManifestFile(output, manifest);
  else write(undefined, manifest);
  if (estimate)
    console.error(
      `${command}: minimum time at the documented rate limits: ${estimate.minimumSeconds.toFixed(1)} s (set by ${estimate.busiestCommand})`,
    );
  return 0;
}

const CONVERTER_OPTIONS = {
  output: { type: "string", short: "o" },
  report: { type: "string" },
  history: { type: "string" },
} as const;

/**
 * Where a converter writes the history: --history, else beside the manifest with its name (`manifest.json` ->
 * `manifest.history.jsonl`, so two conversions in one folder keep theirs); none without -o.
 */
function historyPath(values: { output?: string | undefined; history?: string | undefined }): string | undefined {
  if (values.history) return values.history;
  if (!values.output) return undefined;
  return join(dirname(values.output), `${basename(values.output).replace(/\.json$/i, "")}.history.jsonl`);
}

async function fromSlack(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CONVERTER_OPTIONS });
  const folder = positionals[0];
  if (!folder) throw new Error("from-slack needs the export folder");
  const history = historyPath(values);
  return finishConversion(
    "from-slack",
    await convertSlackExport(folder, history ? { historyPath: history } : {}),
    values.output,
    values.report,
  );
}

async function fromCsv(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CONVERTER_OPTIONS });
  const folder = positionals[0];
  if (!folder) throw new Error("from-csv needs the folder of the tables");
  return finishConversion(
    "from-csv",
    await convertTables(folder, {
      onProgress: progressPrinter("from-csv"),
      ...(historyPath(values) ? { historyPath: historyPath(values)! } : {}),
    }),
    values.output,
    values.report,
  );
}

async function fromStream(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CONVERTER_OPTIONS, "type-map": { type: "string" } },
  });
  const path = positionals[0];
  if (!path) throw new Error("from-stream needs the import file (JSON Lines)");
  const typeMap: Record<string, (typeof IMPORTABLE_GROUP_TYPES)[number]> = {};
  for (const pair of (values["type-map"] ?? "").split(",").filter(Boolean)) {
    const [channelType, groupType] = pair.split("=").map((part) => part.trim());
    if (!channelType || !(IMPORTABLE_GROUP_TYPES as readonly string[]).includes(groupType ?? "")) {
      throw new Error(`--type-map: "${pair}" is not <channel type>=<${IMPORTABLE_GROUP_TYPES.join("|")}>`);
    }
    typeMap[channelType] = groupType as (typeof IMPORTABLE_GROUP_TYPES)[number];
  }
  const history = historyPath(values);
  const conversion = await convertStreamExport(path, {
    typeMap,
    onProgress: progressPrinter("from-stream"),
    ...(history ? { historyPath: history } : {}),
  });
  return finishConversion("from-stream", conversion, values.output, values.report);
}

async function fromMattermost(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CONVERTER_OPTIONS, "channels-as-topics": { type: "boolean", default: false } },
  });
  const path = positionals[0];
  if (!path) throw new Error("from-mattermost needs the bulk export file (JSON Lines)");
  const conversion = await convertMattermostExport(path, {
    channelsAsTopics: values["channels-as-topics"],
    onProgress: progressPrinter("from-mattermost"),
    ...(historyPath(values) ? { historyPath: historyPath(values)! } : {}),
  });
  return finishConversion("from-mattermost", conversion, values.output, values.report);
}

function generate(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      groups: { type: "string" },
      members: { type: "string" },
      "community-share": { type: "string" },
      topics: { type: "string" },
      prefix: { type: "string" },
      output: { type: "string", short: "o" },
    },
  });
  if (!values.groups || !values.members) throw new Error("generate needs --groups and --members");
  write(
    values.output,
    generateManifest({
      groups: numberFlag("groups", values.groups, { min: 1 }),
      membersPerGroup: numberFlag("members", values.members, { min: 0 }),
      ...(values["community-share"] !== undefined
        ? { communityShare: numberFlag("community-share", values["community-share"], { min: 0, max: 1, integer: false }) }
        : {}),
      ...(values.topics !== undefined ? { topicsPerCommunity: numberFlag("topics", values.topics, { min: 0, max: 200 }) } : {}),
      ...(values.prefix ? { prefix: values.prefix } : {}),
    }),
  );
  return 0;
}

/** All of standard input, or of a file. */
async function readInput(path: string | undefined): Promise<string> {
  if (path !== undefined && path !== "-") return readFileSync(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function plan(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "max-length": { type: "string" }, out: { type: "string", short: "o" }, diff: { type: "string" }, json: { type: "boolean" } },
  });
  const maxLength = values["max-length"] === undefined ? DEFAULT_MAX_LENGTH : numberFlag("max-length", values["max-length"], { min: 0 });
  if (maxLength !== 0 && maxLength < MIN_MAX_LENGTH) throw new Error(`--max-length must be 0 (no limit) or at least ${MIN_MAX_LENGTH}`);
  const summary = summarizePreview(parsePreview(await readInput(positionals[0])), { env: process.env });
  const text = values.json
    ? `${JSON.stringify(summary, null, 2)}\n`
    : `${writePlanMarkdown(summary, { maxLength, ...(values.diff ? { diff: readFileSync(values.diff, "utf8") } : {}) })}\n`;
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  return planExitCode(summary);
}

async function recover(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { stack: { type: "string" }, "no-up": { type: "boolean", default: false } } });
  const run = pulumiRunner(process.cwd());
  const stack = values.stack ?? (await selectedStack(run, process.cwd()));
  const report = await recoverStack({ cwd: process.cwd(), stack, run, up: !values["no-up"], log: (line) => console.log(line) });
  console.log(
    `recovered: ${report.repaired.length} file(s) moved aside, ${report.leftAlone.length} left alone, ${report.commands.length} pulumi command(s) run`,
  );
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      manifest: { type: "string" },
      stack: { type: "string" },
      project: { type: "string" },
      "name-prefix": { type: "string" },
      report: { type: "string" },
      progress: { type: "string" },
      endpoint: { type: "string" },
      region: { type: "string" },
      sdkappid: { type: "string" },
      identifier: { type: "string" },
      history: { type: "string" },
    },
  });
  if (!values.manifest) throw new Error("verify needs --manifest <file>");
  const checked = validateManifest(JSON.parse(readFileSync(values.manifest, "utf8")));
  if (!checked.manifest)
    throw new Error(
      `${values.manifest} is not a valid manifest (run validate): ${checked.problems[0]!.path}: ${checked.problems[0]!.message}`,
    );
  const flags: Record<string, string | undefined> = {
    endpoint: values.endpoint,
    region: values.region,
    sdkAppId: values.sdkappid,
    identifier: values.identifier,
  };
  // The secret key is read from the environment only: a flag would leave it in shell history and process lists.
  const config = resolveProviderConfig((key) => flags[key.slice(key.indexOf(":") + 1)]);
  const folder = findProjectFolder(process.cwd());
  const project = values.project ?? (folder ? String(readProjectFile(folder).name ?? "") : "");
  const scope =
    values.stack && project
      ? { project, stack: values.stack, ...(values["name-prefix"] ? { namePrefix: values["name-prefix"] } : {}) }
      : undefined;
  const client = new ChatClient({ config });
  try {
    const report = await verifyMigration(checked.manifest, {
      client,
      admin: config.identifier,
      ...(scope ? { scope } : {}),
      ...(values.progress ? { progressPath: values.progress } : {}),
      ...(values.history ? { historyPath: values.history } : {}),
      onProgress: (line) => console.error(`verify: ${line}`),
    });
    if (values.report) write(values.report, report);
    const { checked: c, counts, differences } = report;
    console.log(
      `verify: read ${c.accounts} accounts, ${c.groups} groups (the app holds ${c.liveGroups}), ${c.members} members, ${c.topics} topics${c.messages !== undefined ? `, ${c.messages} messages` : ""}: ${differences.length} difference(s)`,
    );
    for (const [object, kinds] of Object.entries(counts)) {
      const found = Object.entries(kinds)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${n} ${kind}`);
      if (found.length > 0) console.log(`  ${object}s: ${found.join(", ")}`);
    }
    for (const d of differences.slice(0, 200)) console.log(`  ${d.kind} ${d.path}: ${d.detail}`);
    if (differences.length > 200)
      console.log(`  ... and ${differences.length - 200} more${values.report ? ` (all in ${values.report})` : ""}`);
    return differences.length > 0 ? 1 : 0;
  } finally {
    await client.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  validate,
  "from-slack": fromSlack,
  "from-csv": fromCsv,
  "from-stream": fromStream,
  "from-mattermost": fromMattermost,
  generate,
  verify,
  plan,
  recover,
};

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
