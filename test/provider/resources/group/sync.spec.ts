import { expect } from "chai";
import { ChatConflictError } from "../../../../provider/api/errors";
import { groupChange, importGroup, modifyGroup, removeGroup } from "../../../../provider/resources/group/sync";
import { emulatorContext } from "../../../helpers/emulator-context";
import { useEmulator } from "../../../helpers/emulator";

describe("group sync: the calls behind ImportedGroup and the batch", () => {
  const emulator = useEmulator({ seed: { accounts: { alice: { userId: "alice" }, bob: { userId: "bob" } }, groups: {}, idCounter: 0 } });
  const state = () => emulator.get().store.state;

  it("imports, adopts its own group under a fixed ID, and refuses a different one", async () => {
    const context = emulatorContext(emulator.get());
    expect(await importGroup(context, { type: "Public", name: "Lobby", groupId: "lobby" })).to.equal("lobby");
    expect(await importGroup(context, { type: "Public", name: "Lobby", groupId: "lobby" }), "a lost answer, repeated").to.equal("lobby");
    const error = await importGroup(context, { type: "Public", name: "Other", groupId: "lobby" }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatConflictError);
    expect(Object.keys(state().groups)).to.deep.equal(["lobby"]);
  });

  it("modifies what changed, moves the owner (imported as a member first), and removes under the deletion policy", async () => {
    const context = emulatorContext(emulator.get());
    await importGroup(context, {
      type: "Private",
      name: "Team",
      groupId: "team",
      ownerAccount: "alice",
      appDefinedData: { Level: "1", Old: "x" },
    });
    await modifyGroup(
      context,
      "team",
      { type: "Private", name: "Team", ownerAccount: "alice", appDefinedData: { Level: "1", Old: "x" } },
      { type: "Private", name: "Team B", ownerAccount: "bob", appDefinedData: { Level: "2" } },
    );
    expect(state().groups.team).to.deep.include({ name: "Team B", ownerAccount: "bob", appDefinedData: { Level: "2" } });
    expect(state().groups.team!.members.bob!.role).to.equal("Owner");
    await removeGroup(context, "team");
    expect(state().groups.team, "the emulator's policy is delete").to.equal(undefined);
  });

  it("says which changes replace the group", () => {
    expect(groupChange({ type: "Public", name: "A", groupId: "g" }, { type: "Public", name: "B", groupId: "g" })).to.deep.include({
      changes: true,
      replaces: [],
    });
    expect(groupChange({ type: "Public", name: "A", groupId: "g" }, { type: "Private", name: "A", groupId: "g" })).to.deep.equal({
      changes: true,
      replaces: ["type"],
      deleteBeforeReplace: true,
    });
    expect(
      groupChange({ type: "Public", name: "A", groupId: "derived" }, { type: "Public", name: "A" }),
      "an omitted ID keeps the derived one",
    ).to.deep.include({ changes: false });
  });
});
