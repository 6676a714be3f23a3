import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";

/** Reading requests and writing answers: what the API routes and the admin routes of the emulator share. */

/** Sends `body` as JSON; `text` when the caller has serialised it already (to measure it), so it is done once. */
export function sendJson(res: ServerResponse, status: number, body: unknown, text = JSON.stringify(body)): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Reads the body up to a limit; resolves undefined as soon as it is passed (a declared Content-Length over the
 * limit: before reading anything), without buffering the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!Number.isFinite(declared) || declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve(undefined);
    };
    req.on("data", onData);
    req.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Sends an answer to a request whose body was not read (refused before it, or over the limit): the connection is
 * closed after the answer, so nothing more of the body is taken in.
 */
export function closeAfter(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  res.setHeader("connection", "close");
  res.on("finish", () => req.destroy());
}

/**
 * Reads an admin request's JSON body and validates it. Answers 413 (too large) or 400 (not JSON, or not the
 * schema's shape) itself and returns undefined, so a bad request never changes anything.
 */
export async function readAdminJson<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  limit: number,
): Promise<z.output<S> | undefined> {
  const body = await readBody(req, limit);
  if (body === undefined) {
    closeAfter(req, res);
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
