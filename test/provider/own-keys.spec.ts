import { expect } from "chai";
import { mapOwnValues, ownValue, setOwn, UNKEEPABLE_KEY_PROBLEM } from "../../provider/own-keys";
import { validateManifest } from "../../provider/migration/validate";
import { accountsProvider } from "../../provider/resources/accounts/provider";
import { batchProvider } from "../../provider/resources/batch/provider";
import { BatchKey } from "../../provider/resources/batch/schema";
import { ImportedGroupInputs } from "../../provider/resources/group/schema";
import { ChatUserId, UserId } from "../../provider/user-id";
import { checkWith } from "../../provider/resources/check";
import { OFFLINE_CONTEXT } from "../helpers/offline-context";

describe("own-keys", () => {
  it("reads only own values: keys every object inherits are absent until set", () => {
    const map: Record<string, number> = {};
    for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(ownValue(map, key), key).to.equal(undefined);
    setOwn(map, "constructor", 1);
    setOwn(map, "__proto__", 2);
    expect(ownValue(map, "constructor")).to.equal(1);
    expect(ownValue(map, "__proto__")).to.equal(2);
    expect(Object.getPrototypeOf(map), "the prototype is untouched").to.equal(Object.prototype);
    expect(JSON.parse(JSON.stringify(map))).to.have.all.keys("constructor", "__proto__");
  });

  it("mapOwnValues maps every own key in order, __proto__ and constructor too, and nothing inherited", () => {
    const map: Record<string, number> = { b: 1, constructor: 2 };
    setOwn(map, "__proto__", 3);
    const seen: string[] = [];
    const doubled = mapOwnValues(map, (value, key) => {
      seen.push(key);
      return value * 2;
    });
    expect(seen).to.deep.equal(["b", "constructor", "__proto__"]);
    expect(Object.getPrototypeOf(doubled)).to.equal(Object.prototype);
    expect(ownValue(doubled, "__proto__")).to.equal(6);
    expect(JSON.parse(JSON.stringify(doubled))).to.deep.equal({ b: 2, constructor: 4, ["__proto__"]: 6 });
    expect(mapOwnValues(Object.create({ inherited: 1 }) as Record<string, number>, (v) => v)).to.deep.equal({});
  });

  it("declarations refuse __proto__ with the reason, which zod's records would drop without a word; Tencent's own rule takes it", () => {
    expect(UserId.safeParse("constructor").success).to.equal(true);
    expect(UserId.safeParse("__proto__").error!.issues[0]!.message).to.equal(UNKEEPABLE_KEY_PROBLEM);
    expect(BatchKey.safeParse("__proto__").error!.issues[0]!.message).to.equal(UNKEEPABLE_KEY_PROBLEM);
    expect(ChatUserId.safeParse("__proto__").success, "the emulator takes what Tencent takes").to.equal(true);
  });

  it("a batch declaring member __proto__ fails at preview, naming the member", async () => {
    const text = ["@ImportedGroupBatch v1", 'team {"groupId":"team-1","name":"Team","type":"Public"}', "team __proto__", "team bob"].join(
      "\n",
    );
    const { failures } = await batchProvider(OFFLINE_CONTEXT).check!({}, { groups: text });
    expect(failures).to.deep.equal([{ property: "groups.team.members.__proto__", reason: UNKEEPABLE_KEY_PROBLEM }]);
  });

  it("the accounts text and the manifest name a __proto__ key too, where zod alone would drop it", async () => {
    const accounts = ["@ImportedAccounts v1", "alice", '__proto__ {"nick":"P"}'].join("\n");
    const { failures } = await accountsProvider(OFFLINE_CONTEXT).check!({}, { accounts });
    expect(failures).to.deep.equal([{ property: "accounts.__proto__", reason: UNKEEPABLE_KEY_PROBLEM }]);
    const manifest = JSON.parse(
      '{"accounts":{"alice":{},"__proto__":{}},"groups":[{"key":"g","type":"Private","name":"G","members":{"__proto__":{}}}]}',
    );
    const report = validateManifest(manifest);
    expect(report.manifest).to.equal(undefined);
    expect(report.problems.map((p) => p.message)).to.deep.equal([UNKEEPABLE_KEY_PROBLEM, UNKEEPABLE_KEY_PROBLEM]);
  });

  it("check names a __proto__ key in any map of the inputs (AppDefinedData here), which zod alone would drop", () => {
    const inputs = JSON.parse('{"type":"Public","name":"x","appDefinedData":{"__proto__":"v","ok":"y"}}') as Record<string, unknown>;
    expect(checkWith(ImportedGroupInputs, inputs).failures).to.deep.equal([
      { property: "appDefinedData.__proto__", reason: UNKEEPABLE_KEY_PROBLEM },
    ]);
  });
});
