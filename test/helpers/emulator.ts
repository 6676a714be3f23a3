import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";
import { EmulatorState } from "../../emulator/store";
import { generateUserSig } from "../../provider/api/usersig";
import { COMMANDS, type CommandName } from "../../provider/api/endpoints";

/** Signing overrides for {@link rawCall}, to build bad requests on purpose. */
export interface RawCallOptions {
  identifier?: string;
  sdkAppId?: number;
  secretKey?: string;
  sigTime?: number;
  expireSeconds?: number;
  /** Replace the query string entirely (a list of pairs may repeat a name). */
  query?: Record<string, string> | [string, string][];
  /** Send this text, or these bytes, as the body instead of JSON. */
  rawBody?: string | Uint8Array;
  path?: string;
  method?: string;
}

/** Posts to the emulator without our client, so tests can send what the client never would. */
export async function rawCall(
  emulator: RunningEmulator,
  command: CommandName | string,
  body: unknown,
  options: RawCallOptions = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const identifier = options.identifier ?? "administrator";
  const sdkAppId = options.sdkAppId ?? emulator.app.sdkAppId;
  const userSig = generateUserSig({
    sdkAppId,
    identifier,
    secretKey: options.secretKey ?? emulator.app.secretKey,
    expireSeconds: options.expireSeconds ?? 3600,
    ...(options.sigTime !== undefined ? { time: options.sigTime } : {}),
  });
  const service = (COMMANDS as Record<string, { service: string }>)[command]?.service ?? "group_open_http_svc";
  const query = options.query ?? {
    sdkappid: String(sdkAppId),
    identifier,
    usersig: userSig,
    random: "12345",
    contenttype: "json",
  };
  const url = `${emulator.url}${options.path ?? `/v4/${service}/${command}`}?${new URLSearchParams(query)}`;
  const response = await fetch(url, { method: options.method ?? "POST", body: options.rawBody ?? JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Starts an emulator for one suite; returns accessors usable in before/after hooks. */
export function useEmulator(options: EmulatorOptions = {}): { get(): RunningEmulator } {
  let emulator: RunningEmulator | undefined;
  before(async () => {
    emulator = await startEmulator(options);
  });
  after(async () => {
    await emulator?.close();
  });
  return {
    get() {
      if (!emulator) throw new Error("emulator not started");
      return emulator;
    },
  };
}

/**
 * Registers hooks so that each case of a history spec starts from `seed` (the emulator's state as given, no faults,
 * no counted calls) with a history cache of its own, and the suite leaves the cache variable as it found it.
 */
export function eachCaseFromSeed(emulator: { get(): RunningEmulator }, seed: EmulatorState): void {
  beforeEach(() => {
    emulator.get().store.state = EmulatorState.parse(structuredClone(seed));
    emulator.get().faults.configure({ seed: 1, rules: [] });
    emulator.get().counters.clear();
    process.env.TENCENT_CHAT_HISTORY_CACHE = mkdtempSync(join(tmpdir(), "history-cache-"));
  });
  after(() => {
    delete process.env.TENCENT_CHAT_HISTORY_CACHE;
  });
}
