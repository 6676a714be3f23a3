import { expect } from "chai";
import { type ExpectedMessage, historyDifferences, type LiveMessageView } from "../../../provider/migration/audit";

const expected: ExpectedMessage[] = ["a", "b", "c", "d"].map((id, i) => ({ id, random: 100 + i, from: "ann", time: 1000 + i }));
const stored = (order: number[]): LiveMessageView[] =>
  order.map((i, seq) => ({ msgSeq: seq + 1, msgRandom: 100 + i, fromAccount: "ann", msgTimeStamp: 1000 + i }));

describe("audit: a conversation's history against what the group holds", () => {
  it("finds nothing when every message is there once, in order", () => {
    expect(historyDifferences("g", expected, stored([0, 1, 2, 3]))).to.deep.equal([]);
  });

  it("names missing, duplicated, out-of-order and extra messages", () => {
    const live = [...stored([0, 2, 1, 2]), { msgSeq: 9, msgRandom: 7, fromAccount: "zed", msgTimeStamp: 5 }];
    const found = historyDifferences("g", expected, live).map((d) => `${d.kind} ${d.path}`);
    expect(found).to.deep.equal(["out-of-order history.g.b", "duplicated history.g.c", "extra history.g.#9", "missing history.g.d"]);
  });

  it("takes a message as the history's only with its Random, sender and send time", () => {
    const wrongSender = stored([0, 1, 2, 3]).map((m, i) => (i === 1 ? { ...m, fromAccount: "ben" } : m));
    expect(historyDifferences("g", expected, wrongSender).map((d) => d.kind)).to.deep.equal(["extra", "missing"]);
  });

  it("places a message stored twice by the copy with the importer's own MsgSeq, where it chooses one", () => {
    // c's second copy (MsgSeq 0) sorts before a and b: without `seq` it is c's place, and a and b seem late.
    const live = [{ msgSeq: 0, msgRandom: 102, fromAccount: "ann", msgTimeStamp: 1002 }, ...stored([0, 1, 2, 3])];
    const found = (list: ExpectedMessage[]) => historyDifferences("g", list, live).map((d) => `${d.kind} ${d.path}`);
    expect(found(expected)).to.deep.equal(["out-of-order history.g.a", "out-of-order history.g.b", "duplicated history.g.c"]);
    expect(found(expected.map((m, i) => ({ ...m, seq: i + 1 })))).to.deep.equal(["duplicated history.g.c"]);
  });
});
