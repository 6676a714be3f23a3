import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistoryMessage } from "../../../provider/migration/history";
import { readConversation } from "../../../provider/migration/conversation-reader";
import { conversationFile, linesHash, splitHistory } from "../../../provider/migration/history-split";

const message = (conversation: HistoryMessage["conversation"], id: string, time: number): HistoryMessage => ({
  conversation,
  id,
  from: "ann",
  time,
  body: [{ type: "text", text: id }],
});

describe("history split: a conversation file per conversation, in import order, named by content", () => {
  let dir: string;
  let file: string;
  const write = (messages: HistoryMessage[]) => writeFileSync(file, messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "history-split-"));
    file = join(dir, "history.jsonl");
    process.env.TENCENT_CHAT_HISTORY_CACHE = join(dir, "cache");
  });
  afterEach(() => {
    delete process.env.TENCENT_CHAT_HISTORY_CACHE;
    rmSync(dir, { recursive: true, force: true });
  });

  it("sorts each conversation by time, ties in file order, and names its file by the hash of its lines", async () => {
    write([message("g", "b", 20), message(["ann", "ben"], "d1", 5), message("g", "a", 10), message("g", "c", 20), message("g", "z", 10)]);
    const split = await splitHistory(file);
    expect([...split.keys()]).to.deep.equal(["g", "ann|ben"]);
    const g = split.get("g")!;
    expect(readConversation(g.hash).map((entry) => entry.message.id)).to.deep.equal(["a", "z", "b", "c"]);
    expect(g).to.deep.include({ messages: 4, last: 20 });
    expect(g.hash).to.equal(linesHash(readConversation(g.hash).map((entry) => entry.text)));
    expect(conversationFile(g.hash)).to.match(new RegExp(`${g.hash.slice(0, 32)}\\.jsonl$`));
  });

  it("a file split before is not split again; a changed file or a missing conversation file is", async () => {
    write([message("g", "a", 10), message("h", "b", 11)]);
    const first = await splitHistory(file);
    // What the recorded split says is what the next call returns: mark it to see the record being used.
    const index = join(dir, "cache", "splits");
    const [name] = readdirSync(index);
    const recorded = JSON.parse(readFileSync(join(index, name!), "utf8")) as [string, { last: number }][];
    recorded[0]![1].last = 12345;
    writeFileSync(join(index, name!), JSON.stringify(recorded));
    expect((await splitHistory(file)).get("g")!.last, "the recorded split").to.equal(12345);
    // A conversation file gone from the cache: split again, and the file is back.
    rmSync(conversationFile(first.get("h")!.hash));
    expect((await splitHistory(file)).get("g")!.last).to.equal(10);
    expect(existsSync(conversationFile(first.get("h")!.hash))).to.equal(true);
    // Other bytes: another split.
    write([message("g", "a", 10), message("h", "b", 11), message("h", "c", 12)]);
    expect((await splitHistory(file)).get("h")!.messages).to.equal(2);
  });
});
