import { expect } from "chai";
import { listSome, PartialFailure } from "../../../provider/resources/partial";

describe("resources/partial", () => {
  it("listSome shows at most the limit and says how many more", () => {
    expect(listSome(["a", "b", "c"], 2)).to.equal("a, b and 1 more");
    expect(listSome(["a", "b"], 2)).to.equal("a, b");
    expect(listSome([])).to.equal("");
  });

  it("PartialFailure carries the ID and the properties the engine records as the resource's state", () => {
    const failure = new PartialFailure("2 of 5 members failed", "g", { __provider: "x", members: {} }, ["bob", "carol"]);
    expect(failure).to.be.instanceOf(Error);
    expect(failure).to.include({ name: "PartialFailure", id: "g", message: "2 of 5 members failed" });
    expect(failure.properties).to.have.property("__provider", "x");
    expect(failure.reasons).to.deep.equal(["bob", "carol"]);
  });
});
