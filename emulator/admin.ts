import type { IncomingMessage, ServerResponse } from "node:http";
import { sameSecret, type EmulatedApp } from "./auth";
import { CONSOLE_PAGE } from "./console-page";
import { FaultConfig, type FaultInjector } from "./faults";
import type { CallHistory } from "./history";
import { closeAfter, readAdminJson, sendJson } from "./http-io";
import type { StateFileWriter } from "./persistence";
import { EmulatorState, type EmulatorStore } from "./store";
import { BlockedWordsConfig, type BlockedWords } from "./blocked-words";

/** The reserved path prefix of the emulator's own admin interface; Tencent's paths all start with /v4/. */
export const ADMIN_PREFIX = "/__emulator";

/** Largest accepted body of `POST /__emulator/faults`. */
const MAX_FAULTS_BYTES = 64 * 1024;

/** What the admin routes read and change. */
export interface AdminScope {
  app: EmulatedApp;
  store: EmulatorStore;
  counters: Map<string, unknown>;
  history: CallHistory;
  faults: FaultInjector;
  writer: StateFileWriter | undefined;
  strict: boolean;
  rateLimits: boolean;
  /** `"open"`, `"off"` or a bearer token (see EmulatorOptions.admin). */
  access: "open" | "off" | { token: string };
  maxStateBytes: number;
  blockedWords: BlockedWords;
  historyRetentionDays: number | undefined;
}

/** Messages per page of `GET /__emulator/messages` at most, and when `limit` is not given. */
const MESSAGE_PAGE = { max: 500, default: 50 } as const;

/**
 * The state without its message lists, with how many messages each group and conversation holds: what the console
 * reads every few seconds, small however much history was imported.
 */
function overview(store: EmulatorStore): Record<string, unknown> {
  const { groupMessages, c2cMessages, ...rest } = store.state;
  const groups: Record<string, number> = {};
  for (const [groupId, messages] of Object.entries(groupMessages ?? {})) groups[groupId] = messages.length;
  let conversations = 0;
  let c2c = 0;
  for (const byPeer of Object.values(c2cMessages ?? {})) {
    for (const messages of Object.values(byPeer)) {
      conversations += 1;
      c2c += messages.length;
    }
  }
  return { ...rest, messageCounts: { groups, conversations, c2c } };
}

/** A non-negative integer query parameter, its default when absent, or undefined when it is not one. */
function queryInt(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * A page of a group's messages, newest first: `group` (its ID), `before` (only MsgSeq below it; all when absent),
 * `limit` (50, at most 500). Answers the messages as stored, the group's total, and `next`: the `before` of the
 * following page, 0 after the oldest.
 */
function messagesPage(store: EmulatorStore, query: URLSearchParams): { status: number; body: unknown } {
  const group = store.group(query.get("group") ?? "");
  if (!group) return { status: 404, body: { error: [`no group ${query.get("group") ?? ""}`] } };
  const before = queryInt(query, "before", Number.MAX_SAFE_INTEGER);
  const limit = queryInt(query, "limit", MESSAGE_PAGE.default);
  if (before === undefined || limit === undefined || limit < 1 || limit > MESSAGE_PAGE.max) {
    return { status: 400, body: { error: [`before must be a MsgSeq and limit 1 to ${MESSAGE_PAGE.max}`] } };
  }
  const all = store.groupMessages(group);
  // Messages are kept by rising MsgSeq: the first at or above `before` ends the page.
  let end = all.length;
  for (let low = 0; low < end; ) {
    const middle = (low + end) >>> 1;
    if (all[middle]!.msgSeq < before) low = middle + 1;
    else end = middle;
  }
  const page = all.slice(Math.max(0, end - limit), end).reverse();
  const oldest = page.at(-1);
  const next = oldest && end - page.length > 0 ? oldest.msgSeq : 0;
  return { status: 200, body: { groupId: group.groupId, total: all.length, messages: page, next } };
}

/**
 * The admin interface under {@link ADMIN_PREFIX}: the console page, the state (read, import, reset; an overview
 * without message lists, and a group's messages by page), the call counters and their history, the app's settings,
 * the fault rules and the blocked words.
 */
export function adminHandler(scope: AdminScope): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const { app, store, counters, history, faults, writer, access } = scope;
  /** True when the admin interface may answer this request. */
  function adminAllowed(req: IncomingMessage): boolean {
    if (access === "open") return true;
    if (access === "off") return false;
    return sameSecret(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "", access.token);
  }

  return async function handleAdmin(req, res, path) {
    // The console's page holds no data (everything it shows it fetches from the routes below, with the token when
    // one is set), so it is served to anyone who may reach the admin interface at all.
    if (req.method === "GET" && path === `${ADMIN_PREFIX}/` && access !== "off") {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(CONSOLE_PAGE),
        "cache-control": "no-store",
      });
      return void res.end(CONSOLE_PAGE);
    }
    if (!adminAllowed(req)) {
      closeAfter(req, res);
      return sendJson(res, access === "off" ? 404 : 401, {
        error: access === "off" ? "the admin interface is turned off" : "the admin interface needs Authorization: Bearer <token>",
      });
    }
    const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
    switch (route) {
      case "GET /state":
        return sendJson(res, 200, store.snapshot());
      case "GET /overview":
        return sendJson(res, 200, overview(store));
      case "GET /messages": {
        const at = (req.url ?? "").indexOf("?");
        const { status, body } = messagesPage(store, new URLSearchParams(at < 0 ? "" : (req.url ?? "").slice(at + 1)));
        return sendJson(res, status, body);
      }
      case "GET /blocked-words":
        return sendJson(res, 200, { words: scope.blockedWords.words });
      case "PUT /blocked-words": {
        const config = await readAdminJson(req, res, BlockedWordsConfig, MAX_FAULTS_BYTES * 16);
        if (!config) return;
        scope.blockedWords.set(config.words);
        return sendJson(res, 200, { ok: true, words: scope.blockedWords.words.length });
      }
      case "POST /reset":
        store.reset();
        counters.clear();
        history.clear();
        writer?.changed();
        return sendJson(res, 200, { ok: true });
      case "PUT /state": {
        const state = await readAdminJson(req, res, EmulatorState, scope.maxStateBytes);
        if (!state) return;
        store.state = state;
        writer?.changed();
        return sendJson(res, 200, { ok: true });
      }
      case "GET /stats":
        return sendJson(res, 200, { commands: Object.fromEntries(counters), faults: Object.fromEntries(faults.injected) });
      case "GET /history":
        return sendJson(res, 200, { seconds: history.series() });
      case "GET /faults":
        return sendJson(res, 200, { ...faults.active, injected: Object.fromEntries(faults.injected) });
      case "GET /app":
        return sendJson(res, 200, {
          sdkAppId: app.sdkAppId,
          admins: app.admins,
          strict: scope.strict,
          rateLimits: scope.rateLimits,
          historyRetentionDays: scope.historyRetentionDays ?? null,
        });
      case "POST /faults": {
        const config = await readAdminJson(req, res, FaultConfig, MAX_FAULTS_BYTES);
        if (!config) return;
        faults.configure(config);
        return sendJson(res, 200, { ok: true, rules: config.rules.length });
      }
      default:
        closeAfter(req, res);
        return sendJson(res, 404, { error: `unknown admin route ${route}` });
    }
  };
}
