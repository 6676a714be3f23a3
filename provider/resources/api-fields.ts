/**
 * Inputs sent to the API as they are, under the API's field names. Each resource keeps one table of those names
 * (input property to request field), so an input's API name is written once, for import and modify alike.
 */

/** A table from input properties to the request fields that carry them. */
export type ApiFieldNames<Inputs> = { readonly [K in keyof Inputs]?: string };

/**
 * The defined properties of `inputs` that `names` lists, under their request field names. An undefined property
 * is left out, so the service applies its own default; the caller parses the request with the command's schema.
 */
export function apiFields<Inputs extends object>(inputs: Inputs, names: ApiFieldNames<Inputs>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(names) as (keyof Inputs & string)[]) {
    const value = inputs[key];
    if (value !== undefined) fields[names[key]!] = value;
  }
  return fields;
}
