import type { z } from "zod";

/**
 * Maps keyed by strings users choose (UserIDs, group IDs and keys, topic IDs, AppDefinedData keys): `__proto__`,
 * `constructor` and `toString` are valid ones, which plain property access would find on, or write to, the
 * object's prototype. Every read and write of such a map by a user's key goes through these two.
 */

/** The map's own value under `key`, never one inherited from its prototype. */
export function ownValue<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Sets `key` as an own property, also when it is `__proto__`, which plain assignment would take as the object's
 * prototype instead.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Plain assignment for every other key: defineProperty is several times slower, and texts hold a million keys.
  if (key === UNKEEPABLE_KEY) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A new map with the own keys of `map`, each value passed through `transform`. A loop instead of
 * `Object.fromEntries(Object.entries(map).map(...))`: that builds an array per entry, and over the member maps of a
 * million-member migration it cost seconds (2.4 s against 0.3 s for 10,000 maps of 100 UserIDs).
 */
export function mapOwnValues<T, R>(map: Readonly<Record<string, T>>, transform: (value: T, key: string) => R): Record<string, R> {
  const result: Record<string, R> = {};
  for (const key of Object.keys(map)) setOwn(result, key, transform(map[key]!, key));
  return result;
}

/**
 * The one key such a map cannot hold through every layer: zod's records drop `__proto__` (a guard against
 * prototype pollution), and so would state read back by any plain-object code. Declarations refuse it with a
 * clear problem instead of losing it without a word.
 */
export const UNKEEPABLE_KEY = "__proto__";

/** The problem a declaration gets for {@link UNKEEPABLE_KEY}. */
export const UNKEEPABLE_KEY_PROBLEM = `must not be ${UNKEEPABLE_KEY}: JavaScript objects, and so zod and Pulumi's state, do not keep it as a key`;

/**
 * A zod issue for every own `__proto__` key in a value, at its path. zod's records drop that key before their key
 * schema sees it, so the places that validate a declaration with zod add these to zod's own issues: the key is
 * reported with {@link UNKEEPABLE_KEY_PROBLEM} instead of vanishing from the declaration.
 */
export function unkeepableKeyIssues(value: unknown): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  // One path array, pushed and popped: a manifest holds a million members, and a path per node was half a second.
  const path: PropertyKey[] = [];
  const visit = (node: object): void => {
    if (Object.hasOwn(node, UNKEEPABLE_KEY)) {
      issues.push({
        code: "custom",
        path: [...path, UNKEEPABLE_KEY],
        message: UNKEEPABLE_KEY_PROBLEM,
        input: (node as Record<string, unknown>)[UNKEEPABLE_KEY],
      });
    }
    const list = Array.isArray(node);
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (typeof child !== "object" || child === null || key === UNKEEPABLE_KEY) continue;
      path.push(list ? Number(key) : key);
      visit(child);
      path.pop();
    }
  };
  if (typeof value === "object" && value !== null) visit(value);
  return issues;
}
