import { expect } from "chai";
import { readdirSync } from "node:fs";
import { ManifestBuilder } from "../../../../provider/migration/sources/builder";
import { HistorySink } from "../../../../provider/migration/sources/history-sink";
import { useFolderEnv } from "../../../helpers/folder-env";

describe("history sink: the converters' spill of messages", () => {
  // The sink spills into the system's temporary folder: a folder of each case's own, to see what is left in it.
  const temporary = useFolderEnv("TMPDIR", "sink-tmp-");

  const conversion = async (fail: boolean) => {
    const builder = new ManifestBuilder({ unfit: "unmapped", oversized: "community" });
    using sink = new HistorySink(builder);
    await sink.add("general.json[0]", { conversation: { group: "general" }, id: "m1", from: "ann", time: 1_600_000_000, body: [] });
    expect(readdirSync(temporary.folder()), "spilled while converting").to.have.length(1);
    if (fail) throw new Error("the export broke half-way");
  };

  it("leaves nothing behind when the conversion throws after messages were spilled", async () => {
    let thrown: unknown;
    await conversion(true).catch((error: unknown) => {
      thrown = error;
    });
    expect((thrown as Error).message).to.equal("the export broke half-way");
    expect(readdirSync(temporary.folder())).to.deep.equal([]);
  });

  it("leaves nothing behind when the conversion ends without finishing the history", async () => {
    await conversion(false);
    expect(readdirSync(temporary.folder())).to.deep.equal([]);
  });

  it("raises nothing later from the removed spill: the file is open before the conversion can end", async () => {
    const late: unknown[] = [];
    const onUncaught = (error: unknown) => late.push(error);
    process.prependListener("uncaughtException", onUncaught);
    try {
      for (let run = 0; run < 50; run++) await conversion(false);
      // What a stream opening its file after the folder went would raise arrives on a later turn of the loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.removeListener("uncaughtException", onUncaught);
    }
    expect(late).to.deep.equal([]);
    expect(readdirSync(temporary.folder())).to.deep.equal([]);
  });

  it("answers a spill that cannot be written at finish, naming the temporary file, and removes it", async () => {
    const builder = new ManifestBuilder({ unfit: "unmapped", oversized: "community" });
    using sink = new HistorySink(builder);
    await sink.add("general.json[0]", { conversation: { group: "general" }, id: "m1", from: "ann", time: 1_600_000_000, body: [] });
    const [spill] = readdirSync(temporary.folder());
    // The stream's file descriptor closed under it: its next write fails as a full disk's would.
    (sink as unknown as { spill: { raw: NodeJS.WritableStream } }).spill.raw.emit("error", new Error("ENOSPC: no space left on device"));
    const error = await sink.finish(undefined, undefined).catch((thrown: unknown) => thrown as Error);
    expect(String(error)).to.match(/temporary file could not be written: ENOSPC/);
    expect(spill, "spilled").to.be.a("string");
    expect(readdirSync(temporary.folder())).to.deep.equal([]);
  });
});
