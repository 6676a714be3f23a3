#!/usr/bin/env node
import { parseArgs } from "node:util";
import { numberFlag } from "../provider/cli-flags";
import { DEFAULT_EMULATOR_LIMITS } from "./handlers/context";
import { EMULATOR_DEFAULTS, startEmulator } from "./server";
import { readStateFile } from "./persistence";

const HELP = `Usage: tencent-chat-emulator [options]

A local emulator of the Tencent Cloud Chat REST API for one app.

  --port <n>          port to listen on (default 0: any free port)
  --host <addr>       address to bind (default 127.0.0.1)
  --sdkappid <n>      the app's SDKAppID (default ${EMULATOR_DEFAULTS.sdkAppId})
  --secret-key <s>    the app's secret key (default: a fixed demo key; or TENCENT_CHAT_SECRET_KEY)
  --admin <id>        an app admin account; repeat for more (default administrator)
  --state <file>      keep the state in this file across restarts (written atomically after changes)
  --seed <file>       start from this state (JSON as GET /__emulator/state returns it)
  --latency-ms <n>    add this delay to every answer (default 0)
  --no-rate-limits    do not enforce the documented per-command rates (200/s; 100/s for account calls)
  --member-batch <n>  members accepted per import_group_member call (default ${DEFAULT_EMULATOR_LIMITS.importMemberBatch}; newest docs say 20)
  --group-msg-batch <n>  messages accepted per import_group_msg call (default ${DEFAULT_EMULATOR_LIMITS.groupMessageBatch}; the Use Limits page says 20)
  --blocked-word <w>  a blocked word: import_group_msg refuses a message holding it (80001); repeat for more
                      (default none; also PUT /__emulator/blocked-words)
  --history-retention-days <n>  keep message history this many days from each message's time (editions keep
                      7, 30 or 90; default: forever, so audits read imported history back)
  --strict            refuse what the documents leave unclear (the default; README: "the emulator's choices")
  --loose             accept what the documents leave unclear
  --admin-token <t>   the admin interface (/__emulator/...) answers only with "Authorization: Bearer <t>"
                      (or TENCENT_CHAT_EMULATOR_ADMIN_TOKEN); for rehearsal machines others can reach
  --no-admin          turn the admin interface off
  --max-body-bytes <n>   largest API request body (default 1 MiB); refused before it is read
  --max-state-bytes <n>  largest PUT /__emulator/state body (default 64 MiB)
  --help              show this help

Prints the base URL on start; set it as the provider's endpoint.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      sdkappid: { type: "string", default: String(EMULATOR_DEFAULTS.sdkAppId) },
      "secret-key": { type: "string" },
      admin: { type: "string", multiple: true },
      loose: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
      state: { type: "string" },
      seed: { type: "string" },
      "latency-ms": { type: "string", default: "0" },
      "no-rate-limits": { type: "boolean", default: false },
      "member-batch": { type: "string", default: String(DEFAULT_EMULATOR_LIMITS.importMemberBatch) },
      "group-msg-batch": { type: "string", default: String(DEFAULT_EMULATOR_LIMITS.groupMessageBatch) },
      "blocked-word": { type: "string", multiple: true },
      "history-retention-days": { type: "string" },
      "admin-token": { type: "string" },
      "no-admin": { type: "boolean", default: false },
      "max-body-bytes": { type: "string", default: String(EMULATOR_DEFAULTS.maxBodyBytes) },
      "max-state-bytes": { type: "string", default: String(EMULATOR_DEFAULTS.maxStateBytes) },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.loose && values.strict) throw new Error("--strict and --loose exclude each other");
  const port = numberFlag("port", values.port, { min: 0, max: 65535 });
  const sdkAppId = numberFlag("sdkappid", values.sdkappid, { min: 1 });
  const latencyMs = numberFlag("latency-ms", values["latency-ms"], { min: 0 });
  const memberBatch = numberFlag("member-batch", values["member-batch"], { min: 1 });
  const groupMessageBatch = numberFlag("group-msg-batch", values["group-msg-batch"], { min: 1 });
  const retention = values["history-retention-days"];
  const historyRetentionDays = retention === undefined ? undefined : numberFlag("history-retention-days", retention, { min: 1 });
  const maxBodyBytes = numberFlag("max-body-bytes", values["max-body-bytes"], { min: 1024 });
  const maxStateBytes = numberFlag("max-state-bytes", values["max-state-bytes"], { min: 1024 });
  const adminToken = values["admin-token"] ?? process.env.TENCENT_CHAT_EMULATOR_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < 16) throw new Error("--admin-token must be at least 16 characters");
  const emulator = await startEmulator({
    ...(values.state ? { statePath: values.state } : {}),
    ...(values.seed ? { seed: readStateFile(values.seed) } : {}),
    latencyMs,
    rateLimits: !values["no-rate-limits"],
    limits: { importMemberBatch: memberBatch, groupMessageBatch },
    blockedWords: values["blocked-word"] ?? [],
    ...(historyRetentionDays !== undefined ? { historyRetentionDays } : {}),
    port,
    host: values.host,
    sdkAppId,
    secretKey: values["secret-key"] ?? process.env.TENCENT_CHAT_SECRET_KEY ?? EMULATOR_DEFAULTS.secretKey,
    admins: values.admin ?? [...EMULATOR_DEFAULTS.admins],
    strict: !values.loose,
    maxBodyBytes,
    maxStateBytes,
    admin: values["no-admin"] ? "off" : adminToken ? { token: adminToken } : "open",
  });
  console.log(emulator.url);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`tencent-chat-emulator: ${(error as Error).message}`);
  process.exit(2);
});
