import { ERROR_CODES } from "../provider/api/error-codes";

const KIND_TEXT: Record<string, string> = {
  retryable: "retried automatically",
  "rate-limit": "retried automatically, with the command's pace slowed",
  auth: "not retried: credentials",
  permission: "not retried: permission or plan",
  "not-found": "not retried; refresh treats it as gone",
  conflict: "not retried; a fixed ID is adopted when it matches",
  invalid: "not retried: fix the input",
  limit: "not retried: a documented limit",
};

/** docs/troubleshooting.md, generated from the ErrorCode table that error messages also use. */
export function buildTroubleshooting(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, info]) => `| ${code} | ${info.meaning} | ${info.action} | ${KIND_TEXT[info.kind]} |`);
  return `<!-- Generated from provider/api/error-codes.ts by \`npm run gen\`; do not edit. -->
# Troubleshooting by ErrorCode

Every failure names the command and Tencent's ErrorCode, for example
\`import_group failed with ErrorCode 10021 (the group or topic ID is already in use): ...; choose another ID, or import the existing object\`.
Find the code below. Codes marked "retried automatically" only surface after \`maxRetries\` attempts.

| ErrorCode | meaning | what to do | how the provider treats it |
|---|---|---|---|
${rows.join("\n")}

Other situations:

- **\`no answer from https://... (UND_ERR_CONNECT_TIMEOUT)\`**: the regional domain is unreachable; check \`region\`
  (the SDKAppID lives in one region) or \`endpoint\`, and the machine's network.
- **\`invalid Tencent Chat provider configuration\`**: the message names the key; set it with
  \`pulumi config set tencent-chat:<key>\` (\`--secret\` for \`secretKey\`) or its \`TENCENT_CHAT_*\` variable.
- **\`import_group_member failed for N of M members\`**: each failed account is named with the reason; the
  members that were imported are kept in state, so fix the inputs (or import the accounts) and run \`pulumi up\`
  again.
- **\`group ID X is already in use by a group that differs from this declaration (name, ...)\`**: another group
  holds the ID. Nothing was overwritten. Choose another \`groupId\`, or make the declaration match the existing group
  to adopt it.
`;
}
