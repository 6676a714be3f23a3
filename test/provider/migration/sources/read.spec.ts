import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type LineRecord,
  openLineSource,
  PROGRESS_EVERY,
  readCsv,
  readJsonLines,
  readTable,
  type ReadProgress,
} from "../../../../provider/migration/sources/read";
import { folderWith, jsonl } from "./temp-files";
import { zipWith } from "./zip-fixtures";

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

  it("readJsonLines skips blank lines and reports a line that is not a JSON object", async () => {
    const dir = folderWith({ "a.jsonl": '{"a":1}\n\n{bad\n[1]\n"text"\n{"b":2}\n' });
    const records = await all(readJsonLines(join(dir, "a.jsonl")));
    expect(records.map((r) => ("value" in r ? `${r.line} ok` : `${r.line} ${r.problem.split(":")[0]}`))).to.deep.equal([
      "1 ok",
      "3 not valid JSON",
      "4 is not a JSON object",
      "5 is not a JSON object",
      "6 ok",
    ]);
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
  describe("encodings", () => {
    /** A file of `bytes` in a fresh folder. */
    function fileOf(name: string, bytes: Buffer): string {
      const dir = folderWith({});
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    }
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    /** The records as `line ok` / `line problem` lines, for short comparisons. */
    const summary = (records: LineRecord<unknown>[]) => records.map((r) => ("value" in r ? `${r.line} ok` : `${r.line} ${r.problem}`));

    it("stops a JSON Lines file at its first invalid UTF-8 byte with one problem naming the line and byte offset", async () => {
      // Bytes 0-7 are line 1; line 2 starts at 8 and its 0xE9 (Latin-1 é) is at 8 + 12 = 20.
      const path = fileOf("latin1.jsonl", latin1('{"a":1}\n{"name":"café"}\n{"b":2}\n{"c":"é"}\n'));
      const records = await all(readJsonLines(path));
      expect(summary(records)).to.have.length(2);
      expect(records[0]).to.deep.equal({ line: 1, value: { a: 1 } });
      expect(records[1]).to.have.property("line", 2);
      expect(records[1])
        .to.have.property("problem")
        .that.matches(
          /^invalid UTF-8 at byte 20 \(0xE9\): the file is not UTF-8; convert it \(e\.g\. iconv -f latin1 -t utf-8 latin1\.jsonl/,
        )
        .and.matches(/run again$/);
    });

    it("stops a CSV file at its first invalid UTF-8 byte with one problem naming the line and byte offset", async () => {
      // "id,name\n" is 8 bytes, "1,ok\n" 5: line 3 starts at 13 and its 0xE9 is at 13 + 5 = 18.
      const path = fileOf("latin1.csv", latin1("id,name\n1,ok\n2,José\n3,x\n"));
      const records = await all(readCsv(path));
      expect(records).to.have.length(2);
      expect(records[0]).to.deep.equal({ line: 2, value: { id: "1", name: "ok" } });
      expect(records[1]).to.have.property("line", 3);
      expect(records[1])
        .to.have.property("problem")
        .that.matches(/^invalid UTF-8 at byte 18 \(0xE9\): the file is not UTF-8/);
    });

    it("counts CSV lines by LF, a quoted CRLF as one line break, before and at an invalid byte", async () => {
      // Line 2 opens a quoted field that ends on line 3; the 0xFF is on line 4 at byte 5 + 6 + 4 + 2 = 17.
      const path = fileOf("quoted.csv", latin1('a,b\r\n1,"x\r\ny"\r\n2,\xFF\r\n'));
      const valid = join(folderWith({ "crlf.csv": 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n' }), "crlf.csv");
      expect(await all(readCsv(valid))).to.deep.equal([
        { line: 2, value: { a: "1", b: "x\r\ny" } },
        { line: 4, value: { a: "2", b: "z" } },
      ]);
      const records = await all(readCsv(path));
      expect(records).to.have.length(2);
      expect(records[0]).to.deep.equal({ line: 2, value: { a: "1", b: "x\r\ny" } });
      expect(records[1]).to.have.property("line", 4);
      expect(records[1])
        .to.have.property("problem")
        .that.matches(/^invalid UTF-8 at byte 17 \(0xFF\)/);
    });

    it("names a UTF-16 file, with or without a byte order mark, as UTF-16 in one problem at line 1", async () => {
      const text = jsonl({ a: 1 }, { b: "é" }, { c: 3 });
      const withBom = fileOf("bom.jsonl", Buffer.from(`\uFEFF${text}`, "utf16le"));
      const noBom = fileOf("nobom.jsonl", Buffer.from(text, "utf16le"));
      const bigEndian = fileOf("be.jsonl", Buffer.from(`\uFEFF${text}`, "utf16le").swap16());
      const csv = fileOf("t.csv", Buffer.from("\uFEFFid,name\n1,é\n", "utf16le"));
      const [bom, none, be, table] = await Promise.all(
        [withBom, noBom, bigEndian].map((p) => all(readJsonLines(p))).concat(all(readCsv(csv))),
      );
      for (const records of [bom, none, be, table] as LineRecord<unknown>[][]) {
        expect(records).to.have.length(1);
        expect(records[0]).to.have.property("line", 1);
      }
      expect(bom![0])
        .to.have.property("problem")
        .that.matches(/^the file is UTF-16 LE .*not UTF-8.*iconv -f UTF-16 -t UTF-8 bom\.jsonl/);
      expect(none![0])
        .to.have.property("problem")
        .that.matches(/^the file is UTF-16 LE .*iconv -f UTF-16LE -t UTF-8/);
      expect(be![0])
        .to.have.property("problem")
        .that.matches(/^the file is UTF-16 BE /);
      expect(table![0])
        .to.have.property("problem")
        .that.matches(/^the file is UTF-16 LE /);
    });

    it("skips a UTF-8 byte order mark", async () => {
      const path = fileOf("bom.jsonl", Buffer.from(`\uFEFF${jsonl({ a: "é" })}`));
      expect(await all(readJsonLines(path))).to.deep.equal([{ line: 1, value: { a: "é" } }]);
    });

    it("decodes a character split between two 64 KiB reads, and finds an invalid byte at a read's end", async () => {
      // Reads are 64 KiB: `{"t":"` is 6 bytes, so after 65529 x the character starts at byte 65535 and ends in the
      // next read. An emoji (4 bytes) is placed to straddle the boundary at 65534.
      const at = (offset: number, char: string) => `{"t":"${"x".repeat(offset - 6)}${char}"}\n`;
      const split = fileOf("split.jsonl", Buffer.from(at(65535, "é") + jsonl({ after: "ü" })));
      const emoji = fileOf("emoji.jsonl", Buffer.from(at(65534, "😀")));
      const csv = fileOf("split.csv", Buffer.from(`t\n${"y".repeat(65533)}é\n`));
      const latin = fileOf("end.jsonl", Buffer.concat([Buffer.from(at(65535, "")).subarray(0, 65535), latin1('é"}\n')]));
      const records = await all(readJsonLines(split));
      expect(records).to.have.length(2);
      expect((records[0] as unknown as { value: { t: string } }).value.t.endsWith("xé")).to.equal(true);
      expect(records[1]).to.deep.equal({ line: 2, value: { after: "ü" } });
      const [smile] = await all(readJsonLines(emoji));
      expect((smile as unknown as { value: { t: string } }).value.t.slice(-4)).to.equal("xx😀");
      const [row] = await all(readCsv(csv));
      expect((row as unknown as { value: { t: string } }).value.t.slice(-2)).to.equal("yé");
      const broken = await all(readJsonLines(latin));
      expect(broken).to.have.length(1);
      expect(broken[0])
        .to.have.property("problem")
        .that.matches(/^invalid UTF-8 at byte 65535 \(0xE9\)/);
    });
  });

  describe("JSON arrays", () => {
    it("reads a file starting with [ as one array of records, each with the line it starts on", async () => {
      const dir = folderWith({ "arr.json": '\n[\n  {"a":1},\n  {"b":[2,\n3]}, 4,\n  {"c":"]"}\n]\n' });
      expect(await all(readJsonLines(join(dir, "arr.json")))).to.deep.equal([
        { line: 3, value: { a: 1 } },
        { line: 4, value: { b: [2, 3] } },
        { line: 5, problem: "is not a JSON object (element 3 of the array)" },
        { line: 6, value: { c: "]" } },
      ]);
    });

    it("reports a malformed or truncated array as one problem with the line and column of the fault", async () => {
      const dir = folderWith({
        "missing-comma.json": '[\n{"a":1},\n{"b":2}\n{"c":3},\n{"d":4}\n]\n',
        "truncated.json": '[{"a":1},\n{"b":2},\n{"c":',
        "bad-token.json": '[{"a":1},\n  {"b":tru}]',
      });
      const missingComma = await all(readJsonLines(join(dir, "missing-comma.json")));
      expect(missingComma).to.have.length(1);
      expect(missingComma[0]).to.have.property("line", 4);
      expect(missingComma[0])
        .to.have.property("problem")
        .that.matches(/^not valid JSON at line 4 column 1: expected ',' or ']' after an array element, found '\{'.*read as one JSON array/);
      const truncated = await all(readJsonLines(join(dir, "truncated.json")));
      expect(truncated).to.have.length(1);
      expect(truncated[0]).to.have.property("line", 3);
      expect(truncated[0])
        .to.have.property("problem")
        .that.matches(/^not valid JSON at line 3 column 6: .*the file may be truncated/);
      const badToken = await all(readJsonLines(join(dir, "bad-token.json")));
      expect(badToken).to.deep.equal([
        {
          line: 2,
          problem:
            "not valid JSON at line 2 column 8: unexpected 't' where a value was expected (the file starts with '[', so it is read as one JSON array)",
        },
      ]);
    });
  });

  describe("paths", () => {
    it("throws naming the path when it is missing or a folder", async () => {
      const dir = folderWith({});
      const missing = join(dir, "nope.jsonl");
      const read = async (records: AsyncIterable<unknown>) => {
        try {
          await all(records);
        } catch (error) {
          return (error as Error).message;
        }
        return "no error";
      };
      expect(await read(readJsonLines(missing))).to.equal(`${missing} does not exist`);
      expect(await read(readCsv(join(dir, "nope.csv")))).to.equal(`${join(dir, "nope.csv")} does not exist`);
      expect(await read(readJsonLines(dir))).to.equal(`${dir} is a folder; give the export file inside it`);
      expect(await read(readTable(dir))).to.equal(`${dir} is a folder; give the export file inside it`);
      let opened: string | undefined;
      await openLineSource(`${dir}/`).catch((error: Error) => (opened = error.message));
      expect(opened).to.equal(`${dir}/ is a folder; give the export file inside it`);
    });
  });

  describe("zip archives", () => {
    it("reads the first .jsonl entry of a zip (a Mattermost export: import.jsonl and data/), labelled with the entry", async () => {
      const path = await zipWith({
        "data/": "",
        "data/attachments/a.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]),
        "import.jsonl": `${jsonl({ type: "version", version: 1 })}\n${jsonl({ type: "team" })}`,
        "other.jsonl": jsonl({ type: "never read" }),
      });
      const source = await openLineSource(path);
      expect(source.label).to.equal("export.zip:import.jsonl");
      expect(await all(source.records)).to.deep.equal([
        { line: 1, value: { type: "version", version: 1 } },
        { line: 3, value: { type: "team" } },
      ]);
      expect(await all(readJsonLines(path))).to.have.length(2);
      const progress: ReadProgress[] = [];
      await all(readJsonLines(path, (p) => progress.push(p)));
      expect(progress).to.deep.equal([{ file: "export.zip:import.jsonl", records: 2, bytes: 48, totalBytes: 48 }]);
    });

    it("checks a zip entry's encoding as a file's", async () => {
      const path = await zipWith({ "import.jsonl": Buffer.from('{"a":1}\n{"b":"\xE9"}\n', "latin1") });
      expect(await all(readJsonLines(path))).to.deep.equal([
        { line: 1, value: { a: 1 } },
        {
          line: 2,
          problem:
            "invalid UTF-8 at byte 14 (0xE9): the file is not UTF-8; convert it (e.g. iconv -f latin1 -t utf-8 import.jsonl > import.utf8.jsonl, or -f windows-1252) and run again",
        },
      ]);
    });

    it("reports a zip without a .jsonl entry as one problem naming what it holds", async () => {
      const path = await zipWith({ "manifest.json": "{}", "data/a.png": "png", "__MACOSX/._import.jsonl": "x" });
      const source = await openLineSource(path);
      expect(source.label).to.equal("export.zip");
      const records = await all(source.records);
      expect(records).to.have.length(1);
      expect(records[0]).to.have.property("line", 0);
      expect(records[0])
        .to.have.property("problem")
        .that.matches(/^the zip has no \.jsonl file to read .*; it holds manifest\.json, data\/a\.png, __MACOSX\/\._import\.jsonl$/);
      const notZip = join(folderWith({ "x.zip": "not a zip" }), "x.zip");
      const broken = await all(readJsonLines(notZip));
      expect(broken).to.have.length(1);
      expect(broken[0]).to.have.property("problem").that.includes("is not a readable zip archive");
    });
  });
});
