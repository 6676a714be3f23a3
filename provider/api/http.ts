import { Agent, request, type Dispatcher } from "undici";

/** A raw HTTP answer: the status and the body text. */
export interface HttpResponse {
  status: number;
  text: string;
}

/** Keep-alive pool used when the caller injects no dispatcher; Tencent recommends persistent connections. */
export function createDefaultDispatcher(): Dispatcher {
  return new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 64 });
}

/**
 * The single place this package talks HTTP: POST a JSON body and read the whole answer.
 * Errors thrown here are undici's (connection, timeout); callers wrap them without the URL, which holds the UserSig.
 */
export async function postJson(dispatcher: Dispatcher, url: URL, body: string, timeoutMs: number): Promise<HttpResponse> {
  const response = await request(url, {
    method: "POST",
    body,
    dispatcher,
    headers: { "content-type": "application/json; charset=utf-8" },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { status: response.statusCode, text: await response.body.text() };
}
