import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
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
        const path = join(dir, `m${(run += 1)}.json`);
        await writeManifestFile(path, manifest as Manifest);
        expect(readFileSync(path, "utf8")).to.equal(`${JSON.stringify(manifest, null, 2)}\n`);
      }),
      { numRuns: 60 },
    );
    await writeManifestFile(join(dir, "s.json"), { $schema: "./manifest.schema.json", accounts: {}, groups: [] });
    expect(readFileSync(join(dir, "s.json"), "utf8")).to.equal(
      `${JSON.stringify({ $schema: "./manifest.schema.json", accounts: {}, groups: [] }, null, 2)}\n`,
    );
  });
});
