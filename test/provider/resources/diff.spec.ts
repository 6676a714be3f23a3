import { expect } from "chai";
import fc from "fast-check";
import { canonicalJson, changedKeys, diffByTable } from "../../../provider/resources/diff";

describe("resources/diff", () => {
  it("canonicalJson does not depend on key order and drops undefined", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).to.equal(canonicalJson(value));
      }),
    );
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).to.equal('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it("diffByTable replaces on the table's keys, updates the others, and deletes first only when a fixed ID is kept", () => {
    const keys = ["name", "type", "groupId"] as const;
    expect(changedKeys(keys, { name: "a", type: "Public" }, { name: "b", type: "Public" })).to.deep.equal(["name"]);
    expect(diffByTable(keys, ["type", "groupId"], { name: "a", type: "Public" }, { name: "b", type: "Public" }, true)).to.deep.equal({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffByTable(keys, ["type", "groupId"], { type: "Public", groupId: "g" }, { type: "Private", groupId: "g" }, true)).to.deep.equal(
      { changes: true, replaces: ["type"], deleteBeforeReplace: true },
    );
    expect(diffByTable(keys, ["type"], { type: "Public" }, { type: "Private" }, false).deleteBeforeReplace).to.equal(false);
    expect(diffByTable(keys, ["type"], { name: "a" }, { name: "a" }, true)).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
