import type { RunningEmulator } from "../../emulator/server";

/** Stack config pointing the provider at an emulator, the secret key set as a Pulumi secret. */
export function emulatorConfig(emulator: RunningEmulator, extra: Record<string, string> = {}): Record<string, { value: string; secret?: boolean }> {
  return {
    "tencent-chat:sdkAppId": { value: String(emulator.app.sdkAppId) },
    "tencent-chat:endpoint": { value: emulator.url },
    "tencent-chat:secretKey": { value: emulator.app.secretKey, secret: true },
    ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [`tencent-chat:${key}`, { value }])),
  };
}

/** The non-zero operation counts of an update summary, without "same". */
export function changes(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));
}
