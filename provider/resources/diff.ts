import type * as pulumi from "@pulumi/pulumi";

/**
 * Stable JSON for comparing property values: object keys sorted, undefined dropped. The keys are in localeCompare
 * order, not the code-unit order of ./line-text.ts: ImportedGroupBatch's stored text holds each group's fields in this
 * order (./batch/batch-text.ts), so another order would show every batch whose custom-field keys mix cases, or use
 * `_`, as changed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The keys among `keys` whose values differ between two property bags: old outputs and new inputs in a diff, or a
 * declaration and what the live object shows when an existing object is considered for adoption.
 */
export function changedKeys<K extends string>(keys: readonly K[], olds: object, news: object): K[] {
  const [before, after] = [olds as Partial<Record<K, unknown>>, news as Partial<Record<K, unknown>>];
  return keys.filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key]));
}

/**
 * Builds a diff from a per-resource table of which properties replace; all others update in place.
 * `deleteBeforeReplace` is set when the replacement would reuse a fixed ID and so collide with the old object.
 */
export function diffByTable<K extends string>(
  keys: readonly K[],
  replaceOnChange: readonly K[],
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  fixedIdKept: boolean,
): pulumi.dynamic.DiffResult {
  const changed = changedKeys(keys, olds, news);
  const replaces = changed.filter((key) => replaceOnChange.includes(key));
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && fixedIdKept,
  };
}
