/**
 * How many generated inputs the property-based specs try per test run. Kept out of the spec files, which must not
 * export (importing a spec would run its tests again in the importer).
 */

/** Raw requests sent per test run by the emulator's fuzz spec (test/emulator/fuzz.spec.ts). */
export const FUZZ_INPUTS = 600;

/** Inputs tried by test/provider/resources/check.spec.ts, reported by `npm run reliability`. */
export const CHECK_RUNS = 400;

/**
 * Generated declarations tried per resource kind by test/provider/resources/convergence.spec.ts (each one an up, a
 * refresh and a preview, twice).
 */
export const CONVERGENCE_RUNS = 40;
