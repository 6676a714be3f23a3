import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROGRESS_EVERY, readCsv, readJsonLines, readTable, type ReadProgress } from "../../../../provider/migration/sources/read";
import { folderWith } from "./temp-files";

async function all<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

describe("sources/read", () => {
  it("readCsv gives each row with the line it starts on: quoted commas, quotes and line breaks, a BOM, CRLF, blank lines", async () => {
    const dir = folderWith({ "t.csv": '\uFEFFid , text\r\n1,"a, ""b"""\r\n2,"two\nlines"\r\n\r\n3,x\r\n' });
    expect(await all(readCsv(join(dir, "t.csv")))).to.deep.equal([
      { line: 2, value: { id: "1", text: 'a, "b"' } },
      { line: 3, value: { id: "2", text: "two\nlines" } },
      { line: 6, value: { id: "3", text: "x" } },
    ]);
  });

  it("readCsv reports a row of the wrong width and goes on; an unclosed quote ends the file with its line", async () => {
    const dir = folderWith({ "t.csv": 'a,b\n1,2,3\n4\n5,6\n7,"open\n8,9\n' });
    const records = await all(readCsv(join(dir, "t.csv")));
    expect(records.slice(0, 3)).to.deep.equal([
      { line: 2, problem: "has 3 fields where the header has 2 (a,b)" },
      { line: 3, problem: "has 1 fields where the header has 2 (a,b)" },
      { line: 4, value: { a: "5", b: "6" } },
    ]);
    expect(records).to.have.length(4);
    expect(records[3])
      .to.have.property("problem")
      .that.matches(/^cannot be read as CSV: Quote Not Closed.*the rest of the file is not read$/);
  });

  it("readJsonLines skips blank lines and reports a line that is not a JSON object, with a hint for a JSON array", async () => {
    const dir = folderWith({ "a.jsonl": '{"a":1}\n\n{bad\n[1]\n"text"\n{"b":2}\n', "arr.jsonl": '[{"a":1},\n{"b":2}]\n' });
    const records = await all(readJsonLines(join(dir, "a.jsonl")));
    expect(records.map((r) => ("value" in r ? `${r.line} ok` : `${r.line} ${r.problem.split(":")[0]}`))).to.deep.equal([
      "1 ok",
      "3 not valid JSON",
      "4 is not a JSON object",
      "5 is not a JSON object",
      "6 ok",
    ]);
    const array = await all(readJsonLines(join(dir, "arr.jsonl")));
    expect(array[0]).to.have.property("problem").that.includes("a JSON array: write one object per line");
  });

  it("reports progress every 100,000 records and once at the end, and readTable picks the reader by extension", async () => {
    const dir = folderWith({});
    const rows = 2 * PROGRESS_EVERY + 5;
    writeFileSync(join(dir, "m.csv"), `n\n${Array.from({ length: rows }, (_, i) => i).join("\n")}\n`);
    writeFileSync(join(dir, "m.jsonl"), '{"n":"1"}\n');
    const progress: ReadProgress[] = [];
    let count = 0;
    for await (const record of readTable(join(dir, "m.csv"), (p) => progress.push(p))) if ("value" in record) count += 1;
    expect(count).to.equal(rows);
    expect(progress.map((p) => p.records)).to.deep.equal([PROGRESS_EVERY, 2 * PROGRESS_EVERY, rows]);
    expect(progress.every((p) => p.file === "m.csv")).to.equal(true);
    expect(progress.slice(0, 2).every((p) => p.bytes < p.totalBytes)).to.equal(true);
    expect(progress[2]!.bytes).to.equal(progress[2]!.totalBytes);
    expect(await all(readTable(join(dir, "m.jsonl")))).to.deep.equal([{ line: 1, value: { n: "1" } }]);
  });
});
