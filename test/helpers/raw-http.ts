import { connect } from "node:net";

/** What came back on a raw connection: the status line's code (if any), the whole text, and whether it was closed. */
export interface RawAnswer {
  status: number | undefined;
  text: string;
}

/**
 * Sends bytes to a server over a plain TCP connection, exactly as given (no client of ours or Node's in between),
 * and collects what comes back until the server closes the connection or `timeoutMs` passes.
 */
export function sendRaw(url: string, bytes: Uint8Array, timeoutMs = 2000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]) || undefined, text });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // One whole answer (head and Content-Length body) is enough: a kept-alive connection would never close.
      const text = Buffer.concat(chunks).toString("latin1");
      const headEnd = text.indexOf("\r\n\r\n");
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1]);
      if (headEnd >= 0 && Number.isFinite(length) && Buffer.byteLength(text.slice(headEnd + 4), "latin1") >= length) finish();
    });
    socket.on("close", finish);
    socket.on("error", () => undefined); // a reset is an answer too: what arrived before it counts
    socket.write(bytes);
  });
}
