import { expect } from "chai";
import { z } from "zod";
import { objectProvider, type ObjectSync } from "../../../provider/resources/object-provider";
import { OFFLINE_CONTEXT } from "../../helpers/offline-context";

const Inputs = z.strictObject({ name: z.string().min(1), size: z.int().optional() });
type Inputs = z.infer<typeof Inputs>;
type Outputs = Inputs & { thingId: string };

/** An object sync that records what the adapter asked of it; `live` is what Tencent holds. */
function recordingSync(live: Map<string, Inputs>) {
  const calls: string[] = [];
  const sync: ObjectSync<Inputs, Outputs> = {
    kind: "ImportedGroup",
    schema: Inputs,
    crossFieldRules: (raw) => (raw.name === "forbidden" ? [{ property: "name", reason: "is forbidden" }] : []),
    change: (before, after) => ({ changes: before.name !== after.name, replaces: before.size !== after.size ? ["size"] : [] }),
    create: async (inputs) => {
      calls.push(`create ${inputs.name}`);
      live.set("t-1", inputs);
      return "t-1";
    },
    read: async (id) => live.get(id),
    update: async (id, before, after) => void calls.push(`update ${id} ${before.name}->${after.name}`),
    remove: async (id, recorded) => void calls.push(`remove ${id} ${recorded.name}`),
    outputs: (inputs, thingId) => ({ ...inputs, thingId }),
  };
  return { sync, calls };
}

describe("resources/object-provider", () => {
  it("check reports the schema's and the cross-field rules' problems by property, and passes valid inputs", async () => {
    const provider = objectProvider(OFFLINE_CONTEXT, recordingSync(new Map()).sync);
    expect((await provider.check({}, { name: "", size: 1.5 })).failures!.map((f) => f.property).sort()).to.deep.equal(["name", "size"]);
    expect((await provider.check({}, { name: "forbidden" })).failures).to.deep.equal([{ property: "name", reason: "is forbidden" }]);
    expect(await provider.check({}, { name: "ok", __provider: "p" })).to.deep.include({ failures: [], inputs: { name: "ok" } });
  });

  it("create, read, update and delete go to the sync with parsed inputs, and record the inputs with the ID", async () => {
    const live = new Map<string, Inputs>();
    const { sync, calls } = recordingSync(live);
    const provider = objectProvider(OFFLINE_CONTEXT, sync);
    expect(await provider.create({ name: "a", __provider: "p" })).to.deep.equal({ id: "t-1", outs: { name: "a", thingId: "t-1" } });
    expect(await provider.diff("t-1", { name: "a", thingId: "t-1" }, { name: "b", size: 2, __provider: "p" })).to.deep.equal({
      changes: true,
      replaces: ["size"],
    });
    expect(await provider.update("t-1", { name: "a", thingId: "t-1" }, { name: "b", __provider: "p" })).to.deep.equal({
      outs: { name: "b", thingId: "t-1" },
    });
    live.set("t-1", { name: "changed outside" });
    expect(await provider.read("t-1", { name: "b", thingId: "t-1" })).to.deep.equal({
      id: "t-1",
      props: { name: "changed outside", thingId: "t-1" },
      inputs: { name: "changed outside" },
    });
    await provider.delete("t-1", { name: "b", thingId: "t-1" });
    expect(calls).to.deep.equal(["create a", "update t-1 a->b", "remove t-1 b"]);
  });

  it("read answers a blank ID when the object is gone (refresh drops it), and refuses to read without recorded outputs", async () => {
    const provider = objectProvider(OFFLINE_CONTEXT, recordingSync(new Map()).sync);
    expect(await provider.read("t-9", { name: "x", thingId: "t-9" })).to.deep.equal({ id: "" });
    let error: unknown;
    await provider.read("t-9").catch((e: unknown) => (error = e));
    expect(String(error)).to.include("pulumi import is not supported");
  });
});
