import { expect } from "chai";
import { ImportedGroupMembersInputs, memberCrossFieldRules } from "../../../../provider/resources/members/schema";

const NOW = 1_700_000_000;

describe("members schema and its join-time rules", () => {
  it("a declared join time must come after the group's creation and not be in the future", () => {
    const failures = memberCrossFieldRules(
      { groupCreateTime: 1000, members: { early: { joinTime: 1000 }, late: { joinTime: NOW + 1 }, fine: { joinTime: 1001 }, unset: {} } },
      NOW,
    );
    expect(failures.map((f) => f.property)).to.deep.equal(["members.early.joinTime", "members.late.joinTime"]);
    expect(failures[0]!.reason).to.equal("must be after the group's createTime 1000 (got 1000)");
    expect(
      memberCrossFieldRules({ members: { any: { joinTime: 5 } } }, NOW),
      "without a creation time only the future is checked",
    ).to.deep.equal([]);
  });

  it("takes roles Admin and Member (the owner is set on the group)", () => {
    expect(ImportedGroupMembersInputs.safeParse({ groupId: "g", members: { a: { role: "Admin" } } }).success).to.equal(true);
    expect(ImportedGroupMembersInputs.safeParse({ groupId: "g", members: { a: { role: "Owner" } } }).success).to.equal(false);
  });
});
