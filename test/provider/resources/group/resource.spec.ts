import { expect } from "chai";
import { ImportedGroup } from "../../../../provider/resources/group/resource";
import { providerModuleText } from "../../../../provider/resources/dynamic-resource";
import { stableGroupId } from "../../../../provider/resources/stable-id";
import { mockedProgram, outputValue } from "../../../helpers/pulumi-mocks";

describe("ImportedGroup (the resource a program declares)", () => {
  it("registers its inputs with a group ID derived from its name, project and stack when none is declared", async () => {
    const program = mockedProgram();
    const derived = new ImportedGroup("general", { type: "Public", name: "General" });
    const community = new ImportedGroup("hub", { type: "Community", name: "Hub" });
    const fixed = new ImportedGroup("legacy", { type: "Private", name: "Legacy", groupId: "legacy-1" });
    expect(await outputValue(derived.groupId)).to.equal(stableGroupId("general", false, "shop", "prod"));
    expect(await outputValue(community.groupId))
      .to.equal(stableGroupId("hub", true, "shop", "prod"))
      .and.match(/^@TGS#_hub-/);
    expect(await outputValue(fixed.groupId)).to.equal("legacy-1");
    await program.settled();
    const registration = program.registered.get("general")!;
    expect(registration.type).to.equal("pulumi-nodejs:dynamic/tencent-chat:ImportedGroup");
    expect(registration.inputs).to.deep.include({
      type: "Public",
      name: "General",
      __provider: providerModuleText("ImportedGroup", "prod"),
    });
    expect(derived.declared).to.deep.equal({ type: "Public", name: "General" });
  });
});
