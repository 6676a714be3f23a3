import type { IncomingMessage, ServerResponse } from "node:http";
import { sameSecret, type EmulatedApp } from "./auth";
import { CONSOLE_PAGE } from "./console-page";
import { FaultConfig, type FaultInjector } from "./faults";
import type { CallHistory } from "./history";
import { closeAfter, readAdminJson, sendJson } from "./http-io";
import type { StateFileWriter } from "./persistence";
import { EmulatorState, type EmulatorStore } from "./store";

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
}

/**
 * The admin interface under {@link ADMIN_PREFIX}: the console page, the state (read, import, reset), the call
 * counters and their history, the app's settings, and the fault rules.
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
        return sendJson(res, 200, { sdkAppId: app.sdkAppId, admins: app.admins, strict: scope.strict, rateLimits: scope.rateLimits });
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
