import { expect } from "chai";
import { groupCrossFieldRules, ImportedGroupInputs } from "../../../../provider/resources/group/schema";
import { UserId } from "../../../../provider/user-id";

const NOW = 1_700_000_000;

describe("group schema and its cross-field rules", () => {
  it("reports each rule that spans fields, with the property it is about", () => {
    const failures = (inputs: Record<string, unknown>) => groupCrossFieldRules(inputs, NOW).map((f) => f.property);
    expect(failures({ type: "Community", groupId: "hub" })).to.deep.equal(["groupId"]);
    expect(failures({ type: "Public", groupId: "@TGS#_hub" })).to.deep.equal(["groupId"]);
    expect(failures({ type: "Public", maxMemberCount: 6001 })).to.deep.equal(["maxMemberCount"]);
    expect(failures({ type: "Community", maxMemberCount: 100_000 })).to.deep.equal([]);
    expect(failures({ type: "Community", applyJoinOption: "FreeAccess" })).to.deep.equal(["applyJoinOption"]);
    expect(failures({ type: "Private", supportTopic: true })).to.deep.equal(["supportTopic"]);
    expect(failures({ type: "Public", createTime: NOW + 1 })).to.deep.equal(["createTime"]);
    expect(failures({ type: "Public", createTime: NOW })).to.deep.equal([]);
  });

  it("takes UserIDs of 1 to 32 bytes of printable ASCII, and only the documented fields", () => {
    for (const id of ["a", "x".repeat(32), "user@example.com", "with space"]) expect(UserId.safeParse(id).success, id).to.equal(true);
    for (const id of ["", "x".repeat(33), "émile", "tab\t"]) expect(UserId.safeParse(id).success, id).to.equal(false);
    expect(ImportedGroupInputs.safeParse({ type: "Public", name: "x", nmae: "typo" }).success).to.equal(false);
    const av = ImportedGroupInputs.safeParse({ type: "AVChatRoom", name: "x" });
    expect(av.success).to.equal(false);
    expect(av.error!.issues[0]!.message).to.match(/AVChatRoom cannot be imported/);
  });
});
