import type { RunningEmulator } from "../../emulator/server";
import { emulatorStackConfig } from "../../tools/lib/local-stack";

/** Stack config pointing the provider at an in-process emulator (see {@link emulatorStackConfig}). */
export function emulatorConfig(
  emulator: RunningEmulator,
  extra: Record<string, string> = {},
): Record<string, { value: string; secret?: boolean }> {
  return emulatorStackConfig({ url: emulator.url, ...emulator.app }, extra);
}

/** The non-zero operation counts of an update summary, without "same". */
export function changes(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));
}
