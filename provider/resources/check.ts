import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { byteLimitProblem } from "../limits";
import { unkeepableKeyIssues } from "../own-keys";

/**
 * The marker the engine puts where a value is not known during preview (the dynamic-provider server passes it
 * through as this string). Inputs holding it are left unvalidated.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A check failure naming the property path (e.g. `members.alice.joinTime`) and the problem. */
export type CheckFailure = pulumi.dynamic.CheckFailure;

/** True when a value is known (not the preview marker). */
export function isKnown(value: unknown): boolean {
  return value !== UNKNOWN_VALUE;
}

/** A string limited in UTF-8 bytes, with a message naming the limit and the size found. */
export function boundedText(limit: number) {
  return z.string().superRefine((text, ctx) => {
    const problem = byteLimitProblem(text, limit);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

function collectUnknownPaths(value: unknown, path: string, into: string[]): void {
  if (value === UNKNOWN_VALUE) into.push(path);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) collectUnknownPaths(child, path ? `${path}.${key}` : key, into);
  }
}

/** A path segment as failures show it: an empty key would otherwise vanish from the path. */
function showKey(key: PropertyKey): string {
  const text = String(key);
  return text === "" ? '""' : text;
}

/** Removes the engine's `__provider` from a property bag. */
export function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _provider, ...rest } = props;
  return rest;
}

/**
 * Whether `inputs` are the very inputs `olds` held: the inputs a check passed before they were applied, so nothing
 * will be called for them. Values are compared with ===, so a text of a hundred thousand entries costs one string
 * comparison instead of being validated again at every preview; a map (an older state's form) never matches and
 * is checked. Inputs of a new resource (no olds) never match either.
 */
export function unchangedSinceApplied(olds: Record<string, unknown> | undefined, inputs: Record<string, unknown>): boolean {
  const before = withoutProvider(olds ?? {});
  if (Object.keys(before).length === 0) return false;
  for (const key of new Set([...Object.keys(before), ...Object.keys(inputs)])) if (before[key] !== inputs[key]) return false;
  return true;
}

/**
 * Each zod issue as a path and a reason, the one reading of zod's issues that `check` and the manifest validator
 * share: an unknown key gives one entry per key ("is not a known property"), a bad record key the message of the key's
 * own rule instead of zod's "Invalid key". `format` writes a path its caller's way (`a.b` or `groups[3].key`).
 */
export function issueFailures(
  issues: readonly z.core.$ZodIssue[],
  format: (path: readonly PropertyKey[]) => string,
): { path: string; reason: string }[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({ path: format([...issue.path, key]), reason: "is not a known property" }));
    const nested = issue.code === "invalid_key" ? issue.issues.map((inner) => inner.message).join("; ") : "";
    return [{ path: format(issue.path), reason: nested || issue.message }];
  });
}

/**
 * Validates inputs with a zod schema plus cross-field rules and reports every problem at once. Problems at or
 * under an unknown (preview) value are dropped; cross-field rules see the raw inputs and must skip unknowns
 * themselves (see {@link isKnown}).
 */
export function checkWith<S extends z.ZodType>(
  schema: S,
  news: Record<string, unknown>,
  crossFieldRules: (inputs: Record<string, unknown>) => CheckFailure[] = () => [],
): { inputs: Record<string, unknown>; failures: CheckFailure[]; parsed?: z.output<S> } {
  const inputs = withoutProvider(news);
  const unknownPaths: string[] = [];
  collectUnknownPaths(inputs, "", unknownPaths);
  const underUnknown = (path: string) => unknownPaths.some((u) => path === u || path.startsWith(`${u}.`));

  const result = schema.safeParse(inputs);
  const failures: CheckFailure[] = [];
  const issues = [...(result.success ? [] : result.error.issues), ...unkeepableKeyIssues(inputs)];
  for (const { path, reason } of issueFailures(issues, (segments) => segments.map(showKey).join("."))) {
    if (!underUnknown(path)) failures.push({ property: path || "(inputs)", reason });
  }
  failures.push(...crossFieldRules(inputs).filter((failure) => !underUnknown(failure.property)));
  return result.success && failures.length === 0
    ? { inputs: result.data as Record<string, unknown>, failures, parsed: result.data }
    : { inputs, failures };
}
