import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { ConversationReader, conversationPrefix, readConversation } from "../../../provider/migration/conversation-reader";
import type { HistoryMessage } from "../../../provider/migration/history";
import { conversationFile, linesHash } from "../../../provider/migration/history-split";
import { useFolderEnv } from "../../helpers/folder-env";

describe("conversation reader: a conversation file one message at a time", () => {
  // Conversation files are written to and read from a cache of each case's own.
  useFolderEnv("TENCENT_CHAT_HISTORY_CACHE", "conversation-reader-");

  /** Writes `messages` as the split writes a conversation file; answers its hash. */
  const store = (messages: HistoryMessage[]): { hash: string; texts: string[] } => {
    const texts = messages.map((message) => JSON.stringify(message));
    const hash = linesHash(texts);
    writeFileSync(conversationFile(hash), texts.map((text) => `${text}\n`).join(""));
    return { hash, texts };
  };
  // Texts of many sizes, with characters of 2, 3 and 4 bytes, so lines and characters straddle the 64 KiB reads.
  const messages = Array.from(
    { length: 300 },
    (_, i): HistoryMessage => ({
      conversation: "general",
      id: `m${i}`,
      from: "ann",
      time: 1_600_000_000 + i,
      body: [{ type: "text", text: `${"é漢😀".repeat((i * 97) % 700)}${i}` }],
    }),
  );

  it("hands out every message in order with its line's text, across reads that split lines and characters", () => {
    const { hash, texts } = store(messages);
    using reader = new ConversationReader(hash);
    const read: string[] = [];
    for (let line = reader.nextLine(); line !== undefined; line = reader.nextLine()) {
      expect(line.message).to.deep.equal(messages[read.length]);
      read.push(line.text);
    }
    expect(read).to.deep.equal(texts);
    expect(reader.position).to.equal(messages.length);
    expect(reader.nextLine(), "after the end").to.equal(undefined);
    expect(readConversation(hash).map((line) => line.text)).to.deep.equal(texts);
  });

  it("counts the messages and hashes the first n lines as the importers count them", () => {
    const { hash, texts } = store(messages);
    expect(conversationPrefix(hash, 0)).to.deep.equal({ messages: 300, prefixHash: linesHash([]) });
    expect(conversationPrefix(hash, 120)).to.deep.equal({ messages: 300, prefixHash: linesHash(texts.slice(0, 120)) });
    expect(conversationPrefix(hash, 300)).to.deep.equal({ messages: 300, prefixHash: hash });
    expect(conversationPrefix(hash, 301), "more than it holds").to.deep.equal({ messages: 300, prefixHash: undefined });
  });

  it("reads a line longer than a read, and a file without a last line feed", () => {
    const long: HistoryMessage = { ...messages[0]!, body: [{ type: "text", text: "x".repeat(200_000) }] };
    const text = JSON.stringify(long);
    const hash = linesHash([text]);
    writeFileSync(conversationFile(hash), text);
    using reader = new ConversationReader(hash);
    expect(reader.nextLine()?.message).to.deep.equal(long);
    expect(reader.nextLine()).to.equal(undefined);
  });

  it("says where the program splits the history when the file is not in the cache", () => {
    expect(() => new ConversationReader("ab".repeat(32))).to.throw(
      /history of this conversation \(abababababab\) is not in .*run pulumi up where the history file is/,
    );
  });
});
