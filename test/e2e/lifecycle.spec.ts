import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoProgram, type LocalStack } from "../../tools/lib/local-stack";
import { T0, type Declared } from "./programs/lifecycle";
import { changes, emulatorConfig } from "../helpers/stack-config";

describe("lifecycle of all four resources (real pulumi CLI, emulator over HTTP)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let local: LocalStack;
  const declared: Declared = {
    accounts: { alice: { nick: "Alice" }, bob: {}, carol: {}, dave: {} },
    group: { type: "Public", name: "Team", groupId: "team-1", ownerAccount: "alice", createTime: T0, introduction: "v1" },
    members: { bob: { role: "Admin", joinTime: T0 + 60 }, carol: { joinTime: T0 + 120, unreadMsgNum: 0 } },
    topicName: "General",
    membersIn: "team",
  };
  const groups = () => emulator.store.state.groups;

  before(async () => {
    emulator = await startEmulator({ secretKey: `lifecycle-${randomUUID()}` });
    local = await createLocalStack({
      projectName: "e2e-lifecycle",
      program: { programModule: repoProgram("test/e2e/programs/lifecycle.js", "lifecycleProgram", () => [declared]) },
      config: emulatorConfig(emulator),
    });
  });
  after(async () => {
    await local?.dispose();
    await emulator?.close();
  });

  it("up imports accounts, then groups, members and topics", async () => {
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ create: 6 });
    expect(Object.keys(emulator.store.state.accounts).sort()).to.deep.equal(["alice", "bob", "carol", "dave"]);
    expect(emulator.store.state.accounts.alice).to.include({ nick: "Alice" });
    const team = groups()["team-1"]!;
    expect(team.members).to.have.keys("alice", "bob", "carol");
    expect(team.members.alice!.role).to.equal("Owner");
    expect(team.members.bob).to.include({ role: "Admin", joinTime: T0 + 60 });
    const guildId = up.outputs.guildId!.value as string;
    expect(guildId).to.match(/^@TGS#_guild-[0-9a-f]{8}$/);
    const topicId = up.outputs.topicId!.value as string;
    expect(topicId).to.match(new RegExp(`^${guildId.replace(/[$^]/g, "\\$&")}@TOPIC#_general-[0-9a-f]{8}$`));
    expect(groups()[guildId]!.topics[topicId]).to.include({ topicName: "General", fromAccount: "alice" });
  });

  it("a second preview shows no changes", async () => {
    const preview = await local.stack.preview();
    expect(changes(preview.changeSummary)).to.deep.equal({});
  });

  it("updates in place: group profile, member added and role changed, topic renamed, account profile", async () => {
    declared.group = { ...declared.group, name: "Team 二", introduction: "v2" };
    declared.members = { ...declared.members, bob: { role: "Member", joinTime: T0 + 60 }, dave: { joinTime: T0 + 300 } };
    declared.topicName = "General 综合";
    declared.accounts = { ...declared.accounts, bob: { nick: "Bob" } };
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ update: 4 });
    const team = groups()["team-1"]!;
    expect(team).to.include({ name: "Team 二", introduction: "v2" });
    expect(team.members.bob!.role).to.equal("Member");
    expect(team.members.dave).to.include({ role: "Member", joinTime: T0 + 300 });
    expect(emulator.store.state.accounts.bob).to.include({ nick: "Bob" });
    const guild = Object.values(groups()).find((g) => g.type === "Community")!;
    expect(Object.values(guild.topics).map((t) => t.topicName)).to.deep.equal(["General 综合"]);
  });

  it("removes a member silently and changes the owner in place", async () => {
    const { carol: _removed, ...rest } = declared.members;
    declared.members = rest;
    declared.group = { ...declared.group, ownerAccount: "bob" };
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ update: 2 });
    const team = groups()["team-1"]!;
    expect(team.members).to.not.have.property("carol");
    expect(team.ownerAccount).to.equal("bob");
    expect(team.members.bob!.role).to.equal("Owner");
  });

  it("replaces on an immutable change, deleting the fixed-ID group first and re-importing its members", async () => {
    declared.group = { ...declared.group, createTime: T0 - 3600 };
    const up = await local.stack.up();
    const summary = changes(up.summary.resourceChanges);
    expect(summary.replace).to.be.at.least(1);
    const team = groups()["team-1"]!;
    expect(team.createTime).to.equal(T0 - 3600);
    expect(team.members).to.have.keys("bob", "dave"); // bob is the owner again; dave re-imported by the dependent replacement
    expect(changes((await local.stack.preview()).changeSummary)).to.deep.equal({});
  });

  it("refresh shows changes made directly in the emulator, and up converges", async () => {
    const team = groups()["team-1"]!;
    team.name = "renamed outside";
    delete team.members.dave;
    const guild = Object.values(groups()).find((g) => g.type === "Community")!;
    for (const topicId of Object.keys(guild.topics)) delete guild.topics[topicId];

    const refresh = await local.stack.refresh();
    expect(refresh.summary.result).to.equal("succeeded");
    const preview = await local.stack.preview();
    expect(changes(preview.changeSummary)).to.deep.equal({ update: 2, create: 1 });
    await local.stack.up();
    expect(groups()["team-1"]!.name).to.equal("Team 二");
    expect(groups()["team-1"]!.members).to.have.property("dave");
    expect(Object.keys(guild.topics)).to.have.length(1);
    expect(changes((await local.stack.preview()).changeSummary)).to.deep.equal({});
  });

  it("replaces a topic on an immutable change and members on a group change; account drift shows on refresh", async () => {
    const guild = () => Object.values(groups()).find((g) => g.type === "Community")!;
    const topicBefore = Object.keys(guild().topics);
    declared.topicCreateTime = T0 + 10;
    declared.membersIn = "guild";
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ replace: 2 });
    const topics = Object.values(guild().topics);
    expect(topics).to.have.length(1);
    expect(topics[0]).to.include({ createTime: T0 + 10 });
    expect(topicBefore).to.deep.equal([topics[0]!.topicId]); // same derived ID: deleted first, then imported again
    expect(guild().members).to.have.keys("bob", "dave");
    expect(groups()["team-1"]!.members).to.have.keys("bob"); // dave removed from the old group; bob stays its owner

    delete emulator.store.state.accounts.dave;
    await local.stack.refresh();
    expect(changes((await local.stack.preview()).changeSummary)).to.deep.include({ update: 1 });
    await local.stack.up();
    expect(emulator.store.state.accounts).to.have.property("dave");
  });

  it("destroy leaves the emulator empty", async () => {
    await local.stack.destroy();
    expect(groups()).to.deep.equal({});
    expect(emulator.store.state.accounts).to.deep.equal({});
  });
});

describe("deletionPolicy retain (real pulumi CLI)", function () {
  this.timeout(300_000);
  it("destroy forgets the objects and leaves the emulator untouched", async () => {
    const emulator = await startEmulator();
    const local = await createLocalStack({
      projectName: "e2e-retain",
      program: { programModule: repoProgram("test/e2e/programs/retain.js", "retainProgram") },
      config: emulatorConfig(emulator, { deletionPolicy: "retain" }),
    });
    try {
      await local.stack.up();
      const before = emulator.store.snapshot();
      expect(Object.keys(before.groups)).to.have.length(1);
      const destroy = await local.stack.destroy();
      expect(changes(destroy.summary.resourceChanges)).to.deep.equal({ delete: 4 });
      expect(emulator.store.snapshot()).to.deep.equal(before);
    } finally {
      await local.dispose();
      await emulator.close();
    }
  });
});
