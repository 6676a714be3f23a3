import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { LIMITS, truncateUtf8 } from "../../provider/limits";
import { createLocalStack, REPO_ROOT } from "../../tools/local-stack";
import { changes, emulatorConfig } from "../helpers/stack-config";

/** Runs an example's compiled program (dist/examples/<name>/index.js) as a fresh module, as `pulumi up` would. */
function exampleProgram(name: string): () => Promise<Record<string, unknown>> {
  const file = join(REPO_ROOT, "dist/examples", name, "index.js");
  return async () => {
    delete require.cache[require.resolve(file)];
    return { ...(require(file) as Record<string, unknown>) };
  };
}

/** The project name in the example's Pulumi.yaml, which is its config namespace. */
const projectName = (name: string) => /^name:\s*(\S+)/m.exec(readFileSync(join(REPO_ROOT, "examples", name, "Pulumi.yaml"), "utf8"))![1]!;

/** Applies an example, checks it, previews again (no changes), destroys it (emulator empty). */
async function applyExample(name: string, check: (emulator: RunningEmulator, outputs: Record<string, unknown>) => void, config: Record<string, string> = {}) {
  const emulator = await startEmulator();
  const project = projectName(name);
  const local = await createLocalStack({
    projectName: project,
    program: exampleProgram(name),
    config: { ...emulatorConfig(emulator), ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, { value: v }])) },
  });
  try {
    const up = await local.stack.up();
    check(emulator, Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])));
    expect(changes((await local.stack.preview()).changeSummary), "second preview").to.deep.equal({});
    await local.stack.destroy();
    expect(emulator.store.state.groups, "groups after destroy").to.deep.equal({});
    expect(emulator.store.state.accounts, "accounts after destroy").to.deep.equal({});
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

describe("examples apply and destroy cleanly (real pulumi CLI)", function () {
  this.timeout(600_000);

  it("quickstart: one of each resource", () =>
    applyExample("quickstart", (emulator, outputs) => {
      const group = emulator.store.state.groups[outputs.groupId as string]!;
      expect(group).to.include({ name: "General 综合", ownerAccount: "alice", createTime: 1448357837 });
      expect(group.members.bob).to.include({ role: "Admin", joinTime: 1448357900 });
      expect(outputs.memberCount).to.equal(2);
      const community = emulator.store.state.groups[outputs.communityId as string]!;
      expect(community.topics[outputs.topicId as string]).to.include({ topicName: "Welcome 欢迎", fromAccount: "alice" });
    }));

  it("community: a topic-enabled community with members and topics", () =>
    applyExample("community", (emulator) => {
      const guild = emulator.store.state.groups["@TGS#_guild"]!;
      expect(Object.keys(guild.members)).to.have.length(50);
      expect(guild.members.mod2!.role).to.equal("Admin");
      expect(Object.keys(guild.topics).sort()).to.deep.equal(["announcements", "general", "help", "trading"].map((t) => `@TGS#_guild@TOPIC#_${t}`));
    }));

  it("slack-migration: round-trips the export field by field", () => {
    const exportDir = join(REPO_ROOT, "examples/slack-migration/export");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const read = (file: string): any[] => JSON.parse(readFileSync(join(exportDir, file), "utf8"));
    const users = read("users.json");
    return applyExample("slack-migration", (emulator, outputs) => {
      const { accounts, groups } = emulator.store.state;
      expect(Object.keys(accounts).sort()).to.deep.equal(users.map((u) => u.id).sort());
      for (const user of users) {
        const nick = user.profile.display_name || user.profile.real_name || user.real_name || user.name;
        expect(accounts[user.id]!.nick, user.id).to.equal(nick);
        const face = user.profile.image_192;
        expect(accounts[user.id]!.faceUrl, user.id).to.equal(face && face.length <= 500 ? face : undefined);
      }
      const conversations = [
        ...read("channels.json").map((c) => ({ ...c, type: "Public" })),
        ...read("groups.json").map((c) => ({ ...c, type: "Private" })),
        ...read("mpims.json").map((c) => ({ ...c, type: "Private" })),
      ];
      expect(Object.keys(groups).sort()).to.deep.equal(conversations.map((c) => c.id).sort());
      expect(Object.keys(outputs.groupIds as object)).to.have.length(conversations.length);
      const knownUsers = new Set(users.map((u) => u.id));
      for (const c of conversations) {
        const group = groups[c.id]!;
        expect(group.type, c.id).to.equal(c.type);
        expect(group.createTime, c.id).to.equal(c.created);
        if (!c.name.startsWith("mpdm-")) expect(group.name, c.id).to.equal(truncateUtf8(c.name, LIMITS.groupName));
        expect(group.introduction ?? "", c.id).to.equal(truncateUtf8(c.purpose.value, LIMITS.groupIntroduction));
        expect(group.notification ?? "", c.id).to.equal(truncateUtf8(c.topic.value, LIMITS.groupNotification));
        const members = (c.members as string[]).filter((m) => knownUsers.has(m));
        expect(Object.keys(group.members).sort(), c.id).to.deep.equal(members.sort());
        expect(group.ownerAccount, c.id).to.equal(members.includes(c.creator) ? c.creator : undefined);
      }
      expect(groups.G03MPDM!.name).to.equal("alice, bob, wang.wei");
      expect(outputs.notMapped).to.equal(5);
    }, { exportDir });
  });

  it("large-migration: a generated migration of 30 groups with 40 members each, in batches of 12", () =>
    applyExample("large-migration", (emulator, outputs) => {
      const groups = Object.values(emulator.store.state.groups);
      expect(groups).to.have.length(30);
      expect(outputs.batches).to.equal(3);
      expect(Object.values(outputs.groupIds as Record<string, string>).sort()).to.deep.equal(groups.map((g) => g.groupId).sort());
      expect(groups.filter((g) => g.type === "Community").every((g) => Object.keys(g.topics).length === 5)).to.equal(true);
      for (const group of groups) expect(Object.keys(group.members), group.groupId).to.have.length(40);
    }, { groups: "30", membersPerGroup: "39", groupsPerBatch: "12" }));
});
