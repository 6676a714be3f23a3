import type { ChatClient, ChatClientOptions } from "../../provider/api/client";
import type { RunningEmulator } from "../../emulator/server";
import { emulatorClient } from "../../tools/lib/local-stack";

/** A client of ours pointed at an in-process emulator, signing as its first admin, with short backoff. */
export function clientFor(
  emulator: RunningEmulator,
  overrides: Partial<ChatClientOptions["config"]> = {},
  retry?: ChatClientOptions["retryPolicy"],
): ChatClient {
  return emulatorClient(
    { url: emulator.url, ...emulator.app },
    { identifier: emulator.app.admins[0]!, ...overrides },
    retry ?? { baseDelayMs: 5, maxDelayMs: 50 },
  );
}
