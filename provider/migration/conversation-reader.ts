import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { HistoryMessage } from "./history";
import { conversationFile, historyCacheFolder } from "./history-split";

/**
 * A conversation file of the history cache read one message at a time, so an importer holds the messages of its
 * calls and not the conversation: the provider's memory does not grow with the number of messages it imports.
 * Reads are synchronous and small (64 KiB): a provider runs many conversations side by side on one thread, and a
 * read from the page cache is shorter than handing it to the thread pool.
 */

const CHUNK_BYTES = 64 * 1024;

/** One message of a conversation file, with its line's text (what the content hashes count). */
export interface ConversationLine {
  text: string;
  message: HistoryMessage;
}

/** A forward-only reader of one conversation file; declare it with `using` so its file is closed however it ends. */
export class ConversationReader implements Disposable {
  private readonly fd: number;
  private readonly decoder = new StringDecoder("utf8");
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private lines: string[] = [];
  private next = 0;
  private rest = "";
  private ended = false;
  /** Messages handed out so far: the index of the next one. */
  position = 0;

  /** Opens the file of content `hash`; one not in the cache is an error saying where the program splits it. */
  constructor(hash: string) {
    const path = conversationFile(hash);
    if (!existsSync(path)) {
      throw new Error(
        `the history of this conversation (${hash.slice(0, 12)}) is not in ${historyCacheFolder()}: run pulumi up where the history file is (the program splits it there)`,
      );
    }
    this.fd = openSync(path, "r");
  }

  /** The next line's text, or undefined at the end of the file. */
  nextText(): string | undefined {
    while (this.next >= this.lines.length) {
      if (this.ended) return undefined;
      const read = readSync(this.fd, this.chunk, 0, CHUNK_BYTES, null);
      const text = this.rest + (read > 0 ? this.decoder.write(this.chunk.subarray(0, read)) : this.decoder.end());
      if (read === 0) this.ended = true;
      const lines = text.split("\n");
      // The last piece is a line not yet ended, unless the file is.
      this.rest = this.ended ? "" : lines.pop()!;
      this.lines = lines.filter((line) => line !== "");
      this.next = 0;
    }
    this.position += 1;
    return this.lines[this.next++];
  }

  /** The next message with its text, or undefined at the end of the file. */
  nextLine(): ConversationLine | undefined {
    const text = this.nextText();
    return text === undefined ? undefined : { text, message: JSON.parse(text) as HistoryMessage };
  }

  /** Closes the file. */
  [Symbol.dispose](): void {
    closeSync(this.fd);
  }
}

/**
 * How many messages the conversation file of `hash` holds, and the hash of its first `count` lines as the importers
 * count them (undefined when it holds fewer). One pass, one line held at a time.
 */
export function conversationPrefix(hash: string, count: number): { messages: number; prefixHash: string | undefined } {
  using reader = new ConversationReader(hash);
  const prefix = createHash("sha256");
  let messages = 0;
  for (let text = reader.nextText(); text !== undefined; text = reader.nextText()) {
    if (messages < count) prefix.update(`${text}\n`);
    messages += 1;
  }
  return { messages, prefixHash: messages >= count ? prefix.digest("hex") : undefined };
}

/** The messages of a conversation file, in import order, each with its line's text, all at once (for verify and tests). */
export function readConversation(hash: string): ConversationLine[] {
  using reader = new ConversationReader(hash);
  const lines: ConversationLine[] = [];
  for (let line = reader.nextLine(); line !== undefined; line = reader.nextLine()) lines.push(line);
  return lines;
}
