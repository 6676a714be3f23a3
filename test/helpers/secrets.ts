import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { decodeUserSig } from "../../provider/api/usersig";

/** Every file's text below a folder, concatenated (for scanning a local backend's raw state). */
export function readTree(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? readTree(path) : readFileSync(path, "latin1")))
    .join("\n");
}

/** Every string inside a JSON value. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (value && typeof value === "object") for (const child of Object.values(value)) yield* strings(child);
}

/**
 * Finds leaked credentials in text or a JSON value: the secret key verbatim, or anything that decodes as a
 * UserSig (so no signature can hide, whatever its time or identifier). Returns a description per finding.
 */
export function findLeakedSecrets(subject: unknown, secretKey: string): string[] {
  const text = typeof subject === "string" ? subject : JSON.stringify(subject);
  const findings: string[] = [];
  if (text.includes(secretKey)) findings.push("the secret key appears verbatim");
  if (/usersig=/i.test(text)) findings.push("a usersig query parameter appears");
  const candidates = typeof subject === "string" ? text.split(/[^A-Za-z0-9*\-_]+/) : [...strings(subject)];
  for (const candidate of candidates) {
    if (candidate.length >= 40 && /^[A-Za-z0-9*\-_]+$/.test(candidate) && decodeUserSig(candidate)) {
      findings.push(`a UserSig appears (${candidate.slice(0, 8)}...)`);
    }
  }
  return findings;
}

/**
 * The CLI's automatic logs of a stack (`$PULUMI_HOME/logs`, encrypted with the stack's secrets provider),
 * decrypted with `pulumi logs decrypt`, with every base64 token also decoded: the log records property values as
 * base64 protobuf, where a key would not appear verbatim.
 */
export function decryptedAutomaticLogs(local: { env: Record<string, string>; workDir: string }): string {
  const dir = join(local.env.PULUMI_HOME!, "logs");
  const texts: string[] = [];
  for (const name of readdirSync(dir)) {
    const text = execFileSync("pulumi", ["logs", "decrypt", join(dir, name)], {
      cwd: local.workDir,
      env: { ...process.env, ...local.env },
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    texts.push(text, ...(text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []).map((token) => Buffer.from(token, "base64").toString("latin1")));
  }
  return texts.join("\n");
}
