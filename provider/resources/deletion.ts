import { load as parseYaml } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFIG_NAMESPACE, DELETION_POLICIES, isLoopbackUrl, rawConfigValue } from "../config";
import { findProjectFolder, readProjectFile } from "../project";

/**
 * Whether live data may be deleted: the single home of that decision, for the program (what `pulumi up` records)
 * and for the provider process (what a delete does). Our users migrate once, into production: a destroyed group
 * loses its message history and a deleted account cannot be imported again for 3 months, so every reading that
 * says "keep" wins over every reading that says "delete".
 */
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

/** The configuration keys the decision reads (stack config `tencent-chat:*`, or their environment variables). */
export interface DeletionSettings {
  deletionPolicy?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

/**
 * True for a production app: a region is configured (even when an endpoint redirects it, as in a rehearsal of the
 * production settings), or the endpoint is not this machine. Only the emulator on loopback is not production.
 */
export function isProductionTarget(settings: DeletionSettings): boolean {
  if (settings.region) return true;
  if (!settings.endpoint || !URL.canParse(settings.endpoint)) return true;
  return !isLoopbackUrl(new URL(settings.endpoint));
}

/**
 * The policy of a stack: `tencent-chat:deletionPolicy` when set; otherwise `retain` for a production app and
 * `delete` for the emulator (where rehearsals are torn down and run again).
 */
export function stackDeletionPolicy(settings: DeletionSettings): DeletionPolicy {
  const policy = DELETION_POLICIES.find((known) => known === settings.deletionPolicy);
  if (policy) return policy;
  return isProductionTarget(settings) ? "retain" : "delete";
}

/** The settings as a key lookup (stack config) and the environment give them, read as the provider reads them. */
export function deletionSettings(lookup: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): DeletionSettings {
  const read = (key: "deletionPolicy" | "region" | "endpoint") => rawConfigValue(key, lookup, env);
  return { deletionPolicy: read("deletionPolicy"), region: read("region"), endpoint: read("endpoint") };
}

/**
 * `tencent-chat:deletionPolicy` as the stack's settings file says it now, or undefined when it says nothing or
 * cannot be read. `pulumi destroy` does not run the program, so the provider is configured with the settings of
 * the last `pulumi up`; a `pulumi config set tencent-chat:deletionPolicy retain` made since then is only in this
 * file (Pulumi.<stack>.yaml in the project folder, or in its `stackConfigDir`).
 */
export function currentStackFilePolicy(stack: string, startDir = process.cwd()): string | undefined {
  const dir = findProjectFolder(startDir);
  if (dir === undefined) return undefined;
  try {
    const project = readProjectFile(dir);
    const configDir = typeof project.stackConfigDir === "string" ? resolve(dir, project.stackConfigDir) : dir;
    // An organisation-qualified name (org/project/stack) keeps only the stack's own name in the file name.
    const file = join(configDir, `Pulumi.${stack.split("/").pop()}.yaml`);
    if (!existsSync(file)) return undefined;
    const settings = (parseYaml(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const value = settings.config?.[`${CONFIG_NAMESPACE}:deletionPolicy`];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined; // unreadable: the recorded settings decide alone
  }
}

/** Every reading a provider process has of whether it may delete, for {@link mayDelete}. */
export interface DeletionReadings {
  /** The provider's configuration: the current one during `up`, the one recorded at the last `up` on `destroy`. */
  settings: DeletionSettings;
  /**
   * `tencent-chat:deletionPolicy` in the stack's settings file as it is now ({@link currentStackFilePolicy}), asked
   * only when the recorded readings allow deleting; undefined when the stack is not known.
   */
  currentPolicy?: (() => string | undefined) | undefined;
  /** A policy declared on the resource itself (ImportedAccounts), as recorded. */
  declared?: DeletionPolicy | undefined;
  /** Deletion must be declared on the resource (ImportedAccounts): the stack's policy alone is not enough. */
  requireDeclared?: boolean;
}

/**
 * Why the resource's own declaration or the stack's settings keep it, or undefined when they allow deleting:
 * `retain` when the resource declares it, when deletion must be declared on it and is not, or when the stack's
 * policy is `retain`.
 */
function declaredRetainReason(
  settings: DeletionSettings,
  declared: DeletionPolicy | undefined,
  requireDeclared: boolean,
): string | undefined {
  if (requireDeclared && declared !== "delete") return 'deletion is not declared on the resource (deletionPolicy: "delete")';
  if (declared === "retain") return 'the resource declares deletionPolicy: "retain"';
  if (stackDeletionPolicy(settings) === "retain") {
    return settings.deletionPolicy === "retain"
      ? "tencent-chat:deletionPolicy is retain"
      : "a production app keeps data unless tencent-chat:deletionPolicy is delete";
  }
  return undefined;
}

/** The policy a program records for a resource, as Pulumi's `retainOnDelete` (which the plan shows as `[retain]`). */
export function resourceDeletionPolicy(
  settings: DeletionSettings,
  declared: DeletionPolicy | undefined,
  requireDeclared = false,
): DeletionPolicy {
  return declaredRetainReason(settings, declared, requireDeclared) === undefined ? "delete" : "retain";
}

/** Why a deletion was not done, or undefined when it may go ahead: the recorded readings, then the stack's file now. */
export function retainReason(readings: DeletionReadings): string | undefined {
  const recorded = declaredRetainReason(readings.settings, readings.declared, readings.requireDeclared ?? false);
  if (recorded !== undefined) return recorded;
  return readings.currentPolicy?.() === "retain" ? "tencent-chat:deletionPolicy is now retain in the stack's settings" : undefined;
}

/**
 * True when `what` may be deleted now; otherwise says in the run's output that it was kept (forgotten by Pulumi,
 * left in place on Tencent) and why.
 */
export function mayDelete(readings: DeletionReadings, what: string): boolean {
  const reason = retainReason(readings);
  if (reason !== undefined) console.log(`kept, not deleted: ${what} (${reason})`);
  return reason === undefined;
}
