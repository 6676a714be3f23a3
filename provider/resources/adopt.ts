import { ErrorCode } from "../api/error-codes";
import { ChatConflictError } from "../api/errors";

/**
 * After an import answered "ID in use" (10021): the existing object is adopted only when it is the one declared
 * (a create whose answer was lost), never a stranger's object that happens to share the ID. Throws otherwise,
 * naming the fields that differ. `differing` is undefined when the object could not be read back.
 */
export function assertAdoptable(
  command: string,
  noun: string,
  id: string,
  idField: string,
  differing: string[] | undefined,
  advice = "",
): void {
  if (differing && differing.length === 0) return;
  throw new ChatConflictError(
    command,
    ErrorCode.IdInUse,
    `${noun} ID ${id} is already in use by a ${noun} that differs from this declaration` +
      `${differing?.length ? ` (${differing.join(", ")})` : ""}; choose another ${idField}${advice}`,
  );
}

/** The values of `keys` that are set in a property bag (state outputs hold more than the inputs). */
export function pickDefined<T extends Partial<Record<K, unknown>>, K extends string>(keys: readonly K[], props: T): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => props[key] !== undefined).map((key) => [key, props[key]])) as Partial<Pick<T, K>>;
}
