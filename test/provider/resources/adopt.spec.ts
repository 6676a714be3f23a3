import { expect } from "chai";
import { ChatConflictError } from "../../../provider/api/errors";
import { assertAdoptable, pickDefined } from "../../../provider/resources/adopt";

describe("resources/adopt", () => {
  it("adopts an object found under the ID only when nothing differs, and names the fields that do otherwise", () => {
    expect(() => assertAdoptable("import_group", "group", "g", "groupId", [])).to.not.throw();
    const refused = (() => {
      try {
        assertAdoptable("import_group", "group", "g", "groupId", ["name", "type"], " (or import the group)");
      } catch (error) {
        return error;
      }
      return undefined;
    })() as ChatConflictError;
    expect(refused).to.be.instanceOf(ChatConflictError);
    expect(refused.errorCode).to.equal(10021);
    expect(refused.errorInfo).to.equal(
      "group ID g is already in use by a group that differs from this declaration (name, type); choose another groupId (or import the group)",
    );
    expect(() => assertAdoptable("import_topic", "topic", "t", "topicId", undefined)).to.throw(
      ChatConflictError,
      /differs from this declaration; choose another topicId/,
    );
  });

  it("pickDefined keeps the set values of the keys asked", () => {
    expect(pickDefined(["a", "b"], { a: 1, b: undefined, c: 3 } as Record<string, unknown>)).to.deep.equal({ a: 1 });
  });
});
