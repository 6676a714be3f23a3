import { ChatClient, type ChatClientOptions } from "../../provider/api/client";
import type { RunningEmulator } from "../../emulator/server";

/** A client of ours pointed at an emulator, over real HTTP. */
export function clientFor(emulator: RunningEmulator, overrides: Partial<ChatClientOptions["config"]> = {}, retry?: ChatClientOptions["retryPolicy"]): ChatClient {
  return new ChatClient({
    config: {
      sdkAppId: emulator.app.sdkAppId,
      identifier: emulator.app.admins[0]!,
      secretKey: emulator.app.secretKey,
      endpoint: emulator.url,
      requestTimeoutMs: 10_000,
      maxRetries: 5,
      topicImportServicePath: "group_open_http_svc",
      ...overrides,
    },
    retryPolicy: retry ?? { baseDelayMs: 5, maxDelayMs: 50 },
  });
}
