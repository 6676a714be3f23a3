import type { z } from "zod";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { COMMANDS, isCommandName } from "../provider/api/endpoints";
import { verifyRequestAuth, type EmulatedApp } from "./auth";
import { EmulatorError, failEnvelope, okEnvelope } from "./errors";
import { dispatch, isImplemented } from "./handlers";
import { DEFAULT_EMULATOR_LIMITS, type EmulatorLimits } from "./handlers/context";
import { EmulatorState, EmulatorStore } from "./store";
import { CommandRateLimits } from "./rate-limit";
import { StateFileWriter } from "./persistence";
import { FaultConfig, FaultInjector } from "./faults";

/** The reserved path prefix of the emulator's own admin interface; Tencent's paths all start with /v4/. */
export const ADMIN_PREFIX = "/__emulator";

/** Options of an emulator instance. */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Address to bind; loopback by default. */
  host?: string;
  sdkAppId?: number;
  secretKey?: string;
  /** App admin accounts; `administrator` (the name Tencent gives an app's first admin) by default. */
  admins?: string[];
  /** Enforce rules the documents state loosely (default true). */
  strict?: boolean;
  /** Initial state (ignored when `statePath` holds a saved state). */
  seed?: EmulatorState;
  /** A file that keeps the state across restarts: loaded at start, written atomically after changes. */
  statePath?: string;
  /**
   * Per-command rate limits, answered as the service does (HTTP 200, ErrorCode 60007). `true` (default): the
   * documented rates (200/s, 100/s for multiaccount_import, account_check, account_delete); `false`: none; or
   * a rate per command (others keep the documented one).
   */
  rateLimits?: boolean | Partial<Record<string, number>>;
  /** Delay added to every API answer, to make round trips realistic. */
  latencyMs?: number;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** Clock in Unix seconds, for tests. */
  now?: () => number;
  /** Batch limits where the documents disagree (e.g. `importMemberBatch: 20` for the newest page). */
  limits?: Partial<EmulatorLimits>;
  /**
   * The service path on which import_topic answers: the English page says group_open_http_svc (default), the newest
   * Chinese page million_group_open_http_svc. The other path answers 10003, as an unknown command would.
   */
  topicImportServicePath?: "group_open_http_svc" | "million_group_open_http_svc";
}

/** Per-command counters exposed at `/__emulator/stats`. */
export interface CommandCounters {
  calls: number;
  /** Answers with ActionStatus FAIL (rate limits included). */
  rejected: number;
  /** Answers refused by the rate limit. */
  rateLimited: number;
}

/** Commands that change nothing, so they never trigger a state-file write. */
const READ_ONLY = new Set(["get_group_info", "get_group_member_info", "get_topic", "account_check"]);

/** Defaults of the demo app; the emulator accepts any values you give it. */
export const EMULATOR_DEFAULTS = {
  sdkAppId: 1400000000,
  secretKey: "emulator-secret-key-not-for-production",
  admins: ["administrator"],
  maxBodyBytes: 1024 * 1024,
} as const;

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL to use as the provider's `endpoint`, e.g. http://127.0.0.1:40123 */
  url: string;
  app: EmulatedApp;
  store: EmulatorStore;
  counters: Map<string, CommandCounters>;
  /** Fault rules; also settable at `POST /__emulator/faults`. */
  faults: FaultInjector;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Reads the body up to a limit; resolves undefined when the limit is passed. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Reads an admin request's JSON body and validates it. Answers 413 (too large) or 400 (not JSON, or not the
 * schema's shape) itself and returns undefined, so a bad request never changes anything.
 */
async function readAdminJson<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S, limit: number): Promise<z.output<S> | undefined> {
  const body = await readBody(req, limit);
  if (body === undefined) {
    sendJson(res, 413, { error: [`body is over ${limit} bytes`] });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8") || "{}");
  } catch {
    sendJson(res, 400, { error: ["body is not JSON"] });
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    return undefined;
  }
  return parsed.data;
}

/** Starts an emulator of the Chat REST API for one app. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const app: EmulatedApp = {
    sdkAppId: options.sdkAppId ?? EMULATOR_DEFAULTS.sdkAppId,
    secretKey: options.secretKey ?? EMULATOR_DEFAULTS.secretKey,
    admins: options.admins ?? [...EMULATOR_DEFAULTS.admins],
  };
  const writer: StateFileWriter | undefined = options.statePath
    ? new StateFileWriter(options.statePath, (): EmulatorState => store.state)
    : undefined;
  const store: EmulatorStore = new EmulatorStore(writer?.load() ?? (options.seed ? EmulatorState.parse(options.seed) : undefined));
  const rateSetting = options.rateLimits ?? true;
  const rateLimits = new CommandRateLimits((command) => {
    if (rateSetting === false) return undefined;
    const custom = rateSetting === true ? undefined : rateSetting[command];
    return custom ?? COMMANDS[command as keyof typeof COMMANDS]?.perSecond;
  });
  const latencyMs = options.latencyMs ?? 0;
  const strict = options.strict ?? true;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const maxBodyBytes = options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes;
  const counters = new Map<string, CommandCounters>();
  const faults = new FaultInjector();
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...options.limits };
  const topicImportService = options.topicImportServicePath ?? "group_open_http_svc";
  const serviceOf = (command: string) => (command === "import_topic" ? topicImportService : COMMANDS[command as keyof typeof COMMANDS]?.service);
  const count = (command: string, rejected: boolean, rateLimited = false) => {
    const counter = counters.get(command) ?? { calls: 0, rejected: 0, rateLimited: 0 };
    counter.calls++;
    if (rejected) counter.rejected++;
    if (rateLimited) counter.rateLimited++;
    counters.set(command, counter);
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = /^\/v4\/([a-z_]+)\/([a-z_]+)$/.exec(url.pathname);
    const command = match?.[2] ?? "";
    const answer = (body: Record<string, unknown>, status = 200) => {
      count(command || "(unknown)", body.ActionStatus !== "OK", body.ErrorCode === 60007);
      sendJson(res, status, body);
    };
    const body = await readBody(req, maxBodyBytes);
    try {
      if (req.method !== "POST") throw new EmulatorError(60002, "only POST is supported");
      if (!match) throw new EmulatorError(60009, "requested resource error: check the URL");
      const identifier = verifyRequestAuth(url.searchParams, app, now());
      if (!isCommandName(command) || serviceOf(command) !== match[1]) {
        throw new EmulatorError(10003, `invalid command word ${match[1]}/${command}`);
      }
      if (!isImplemented(command)) throw new EmulatorError(10003, `command ${command} is not implemented by the emulator`);
      if (body === undefined) return answer(failEnvelope(60002, `request body is over ${maxBodyBytes} bytes`), 413);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (!rateLimits.take(command)) throw new EmulatorError(60007, `${command}: REST API call frequency limit exceeded`);
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        throw new EmulatorError(60003, "JSON parse error in the request body");
      }
      let dropAfterApply = false;
      for (const action of faults.decide(command)) {
        if (action.type === "latency") await new Promise((resolve) => setTimeout(resolve, action.ms));
        else if (action.type === "error") throw new EmulatorError(action.code, action.info ?? "injected fault");
        else if (action.type === "reset") {
          count(command, true);
          return void req.socket.destroy();
        } else dropAfterApply = true;
      }
      const result = okEnvelope(dispatch(command, { store, nowSeconds: now(), strict, identifier, limits }, json));
      if (!READ_ONLY.has(command)) writer?.changed();
      if (dropAfterApply) {
        count(command, false);
        return void req.socket.destroy(); // the change is made; the answer is lost
      }
      answer(result);
    } catch (error) {
      if (error instanceof EmulatorError) return answer(failEnvelope(error.code, error.info));
      answer(failEnvelope(10002, "internal server error"));
      console.error("tencent-chat-emulator: internal error", error);
    }
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
    switch (route) {
      case "GET /state":
        return sendJson(res, 200, store.snapshot());
      case "POST /reset":
        store.reset();
        counters.clear();
        writer?.changed();
        return sendJson(res, 200, { ok: true });
      case "PUT /state": {
        const state = await readAdminJson(req, res, EmulatorState, 256 * 1024 * 1024);
        if (!state) return;
        store.state = state;
        writer?.changed();
        return sendJson(res, 200, { ok: true });
      }
      case "GET /stats":
        return sendJson(res, 200, { commands: Object.fromEntries(counters), faults: Object.fromEntries(faults.injected) });
      case "POST /faults": {
        const config = await readAdminJson(req, res, FaultConfig, maxBodyBytes);
        if (!config) return;
        faults.configure(config);
        return sendJson(res, 200, { ok: true, rules: config.rules.length });
      }
      default:
        return sendJson(res, 404, { error: `unknown admin route ${route}` });
    }
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const handler = url.pathname.startsWith(`${ADMIN_PREFIX}/`) ? handleAdmin : handleApi;
    handler(req, res, url).catch((error: unknown) => {
      console.error("tencent-chat-emulator: request failed", error);
      if (!res.headersSent) sendJson(res, 500, failEnvelope(10002, "internal server error"));
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    app,
    store,
    counters,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          writer?.flush();
          resolve();
        });
      }),
  };
}
