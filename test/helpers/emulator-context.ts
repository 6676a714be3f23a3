import type { RunningEmulator } from "../../emulator/server";
import type { ChatClient } from "../../provider/api/client";
import { resolveProviderConfig } from "../../provider/config";
import { mayDelete } from "../../provider/resources/deletion";
import type { ProviderContext } from "../../provider/runtime-context";
import { clientFor } from "./client";

/** A provider context as the provider process builds it, pointed at an in-process emulator over HTTP. */
export function emulatorContext(emulator: RunningEmulator): ProviderContext & { client(): ChatClient } {
  const config = resolveProviderConfig(
    (key) =>
      ({
        "tencent-chat:sdkAppId": String(emulator.app.sdkAppId),
        "tencent-chat:endpoint": emulator.url,
        "tencent-chat:secretKey": emulator.app.secretKey,
        "tencent-chat:identifier": emulator.app.admins[0]!,
      })[key],
    {},
  );
  const client = clientFor(emulator);
  return {
    config: () => config,
    client: () => client,
    assertConfigured: () => undefined,
    mayDelete: (what, declared = {}) =>
      mayDelete({ settings: config, declared: declared.policy, requireDeclared: declared.requireDeclared ?? false }, what),
  };
}
