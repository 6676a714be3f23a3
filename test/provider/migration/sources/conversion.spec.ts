import { expect } from "chai";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Manifest } from "../../../../provider/migration/manifest";
import { writeManifestFile } from "../../../../provider/migration/sources/conversion";
import { folderWith } from "./temp-files";

describe("sources/conversion", () => {
  it("writeManifestFile writes, group by group, exactly what JSON.stringify(manifest, null, 2) writes", async () => {
    const dir = folderWith({});
    const profile = fc.record({ nick: fc.string() }, { requiredKeys: [] });
    const manifests = fc.record({
      accounts: fc.dictionary(fc.string({ minLength: 1 }), profile),
      userIdMap: fc.option(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), { nil: undefined }),
      groups: fc.array(
        fc.record({
          key: fc.string(),
          type: fc.constant("Private" as const),
          name: fc.string(),
          members: fc.dictionary(fc.string({ minLength: 1 }), fc.record({ joinTime: fc.nat() }, { requiredKeys: [] })),
          topics: fc.array(fc.record({ key: fc.string(), topicName: fc.string() }), { maxLength: 2 }),
        }),
        { maxLength: 4 },
      ),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(manifests, async (manifest) => {
        run += 1;
        const path = join(dir, `m${run}.json`);
        const { userIdMap, ...rest } = manifest;
        const written = userIdMap === undefined ? rest : { ...rest, userIdMap };
        await writeManifestFile(path, written as Manifest);
        expect(readFileSync(path, "utf8")).to.equal(`${JSON.stringify(written, null, 2)}\n`);
      }),
      { numRuns: 60 },
    );
    await writeManifestFile(join(dir, "s.json"), { $schema: "./manifest.schema.json", accounts: {}, groups: [] });
    expect(readFileSync(join(dir, "s.json"), "utf8")).to.equal(
      `${JSON.stringify({ $schema: "./manifest.schema.json", accounts: {}, groups: [] }, null, 2)}\n`,
    );
  });

  it("writeManifestFile replaces the file at the path only once complete, leaving no temporary file beside it", async () => {
    const dir = folderWith({ "manifest.json": "yesterday" });
    const path = join(dir, "manifest.json");
    await writeManifestFile(path, { accounts: { a: {} }, groups: [] });
    expect(readFileSync(path, "utf8")).to.equal(`${JSON.stringify({ accounts: { a: {} }, groups: [] }, null, 2)}\n`);
    expect(readdirSync(dir)).to.deep.equal(["manifest.json"]);
    const bad = { accounts: {}, groups: [{ key: "g", type: "Private", name: "g", members: {}, topics: [], big: 1n }] };
    await writeManifestFile(path, bad as unknown as Manifest).then(
      () => expect.fail("a manifest that cannot be written as JSON must fail"),
      (error: Error) => expect(error.message).to.match(/BigInt/),
    );
    expect(readFileSync(path, "utf8"), "a failed write leaves the earlier file whole").to.include('"a": {}');
    expect(readdirSync(dir)).to.deep.equal(["manifest.json"]);
  });
});
