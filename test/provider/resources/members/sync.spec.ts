import { expect } from "chai";
import { MembersNotImported, removeMembers, syncMembers } from "../../../../provider/resources/members/sync";
import { emulatorContext } from "../../../helpers/emulator-context";
import { useEmulator } from "../../../helpers/emulator";
import { seedAccounts, seedGroup } from "../../../helpers/seed";

const CREATED = 1_600_000_000;
const member = (account: string, role: "Owner" | "Admin" | "Member") => ({ account, role, joinTime: CREATED + 1, unreadMsgNum: 0 });

/** An emulator per suite holding `accounts` and group g owned by alice; `members()` is g's members now. */
function groupOwnedByAlice(accounts: string[]) {
  const emulator = useEmulator({
    seed: {
      accounts: seedAccounts(accounts),
      groups: { g: seedGroup("g", CREATED, "alice", { members: { alice: member("alice", "Owner") } }) },
      idCounter: 0,
    },
  });
  return { emulator, members: () => emulator.get().store.state.groups.g!.members };
}

describe("members sync: the calls behind ImportedGroupMembers and the batch", () => {
  const { emulator, members } = groupOwnedByAlice(["alice", "bob", "carol", "dave"]);

  it("imports a new list, then brings it from before to after: adds, removes, roles, and a new join time", async () => {
    const context = emulatorContext(emulator.get());
    expect(await syncMembers(context, { groupId: "g" }, undefined, { bob: {}, carol: { role: "Admin" } })).to.deep.equal({
      added: 2,
      alreadyMembers: 0,
    });
    await syncMembers(context, { groupId: "g" }, { bob: {}, carol: { role: "Admin" } }, { carol: {}, dave: { joinTime: CREATED + 50 } });
    expect(Object.keys(members()).sort()).to.deep.equal(["alice", "carol", "dave"]);
    expect(members().carol!.role).to.equal("Member");
    await syncMembers(
      context,
      { groupId: "g" },
      { carol: {}, dave: { joinTime: CREATED + 50 } },
      { carol: {}, dave: { joinTime: CREATED + 60 } },
    );
    expect(members().dave!.joinTime, "removed and imported again").to.equal(CREATED + 60);
  });

  it("says which members could not be imported, and which are in place", async () => {
    const context = emulatorContext(emulator.get());
    const error = (await syncMembers(context, { groupId: "g" }, { carol: {} }, { carol: {}, ghost: {}, bob: {} }).catch(
      (e: unknown) => e,
    )) as MembersNotImported;
    expect(error).to.be.instanceOf(MembersNotImported);
    expect(error.reasons).to.deep.equal(["ghost: not an imported account (import it with ImportedAccounts first)"]);
    expect(Object.keys(error.inPlace).sort()).to.deep.equal(["bob", "carol"]);
    await removeMembers(context, "g", { alice: {}, bob: {}, carol: {} });
    expect(Object.keys(members()).sort(), "the owner stays").to.deep.equal(["alice", "dave"]);
  });
});

describe("members sync: UserIDs that name Object.prototype's properties", () => {
  const { emulator, members } = groupOwnedByAlice(["alice", "bob", "toString", "constructor"]);

  it("adds and removes members whose UserIDs name Object.prototype's properties, like any other", async () => {
    const context = emulatorContext(emulator.get());
    await syncMembers(context, { groupId: "g" }, undefined, { bob: {} });
    await syncMembers(context, { groupId: "g" }, { bob: {} }, { bob: {}, toString: {}, constructor: { role: "Admin" as const } });
    expect(Object.keys(members()).sort()).to.deep.equal(["alice", "bob", "constructor", "toString"]);
    expect(members()).to.have.own.property("constructor").that.includes({ role: "Admin" });
    await syncMembers(context, { groupId: "g" }, { bob: {}, toString: {}, constructor: { role: "Admin" as const } }, { bob: {} });
    expect(Object.keys(members()).sort()).to.deep.equal(["alice", "bob"]);
  });
});
