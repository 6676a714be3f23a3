/**
 * The error shape the dynamic-provider server turns into partial state (ErrorResourceInitFailed): the engine
 * records `id` and `properties` as the resource's state, so what was imported is not lost, and a re-run
 * completes the rest. `properties` must carry `__provider`, which later operations load the provider from.
 */
export class PartialFailure extends Error {
  override name = "PartialFailure";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** Lists at most `limit` items and says how many more there are, to keep messages readable. */
export function listSome(items: readonly string[], limit = 10): string {
  const shown = items.slice(0, limit).join(", ");
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}
