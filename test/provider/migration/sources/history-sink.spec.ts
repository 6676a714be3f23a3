import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManifestBuilder } from "../../../../provider/migration/sources/builder";
import { HistorySink } from "../../../../provider/migration/sources/history-sink";

describe("history sink: the converters' spill of messages", () => {
  let folder: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TMPDIR;
    folder = mkdtempSync(join(tmpdir(), "sink-tmp-"));
    // The sink spills into the system's temporary folder: a folder of this test's own, to see what is left in it.
    process.env.TMPDIR = folder;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(folder, { recursive: true, force: true });
  });

  const conversion = async (fail: boolean) => {
    const builder = new ManifestBuilder({ unfit: "unmapped", oversized: "community" });
    using sink = new HistorySink(builder);
    await sink.add("general.json[0]", { conversation: { group: "general" }, id: "m1", from: "ann", time: 1_600_000_000, body: [] });
    expect(readdirSync(folder), "spilled while converting").to.have.length(1);
    if (fail) throw new Error("the export broke half-way");
  };

  it("leaves nothing behind when the conversion throws after messages were spilled", async () => {
    let thrown: unknown;
    await conversion(true).catch((error: unknown) => {
      thrown = error;
    });
    expect((thrown as Error).message).to.equal("the export broke half-way");
    expect(readdirSync(folder)).to.deep.equal([]);
  });

  it("leaves nothing behind when the conversion ends without finishing the history", async () => {
    await conversion(false);
    expect(readdirSync(folder)).to.deep.equal([]);
  });
});
