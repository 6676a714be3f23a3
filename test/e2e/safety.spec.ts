import { expect } from "chai";
import type { BatchGroupArgs } from "pulumi-tencent-chat";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { repoProgram } from "../../tools/lib/local-stack";
import { changeCounts, type CliCommandError, GeneratedProject } from "../../tools/lib/pulumi-project";
import { T0, type PerObjectDeclaration } from "./programs/safety";

/** A project folder running one export of programs/safety.ts, driven with plain pulumi commands. */
class SafetyProject {
  readonly cli: GeneratedProject;
  constructor(exportName: "perObjectProgram" | "batchProgram", stack = "dev") {
    this.cli = new GeneratedProject(
      `safety-${exportName.replace("Program", "").toLowerCase()}`,
      repoProgram("test/e2e/programs/safety.js", exportName),
      stack,
    );
  }
  /** What the program declares from now on (its arguments). */
  declare(...args: unknown[]): void {
    this.cli.declare(...args);
  }
  /** `pulumi up --yes`, and the run's whole output. */
  async up(): Promise<string> {
    const { stdout, stderr } = await this.cli.run(["up", "--yes"]);
    return `${stdout}\n${stderr}`;
  }
  /** After an `up`, neither `refresh` nor `preview` may show a change. */
  async expectSettled(): Promise<void> {
    const refresh = await this.cli.run(["refresh", "--yes", "--diff", "--expect-no-changes"], { allowFailure: true });
    expect(refresh.code, `refresh shows changes:\n${refresh.stdout}`).to.equal(0);
    const preview = await this.cli.run(["preview", "--diff", "--expect-no-changes"], { allowFailure: true });
    expect(preview.code, `preview shows changes:\n${preview.stdout}`).to.equal(0);
  }
  async dispose(): Promise<void> {
    await this.cli.dispose();
  }
}

/** Runs `body` with a fresh emulator and project; removes both afterwards. */
async function withProject(
  exportName: "perObjectProgram" | "batchProgram",
  body: (emulator: RunningEmulator, project: SafetyProject) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator();
  const project = new SafetyProject(exportName);
  try {
    await project.cli.initAgainst({ url: emulator.url, ...emulator.app });
    await body(emulator, project);
  } finally {
    await project.dispose();
    await emulator.close();
  }
}

const everything: PerObjectDeclaration = {
  accounts: { alice: {}, bob: {} },
  accountsDeletion: "delete",
  group: { type: "Community", name: "Guild", groupId: "@TGS#_guild", ownerAccount: "alice", supportTopic: true, createTime: T0 },
  members: { bob: { joinTime: T0 + 60 } },
  topicName: "General",
};

describe("safe in production (plain pulumi commands, emulator over HTTP)", function () {
  this.timeout(600_000);

  it("1. `config set tencent-chat:deletionPolicy retain` then `pulumi destroy` deletes nothing, though the last up recorded delete", () =>
    withProject("perObjectProgram", async (emulator, project) => {
      project.declare(everything);
      await project.up();
      const before = emulator.store.snapshot();
      expect(Object.keys(before.groups)).to.deep.equal(["@TGS#_guild"]);
      await project.cli.run(["config", "set", "tencent-chat:deletionPolicy", "retain"]);
      const destroy = await project.cli.run(["destroy", "--yes"]);
      expect(changeCounts(destroy.stdout).delete).to.equal(5); // the stack and four resources leave the state
      expect(emulator.store.snapshot(), "the emulator after destroy").to.deep.equal(before);
      expect(destroy.stdout).to.match(/kept, not deleted: group @TGS#_guild \(destroy_group\) \(tencent-chat:deletionPolicy is now retain/);
    }));

  it("1. a recorded retain shows as [retain] in the destroy plan and keeps everything, even after `config rm`", () =>
    withProject("perObjectProgram", async (emulator, project) => {
      project.declare(everything);
      await project.cli.run(["config", "set", "tencent-chat:deletionPolicy", "retain"]);
      await project.up();
      const before = emulator.store.snapshot();
      await project.cli.run(["config", "rm", "tencent-chat:deletionPolicy"]);
      const plan = await project.cli.run(["destroy", "--preview-only"]);
      expect(plan.stdout.match(/\[retain\]/g) ?? [], plan.stdout).to.have.length(4);
      await project.cli.run(["destroy", "--yes"]);
      expect(emulator.store.snapshot()).to.deep.equal(before);
    }));

  it("1. a production app (a region) keeps data by default: removed members stay, destroy forgets", () =>
    withProject("perObjectProgram", async (emulator, project) => {
      // The production settings, rehearsed: the region is set, the endpoint (from the environment) redirects to
      // the emulator, as the README's production runbook does.
      await project.cli.run(["config", "rm", "tencent-chat:endpoint"]);
      await project.cli.run(["config", "set", "tencent-chat:region", "singapore"]);
      Object.assign(project.cli.env, { TENCENT_CHAT_ENDPOINT: emulator.url });
      project.declare(everything);
      await project.up();
      project.declare({ ...everything, members: {} });
      const removal = await project.up();
      expect(removal).to.match(
        /kept, not deleted: 1 members removed from the program from group @TGS#_guild \(a production app keeps data/,
      );
      expect(emulator.store.state.groups["@TGS#_guild"]!.members).to.have.property("bob");
      const before = emulator.store.snapshot();
      await project.cli.run(["destroy", "--yes"]);
      expect(emulator.store.snapshot()).to.deep.equal(before);
    }));

  it("2. two stacks on one app: accounts that existed are adopted with a warning and never deleted by the stack that adopted them", async () => {
    const emulator = await startEmulator();
    const first = new SafetyProject("perObjectProgram", "wave1");
    const second = new SafetyProject("perObjectProgram", "wave2");
    try {
      for (const project of [first, second]) await project.cli.initAgainst({ url: emulator.url, ...emulator.app });
      first.declare({ accounts: { ann: {}, ben: {} }, accountsDeletion: "delete" });
      second.declare({ accounts: { ann: {}, ben: {}, cat: {} }, accountsDeletion: "delete" });
      expect(await first.up()).to.not.match(/existed already/);
      const output = await second.up();
      expect(output).to.match(/warning: 2 of 3 accounts existed already and are adopted, not created: ann, ben/);
      expect(await second.cli.outputs()).to.deep.include({ adopted: ["ann", "ben"] });
      await second.cli.run(["destroy", "--yes"]);
      expect(Object.keys(emulator.store.state.accounts).sort(), "after the second stack's destroy").to.deep.equal(["ann", "ben"]);
      await first.cli.run(["destroy", "--yes"]);
      expect(Object.keys(emulator.store.state.accounts), "after the first stack's destroy").to.deep.equal([]);
    } finally {
      for (const project of [first, second]) await project.dispose();
      await emulator.close();
    }
  });

  it("2. accounts are deleted only when the resource declares deletionPolicy: delete", () =>
    withProject("perObjectProgram", async (emulator, project) => {
      project.declare({ accounts: { dan: {}, eve: {} } });
      await project.up();
      project.declare({ accounts: { dan: {} } });
      expect(await project.up()).to.match(/kept, not deleted: 1 accounts removed from the program \(deletion is not declared/);
      await project.cli.run(["destroy", "--yes"]);
      expect(Object.keys(emulator.store.state.accounts).sort()).to.deep.equal(["dan", "eve"]);
    }));

  it("3. a change that would replace a group inside a batch fails at preview, naming it, until the group allows replacement", () =>
    withProject("batchProgram", async (emulator, project) => {
      const groups: Record<string, BatchGroupArgs> = {
        team: { type: "Private", name: "Team", ownerAccount: "ann", createTime: T0, members: { ben: {} } },
      };
      project.declare(["ann", "ben"], groups);
      await project.up();
      groups.team = { ...groups.team!, type: "Public" };
      project.declare(["ann", "ben"], groups);
      const refused = (await project.cli.run(["preview", "--diff"]).catch((error: CliCommandError) => error.result))!;
      expect(refused.code).to.not.equal(0);
      expect(refused.stdout + refused.stderr, refused.stdout + refused.stderr).to.match(
        /groups\.team\.type value .* has a problem: changing type \("Private" => "Public"\) replaces group team: .*destroyed with its message history.*allowReplace: true/,
      );
      expect(Object.values(emulator.store.state.groups).map((g) => g.type)).to.deep.equal(["Private"]);
      groups.team = { ...groups.team!, allowReplace: true };
      project.declare(["ann", "ben"], groups);
      const plan = await project.cli.run(["preview", "--diff"]);
      // The batch is one text, a line per field: the declaration shows next to the change it allows.
      expect(plan.stdout).to.match(/\+ team \.allowReplace true/);
      expect(plan.stdout).to.match(/- team \.type "Private"[\s\S]*\+ team \.type "Public"/);
      await project.up();
      expect(Object.values(emulator.store.state.groups).map((g) => g.type)).to.deep.equal(["Public"]);
      await project.expectSettled();
    }));

  for (const form of ["per object", "batch"] as const) {
    const declareGroup = (project: SafetyProject, group: BatchGroupArgs & { members: NonNullable<PerObjectDeclaration["members"]> }) => {
      if (form === "batch") project.declare(["alice", "bob", "carol"], { team: group });
      else {
        const { members, ...rest } = group;
        project.declare({ accounts: { alice: {}, bob: {}, carol: {} }, group: { ...rest, groupId: "team" }, members });
      }
    };
    const groupOf = (emulator: RunningEmulator) => Object.values(emulator.store.state.groups)[0]!;

    it(`4. ${form}: an owner change keeps the previous owner's declared role (Admin), and settles`, () =>
      withProject(form === "batch" ? "batchProgram" : "perObjectProgram", async (emulator, project) => {
        const members = {
          alice: { role: "Admin" as const, joinTime: T0 + 10 },
          bob: { role: "Admin" as const, joinTime: T0 + 20 },
          carol: { joinTime: T0 + 30 },
        };
        declareGroup(project, { type: "Public", name: "Team", ownerAccount: "alice", createTime: T0, members });
        await project.up();
        declareGroup(project, { type: "Public", name: "Team", ownerAccount: "bob", createTime: T0, members });
        await project.up();
        const group = groupOf(emulator);
        expect(group.ownerAccount).to.equal("bob");
        expect(group.members.alice!.role, "the previous owner, declared Admin").to.equal("Admin");
        await project.expectSettled();
      }));

    it(`5. ${form}: the owner declared as a member with a joinTime, and a removed maxMemberCount, settle after one up`, () =>
      withProject(form === "batch" ? "batchProgram" : "perObjectProgram", async (emulator, project) => {
        const members = { alice: { joinTime: T0 + 100 }, bob: { joinTime: T0 + 200 } };
        declareGroup(project, {
          type: "Public",
          name: "Team",
          ownerAccount: "alice",
          createTime: T0,
          maxMemberCount: 500,
          applyJoinOption: "FreeAccess",
          members,
        });
        await project.up();
        await project.expectSettled();
        declareGroup(project, { type: "Public", name: "Team", ownerAccount: "alice", createTime: T0, members });
        await project.up();
        expect(groupOf(emulator)).to.include({ maxMemberCount: 2000, applyJoinOption: "NeedPermission" });
        await project.expectSettled();
      }));
  }

  it("6. a topic in a group that is not a topic-enabled Community fails at preview, naming the group", () =>
    withProject("perObjectProgram", async (emulator, project) => {
      project.declare({ accounts: { alice: {} }, group: { type: "Public", name: "Team", groupId: "team" }, topicName: "General" });
      const refused = (await project.cli.run(["preview"]).catch((error: CliCommandError) => error.result))!;
      expect(refused.code).to.not.equal(0);
      expect(refused.stdout + refused.stderr, refused.stdout + refused.stderr).to.match(
        /property groupId value \{team\} has a problem: topics need a Community with supportTopic: true; this group is a Public group/,
      );
      expect(emulator.counters.get("import_topic")?.calls ?? 0).to.equal(0);
    }));
});
