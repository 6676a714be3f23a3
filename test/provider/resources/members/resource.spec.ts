import { expect } from "chai";
import { ImportedGroup } from "../../../../provider/resources/group/resource";
import { ImportedGroupMembers } from "../../../../provider/resources/members/resource";
import { mockedProgram, outputValue } from "../../../helpers/pulumi-mocks";

describe("ImportedGroupMembers (the resource a program declares)", () => {
  it("takes the group's ID, declared creation time and owner from the group, so join times are checked at preview", async () => {
    const program = mockedProgram();
    const group = new ImportedGroup("team", {
      type: "Private",
      name: "Team",
      groupId: "team",
      ownerAccount: "alice",
      createTime: 1_600_000_000,
    });
    const members = new ImportedGroupMembers("team-members", { group, members: { bob: { role: "Admin" } } });
    expect(await outputValue(members.groupId)).to.equal("team");
    await program.settled();
    expect(program.registered.get("team-members")!.inputs).to.deep.include({
      groupId: "team",
      groupCreateTime: 1_600_000_000,
      groupOwner: "alice",
      members: { bob: { role: "Admin" } },
    });
    const direct = new ImportedGroupMembers("direct", { groupId: "other", members: {} });
    await program.settled();
    expect(program.registered.get("direct")!.inputs).to.not.have.property("groupOwner");
    expect(await outputValue(direct.groupId)).to.equal("other");
  });
});
