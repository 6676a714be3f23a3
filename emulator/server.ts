import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import { COMMANDS, isCommandName, MAX_ANSWER_BYTES } from "../provider/api/endpoints";
import { ADMIN_PREFIX, adminHandler } from "./admin";
import { verifyRequestAuth, type EmulatedApp } from "./auth";
import { closeAfter, readBody, sendJson } from "./http-io";
import { ErrorCode } from "../provider/api/error-codes";
import { EmulatorError, failEnvelope, okEnvelope } from "./errors";
import { dispatch } from "./handlers";
import { DEFAULT_EMULATOR_LIMITS, type EmulatorLimits } from "./handlers/context";
import { EmulatorState, EmulatorStore } from "./store";
import { CommandRateLimits } from "./rate-limit";
import { StateFileWriter } from "./persistence";
import { type FaultAction, FaultInjector, losesAnswerAfterApply } from "./faults";
import { invalidUtf8Offset, loneSurrogateByteOffset } from "../provider/limits";
import { CallHistory } from "./history";
import { BlockedWords } from "./blocked-words";

export { ADMIN_PREFIX } from "./admin";

/**
 * What a fault leaves the caller instead of the API's answer: a reset connection, a gateway's error page, or no
 * answer at all (the connection held until the caller gives up, or `ms` passed).
 */
function loseAnswer(req: IncomingMessage, res: ServerResponse, action: FaultAction): void {
  if (action.type === "http-error") {
    res.writeHead(action.status, { "content-type": "text/html", connection: "close" });
    res.end(`<html><body><h1>${action.status} ${STATUS_CODES[action.status] ?? ""}</h1></body></html>\n`);
  } else if (action.type === "timeout") {
    const timer = setTimeout(() => req.socket.destroy(), action.ms);
    timer.unref();
    req.socket.once("close", () => clearTimeout(timer));
  } else req.socket.destroy();
}

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
  /** Largest accepted body of an API request in bytes; larger ones are refused before they are read. */
  maxBodyBytes?: number;
  /** Largest accepted body of `PUT /__emulator/state` (a state import) in bytes. */
  maxStateBytes?: number;
  /**
   * The admin interface (`/__emulator/...`): `"open"` (default, for a rehearsal on one's own machine), `"off"`
   * (every admin route answers 404), or `{ token }`: only requests carrying `Authorization: Bearer <token>`, for
   * shared rehearsal machines.
   */
  admin?: "open" | "off" | { token: string };
  /** Clock in Unix seconds, for tests. */
  now?: () => number;
  /** Batch limits where the documents disagree (e.g. `importMemberBatch: 20` for the newest page). */
  limits?: Partial<EmulatorLimits>;
  /**
   * The service path on which import_topic answers: the English page says group_open_http_svc (default), the newest
   * Chinese page million_group_open_http_svc. The other path answers 10003, as an unknown command would.
   */
  topicImportServicePath?: "group_open_http_svc" | "million_group_open_http_svc";
  /**
   * The app's blocked words: import_group_msg stores no message holding one (Result 80001). Empty by default; also
   * settable at `PUT /__emulator/blocked-words`.
   */
  blockedWords?: string[];
  /**
   * Days of message history kept, counted from each message's time (editions keep 7, 30 or 90); older messages are
   * expired (group_msg_get_simple: IsPlaceMsg 1; admin_getroammsg: left out). Unlimited by default, so an audit
   * reads imported history back whatever its age.
   */
  historyRetentionDays?: number;
}

/** Per-command counters exposed at `/__emulator/stats`. */
export interface CommandCounters {
  calls: number;
  /** Answers with ActionStatus FAIL (rate limits included). */
  rejected: number;
  /** Answers refused by the rate limit. */
  rateLimited: number;
}

/** Defaults of the demo app; the emulator accepts any values you give it. */
export const EMULATOR_DEFAULTS = {
  sdkAppId: 1400000000,
  secretKey: "emulator-secret-key-not-for-production",
  admins: ["administrator"],
  maxBodyBytes: 1024 * 1024,
  maxStateBytes: 64 * 1024 * 1024,
} as const;

/** The API's paths: `/v4/<service>/<command>`, matched on the path exactly as sent. */
const API_PATH = /^\/v4\/([a-z_]+)\/([a-z_]+)$/;

/**
 * The path and query of a request target exactly as sent: nothing decoded, nothing normalised, so that
 * `/v4/../__emulator/reset` stays an (unknown) API path and never reaches the admin interface, and a target that
 * is no URL at all (`//`, `http://[/`) is only an unknown path. Never throws.
 */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const at = target.indexOf("?");
  return { path: at < 0 ? target : target.slice(0, at), query: new URLSearchParams(at < 0 ? "" : target.slice(at + 1)) };
}

/** Where in a JSON value the first string that is not valid UTF-8 is (a lone surrogate), as a path and byte offset. */
/** How deep a request body may nest: Tencent's documented bodies nest a few levels; this is far beyond any. */
export const MAX_JSON_DEPTH = 64;

function firstInvalidText(body: unknown): string | undefined {
  // A walk with its own stack, not recursion: a body nested 100,000 deep is bad input to answer, not a stack to
  // overflow (an overflow became 10002, which a client retries).
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const at = loneSurrogateByteOffset(value);
      if (at !== undefined) return `${path || "(body)"}: not valid UTF-8 text (a lone surrogate at byte ${at})`;
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return `${path || "(body)"}: nested deeper than ${MAX_JSON_DEPTH} levels`;
    // Pushed in reverse, so the first problem in document order is the one found first.
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}${path ? "." : ""}${key}`;
      stack.push({ value: child, path: childPath, depth: depth + 1 });
      stack.push({ value: key, path: `${path}${path ? "." : ""}(key)`, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The JSON field whose string value holds byte `offset` of a body, when the text before it shows one. */
function fieldAt(body: Buffer, offset: number): string | undefined {
  return /"([^"\\]{1,64})"\s*:\s*"[^"]*$/.exec(body.subarray(Math.max(0, offset - 4096), offset).toString("latin1"))?.[1];
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL to use as the provider's `endpoint`, e.g. http://127.0.0.1:40123 */
  url: string;
  app: EmulatedApp;
  store: EmulatorStore;
  counters: Map<string, CommandCounters>;
  /** Fault rules; also settable at `POST /__emulator/faults`. */
  faults: FaultInjector;
  /** The app's blocked words; also settable at `PUT /__emulator/blocked-words`. */
  blockedWords: BlockedWords;
  close(): Promise<void>;
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
  const maxStateBytes = options.maxStateBytes ?? EMULATOR_DEFAULTS.maxStateBytes;
  const adminAccess = options.admin ?? "open";
  const counters = new Map<string, CommandCounters>();
  const faults = new FaultInjector();
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...options.limits };
  const topicImportService = options.topicImportServicePath ?? "group_open_http_svc";
  const serviceOf = (command: string) =>
    command === "import_topic" ? topicImportService : COMMANDS[command as keyof typeof COMMANDS]?.service;
  const history = new CallHistory();
  const blockedWords = new BlockedWords(options.blockedWords ?? []);
  const retentionDays = options.historyRetentionDays;
  if (retentionDays !== undefined && !(retentionDays > 0)) throw new Error("historyRetentionDays must be above 0");
  const historyRetentionSeconds = retentionDays === undefined ? undefined : Math.round(retentionDays * 86_400);
  const count = (command: string, rejected: boolean, rateLimited = false) => {
    history.record(command, rejected);
    const counter = counters.get(command) ?? { calls: 0, rejected: 0, rateLimited: 0 };
    counter.calls++;
    if (rejected) counter.rejected++;
    if (rateLimited) counter.rateLimited++;
    counters.set(command, counter);
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const match = API_PATH.exec(path);
    const command = match?.[2] ?? "";
    const answer = (body: Record<string, unknown>, status = 200, text?: string) => {
      count(command || "(unknown)", body.ActionStatus !== "OK", body.ErrorCode === ErrorCode.CallFrequencyExceeded);
      closeAfter(req, res);
      sendJson(res, status, body, text);
    };
    try {
      // Everything that needs no body is checked before any of it is read: a caller who is not the app's admin
      // cannot make the emulator take in a byte of body.
      if (req.method !== "POST") throw new EmulatorError(ErrorCode.HttpParseError, "only POST is supported");
      if (!match) throw new EmulatorError(ErrorCode.RequestedResourceError, "requested resource error: check the URL");
      const identifier = verifyRequestAuth(query, app, now());
      if (!isCommandName(command) || serviceOf(command) !== match[1]) {
        throw new EmulatorError(ErrorCode.InvalidCommand, `invalid command word ${match[1]}/${command}`);
      }
      const body = await readBody(req, maxBodyBytes);
      if (body === undefined) return answer(failEnvelope(ErrorCode.HttpParseError, `request body is over ${maxBodyBytes} bytes`), 413);
      const badByte = invalidUtf8Offset(body);
      if (badByte !== undefined) {
        const field = fieldAt(body, badByte);
        throw new EmulatorError(
          ErrorCode.InvalidJson,
          `request body is not valid UTF-8: byte 0x${body[badByte]!.toString(16).padStart(2, "0")} at offset ${badByte}${field ? ` (in the value of ${field})` : ""}`,
        );
      }
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (!rateLimits.take(command))
        throw new EmulatorError(ErrorCode.CallFrequencyExceeded, `${command}: REST API call frequency limit exceeded`);
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        throw new EmulatorError(ErrorCode.InvalidJson, "JSON parse error in the request body");
      }
      const invalidText = firstInvalidText(json);
      if (invalidText) throw new EmulatorError(ErrorCode.InvalidParameter, invalidText);
      let lostAnswer: FaultAction | undefined;
      for (const action of faults.decide(command)) {
        if (action.type === "latency") await new Promise((resolve) => setTimeout(resolve, action.ms));
        else if (action.type === "error") throw new EmulatorError(action.code, action.info ?? "injected fault");
        else if (losesAnswerAfterApply(action)) lostAnswer = action;
        else {
          count(command, true);
          return loseAnswer(req, res, action); // before processing: nothing happens
        }
      }
      const context = {
        store,
        nowSeconds: now(),
        strict,
        identifier,
        limits,
        sdkAppId: app.sdkAppId,
        blockedWords,
        historyRetentionSeconds,
      };
      const result = okEnvelope(dispatch(command, context, json));
      // A command that changes nothing never triggers a state-file write.
      if (!COMMANDS[command].readOnly) writer?.changed();
      if (lostAnswer) {
        count(command, false);
        return loseAnswer(req, res, lostAnswer); // the change is made; the answer is lost
      }
      // The answer is serialised once: to send it, and to refuse it when a read's would be over 1 MB.
      const text = JSON.stringify(result);
      const bytes = Buffer.byteLength(text);
      if (COMMANDS[command].answerSizeLimited && bytes > MAX_ANSWER_BYTES) {
        throw new EmulatorError(ErrorCode.AnswerTooLarge, `the answer would be ${bytes} bytes, over 1 MB: ask for fewer per call`);
      }
      answer(result, 200, text);
    } catch (error) {
      if (error instanceof EmulatorError) return answer(failEnvelope(error.code, error.info));
      answer(failEnvelope(ErrorCode.InternalError, "internal server error"));
      console.error("tencent-chat-emulator: internal error", error);
    }
  }

  const handleAdmin = adminHandler({
    app,
    store,
    counters,
    history,
    faults,
    writer,
    strict,
    rateLimits: rateSetting !== false,
    access: adminAccess,
    maxStateBytes,
    blockedWords,
    historyRetentionDays: retentionDays,
  });

  /** The last resort for a request that failed outside the handlers' own answers: answer 500, or drop the socket. */
  const failed = (res: ServerResponse, error: unknown) => {
    console.error("tencent-chat-emulator: request failed", error);
    if (!res.headersSent) sendJson(res, 500, failEnvelope(ErrorCode.InternalError, "internal server error"));
    else res.destroy();
  };
  const server: Server = createServer((req, res) => {
    try {
      // The admin interface is reachable only by its own prefix, as sent (see splitTarget).
      const { path, query } = splitTarget(req.url ?? "");
      const work = path.startsWith(`${ADMIN_PREFIX}/`) ? handleAdmin(req, res, path) : handleApi(req, res, path, query);
      work.catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  });
  server.keepAliveTimeout = 30_000;
  // A request Node cannot even parse (a bad request line or header) gets a plain 400; the process goes on.
  // A CONNECT request is not handed to the request handler; without this it would get no answer at all.
  server.on("connect", (_req, socket) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nallow: GET, POST, PUT\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept queue, so a burst of new connections waits instead of being reset (Node's default is 511).
    server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog: 4096 }, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    app,
    store,
    counters,
    faults,
    blockedWords,
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
