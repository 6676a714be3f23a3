import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isZip, listZip, openZip, readZipEntry, zipEntryStream } from "../../../../provider/migration/sources/zip";
import { folderWith } from "./temp-files";
import { zipWith } from "./zip-fixtures";

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

describe("sources/zip", () => {
  it("isZip tells a zip by its first bytes, whatever its name, and is false for text, folders and missing paths", async () => {
    const zip = await zipWith({ "a.txt": "a" }, "renamed.json");
    const empty = await zipWith({});
    const dir = folderWith({ "a.jsonl": '{"a":1}\n', "pk.txt": "PK and more" });
    expect(isZip(zip)).to.equal(true);
    expect(isZip(empty)).to.equal(true);
    expect(isZip(join(dir, "a.jsonl"))).to.equal(false);
    expect(isZip(join(dir, "pk.txt"))).to.equal(false);
    expect(isZip(dir)).to.equal(false);
    expect(isZip(join(dir, "missing.zip"))).to.equal(false);
  });

  it("lists file entries in archive order, folders left out, and reads them whole or as a stream", async () => {
    const big = Buffer.from("0123456789abcdef".repeat(20_000));
    const path = await zipWith({ "import.jsonl": '{"type":"version"}\n', "data/": "", "data/a/b.bin": big, "notes/readme.txt": "hi" });
    expect(await listZip(path)).to.deep.equal(["import.jsonl", "data/a/b.bin", "notes/readme.txt"]);
    expect((await readZipEntry(path, "import.jsonl")).toString()).to.equal('{"type":"version"}\n');
    const chunks: Buffer[] = [];
    for await (const chunk of await zipEntryStream(path, "data/a/b.bin")) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(big)).to.equal(true);
    const archive = await openZip(path);
    expect(archive.size("data/a/b.bin")).to.equal(big.length);
    expect(archive.has("data/")).to.equal(false);
    // Entries are read after the listing, each opening the file anew: reads may repeat and interleave.
    const [a, b] = await Promise.all([archive.read("notes/readme.txt"), archive.read("import.jsonl")]);
    expect([a.toString(), b.toString()]).to.deep.equal(["hi", '{"type":"version"}\n']);
    expect(await rejection(readZipEntry(path, "nope.txt"))).to.equal("export.zip has no entry nope.txt");
  });

  it("leaves out entries named with .. or an absolute path, and reads the rest", async () => {
    // yazl refuses to write such names: they are patched into the archive after it is written.
    const path = await zipWith({ "xx/evil.json": "{}", "_etc/passwd": "root", "good.json": "[]" }, "export.zip", {
      "xx/evil.json": "../evil.json",
      "_etc/passwd": "/etc/passwd",
    });
    const archive = await openZip(path);
    expect(archive.names).to.deep.equal(["good.json"]);
    expect(archive.unsafeNames).to.deep.equal(["../evil.json", "/etc/passwd"]);
    expect(await rejection(archive.read("../evil.json"))).to.equal("export.zip has no entry ../evil.json");
    expect((await archive.read("good.json")).toString()).to.equal("[]");
  });

  it("names the path when it is missing, a folder, or not a zip", async () => {
    const dir = folderWith({ "fake.zip": "this is not a zip" });
    expect(await rejection(listZip(join(dir, "missing.zip")))).to.equal(`${join(dir, "missing.zip")} does not exist`);
    expect(await rejection(listZip(dir))).to.equal(`${dir} is a folder; give the zip file inside it`);
    expect(await rejection(listZip(join(dir, "fake.zip")))).to.match(/fake\.zip is not a readable zip archive \(.+\)$/);
    const truncated = await zipWith({ "a.txt": "a".repeat(1000) });
    const { readFileSync } = await import("node:fs");
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 60));
    expect(await rejection(listZip(truncated))).to.match(/is not a readable zip archive/);
  });
});
