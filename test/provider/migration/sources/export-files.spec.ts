import { expect } from "chai";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { openExportFiles } from "../../../../provider/migration/sources/export-files";
import { type Entries, treeWith, zipWith } from "./zip-fixtures";

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

/** A small Slack export: the lists at the root and a folder of daily files per channel. */
const slack: Entries = {
  "users.json": JSON.stringify([{ id: "U1", name: "ann" }]),
  "channels.json": JSON.stringify([{ id: "C1", name: "general", created: 1 }]),
  "general/2024-01-31.json": JSON.stringify([{ type: "message", text: "héllo" }]),
};
const slackNames = ["channels.json", "general/2024-01-31.json", "users.json"];

/** `entries` inside the folder `folder/`. */
const within = (folder: string, entries: Entries): Entries =>
  Object.fromEntries(Object.entries(entries).map(([name, c]) => [`${folder}/${name}`, c]));

describe("sources/export-files", () => {
  it("reads an export folder's files by relative name", async () => {
    const dir = treeWith(slack);
    const files = await openExportFiles(dir);
    expect(files.names()).to.deep.equal(slackNames);
    expect(files.rootNote).to.equal(undefined);
    expect(files.has("general/2024-01-31.json")).to.equal(true);
    expect(files.has("groups.json")).to.equal(false);
    expect(await files.readJson("general/2024-01-31.json")).to.deep.equal([{ type: "message", text: "héllo" }]);
    expect(await rejection(files.readJson("groups.json"))).to.match(/has no groups\.json$/);
  });

  it("reads a zip with the files at its root the same way", async () => {
    const files = await openExportFiles(await zipWith(slack, "Acme Slack export.zip"));
    expect(files.label).to.equal("Acme Slack export.zip");
    expect(files.names()).to.deep.equal(slackNames);
    expect(files.rootNote).to.equal(undefined);
    expect(await files.readJson("users.json")).to.deep.equal([{ id: "U1", name: "ann" }]);
  });

  it("takes the one top-level folder holding the export as its root, in a zip or a folder, and says so", async () => {
    const zip = await zipWith({ ...within("Acme", slack), "__MACOSX/Acme/._users.json": "x", "readme.txt": "not read" });
    const fromZip = await openExportFiles(zip);
    expect(fromZip.names()).to.deep.equal(slackNames);
    expect(fromZip.rootNote).to.be.a("string").that.includes("Acme/");
    expect(await fromZip.readJson("channels.json")).to.deep.equal([{ id: "C1", name: "general", created: 1 }]);
    const fromFolder = await openExportFiles(treeWith(within("export", slack)));
    expect(fromFolder.names()).to.deep.equal(slackNames);
    expect(fromFolder.rootNote).to.be.a("string").that.includes("export/");
  });

  it("names the file and the line and column of a JSON fault, and the byte of an encoding fault", async () => {
    const files = await openExportFiles(
      treeWith({
        ...slack,
        "channels.json": '[\n  {"id": "C1", "name": "general"},\n  {"id": "C2", "na',
        "groups.json": Buffer.from('[\n  {"name": "Jos\xE9"}\n]\n', "latin1"),
        "dms.json": Buffer.from(`\uFEFF${JSON.stringify([{ id: "D1" }])}`, "utf16le"),
        "mpims.json": `\uFEFF${JSON.stringify([{ id: "G1" }])}`,
      }),
    );
    expect(await rejection(files.readJson("channels.json"))).to.equal(
      "channels.json: not valid JSON at line 3 column 19: the text ends inside a string; the file may be truncated",
    );
    expect(await rejection(files.readJson("groups.json"))).to.match(
      /^groups\.json: line 2: invalid UTF-8 at byte 17 \(0xE9\): the file is not UTF-8/,
    );
    expect(await rejection(files.readJson("dms.json"))).to.match(/^dms\.json: the file is UTF-16 LE .*iconv -f UTF-16 -t UTF-8/);
    expect(await files.readJson("mpims.json")).to.deep.equal([{ id: "G1" }]);
  });

  it("refuses what is not a Slack export, naming the path and what it holds, and never reads outside the export", async () => {
    const other = treeWith({ "a.txt": "a", "b/users.csv": "id", "c/": "" });
    expect(await rejection(openExportFiles(other))).to.equal(
      `${other} does not look like a Slack export: it has no users.json or channels.json, at its top or in a folder at its top; it holds a.txt, b/, c/`,
    );
    const zip = await zipWith({ "x/y/users.json": "[]", "notes.txt": "" });
    expect(await rejection(openExportFiles(zip))).to.match(/export\.zip does not look like a Slack export: .*; it holds notes\.txt, x\/$/);
    expect(await rejection(openExportFiles(join(other, "missing")))).to.equal(`${join(other, "missing")} does not exist`);
    expect(await rejection(openExportFiles(join(other, "a.txt")))).to.match(
      /a\.txt is a file but not a zip archive; give the Slack export's folder or its \.zip$/,
    );
    const two = treeWith({ ...within("one", slack), ...within("two", slack) });
    expect(await rejection(openExportFiles(two))).to.match(/holds more than one Slack export \(in one\/, two\/\)/);

    const outside = treeWith({ ...within("export", slack), "secret.json": '{"secret":true}' });
    symlinkSync(join(outside, "secret.json"), join(outside, "export", "linked.json"));
    const files = await openExportFiles(join(outside, "export"));
    expect(files.names()).to.deep.equal(slackNames);
    expect(await rejection(files.readJson("../secret.json"))).to.equal("export has no ../secret.json");
    expect(await rejection(files.readJson("linked.json"))).to.equal("export has no linked.json");
  });
});
