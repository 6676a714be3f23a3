import { z } from "zod";
import { REGIONS } from "./api/endpoints";
import { BATCH } from "./api/operations";
import { ChatConfigError } from "./api/errors";

/** The stack config namespace: keys are set as `tencent-chat:<key>`. */
export const CONFIG_NAMESPACE = "tencent-chat";

/**
 * What destroy, replacement and removal do with live objects: `delete` them, or `retain` them (only forget them).
 * The one list of the choices, for the stack setting and for a resource's own `deletionPolicy` (../resources/deletion.ts).
 */
export const DELETION_POLICIES = ["delete", "retain"] as const;

/** True when a URL points at this machine (plain http is allowed only there, for the emulator). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Provider configuration: the single source of truth for its shape, its validation and the `config` section of
 * schema.json. Values come from stack config (`tencent-chat:*`) first, then `TENCENT_CHAT_*` environment variables.
 */
export const ProviderConfig = z.strictObject({
  sdkAppId: z.coerce.number().int().positive().describe("The app's SDKAppID, from the Chat console."),
  identifier: z
    .string()
    .min(1)
    .default("administrator")
    .describe("An app admin account that signs every call; Tencent names an app's first admin `administrator`."),
  secretKey: z.string().min(1).describe("The app's secret key (set it with `pulumi config set --secret`)."),
  region: z.enum(REGIONS).optional().describe("The region your SDKAppID lives in; ignored when `endpoint` is set."),
  endpoint: z.url().optional().describe("A base URL that replaces the regional domain, e.g. the emulator's. Plain http only for loopback."),
  maxCallsPerSecond: z.coerce
    .number()
    .positive()
    .optional()
    .describe("Calls per second per command; defaults to each command's documented rate (200, or 100 for account calls)."),
  memberBatchSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(BATCH.memberImportMax)
    .default(BATCH.memberImport)
    .describe("Members per import_group_member call; made smaller automatically (100, 20, then halves) when the service answers 10005."),
  deletionPolicy: z
    .enum(DELETION_POLICIES)
    .optional()
    .describe(
      "`retain`: destroy, replacement and removal only forget objects; `delete` deletes them. Unset: `retain` for a production app (a region, or a non-loopback endpoint), `delete` for the emulator.",
    ),
  topicImportServicePath: z
    .enum(["group_open_http_svc", "million_group_open_http_svc"])
    .default("group_open_http_svc")
    .describe("Service path of import_topic, which Tencent's documents disagree on."),
  requestTimeoutMs: z.coerce.number().int().min(3_500).default(10_000).describe("Per-request timeout; must exceed the service's own 3 s."),
  maxRetries: z.coerce.number().int().min(0).max(20).default(5).describe("Retries of a failed call."),
});

/**
 * Rules across keys, checked on the raw values so they are reported together with any other bad key (zod skips
 * object-level refinements once a field has failed).
 */
function crossKeyProblems(raw: Record<string, string>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  if (!raw.endpoint && !raw.region) {
    problems.push({ key: "region", message: `set tencent-chat:region (one of ${REGIONS.join(", ")}) or tencent-chat:endpoint` });
  }
  if (raw.endpoint && URL.canParse(raw.endpoint)) {
    const url = new URL(raw.endpoint);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
      problems.push({
        key: "endpoint",
        message: "must use https (plain http is accepted only for a loopback address such as the emulator)",
      });
    }
  }
  return problems;
}

/** Validated provider configuration. */
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** Environment variable that backs each config key when the stack sets none. */
export const CONFIG_ENV_VARS: Record<keyof ProviderConfig, string> = {
  sdkAppId: "TENCENT_CHAT_SDKAPPID",
  identifier: "TENCENT_CHAT_IDENTIFIER",
  secretKey: "TENCENT_CHAT_SECRET_KEY",
  region: "TENCENT_CHAT_REGION",
  endpoint: "TENCENT_CHAT_ENDPOINT",
  maxCallsPerSecond: "TENCENT_CHAT_MAX_CALLS_PER_SECOND",
  memberBatchSize: "TENCENT_CHAT_MEMBER_BATCH_SIZE",
  deletionPolicy: "TENCENT_CHAT_DELETION_POLICY",
  topicImportServicePath: "TENCENT_CHAT_TOPIC_IMPORT_SERVICE_PATH",
  requestTimeoutMs: "TENCENT_CHAT_REQUEST_TIMEOUT_MS",
  maxRetries: "TENCENT_CHAT_MAX_RETRIES",
};

/** A key's raw value: stack config (`tencent-chat:<key>`) first, then its environment variable; empty means unset. */
export function rawConfigValue(
  key: keyof ProviderConfig,
  lookup: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const value = lookup(`${CONFIG_NAMESPACE}:${key}`) ?? env[CONFIG_ENV_VARS[key]];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Resolves the configuration from a key lookup (stack config) and the environment, and validates it.
 * Errors name the config key and never echo a value, since one of them is the secret key.
 */
export function resolveProviderConfig(lookup: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(CONFIG_ENV_VARS) as (keyof ProviderConfig)[]) {
    const value = rawConfigValue(key, lookup, env);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = ProviderConfig.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? "config"), message: issue.message }))),
    ...crossKeyProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map(({ key, message }) => {
      const envVar = CONFIG_ENV_VARS[key as keyof ProviderConfig];
      return `${CONFIG_NAMESPACE}:${key}${envVar ? ` (or ${envVar})` : ""}: ${message}`;
    });
    throw new ChatConfigError(`invalid Tencent Chat provider configuration:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
