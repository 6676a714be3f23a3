import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { LIMITS, truncateUtf8 } from "../../provider/limits";
import { convertMattermostExport } from "../../provider/migration/sources/mattermost";
import { convertStreamExport } from "../../provider/migration/sources/stream-chat";
import { convertTables } from "../../provider/migration/sources/tables";
import type { Conversion } from "../../provider/migration/sources/conversion";
import { convertSlackExport } from "../../provider/migration/sources/slack";
import { readProjectFile } from "../../provider/project";
import { verifyAgainst } from "../helpers/migrate-cli";
import { loadManifest } from "../../program/program";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { changeCounts, PulumiProject } from "../../tools/lib/pulumi-project";
import { differencesFromManifest } from "../../tools/verify";

/** A project of the repository, and what its `pulumi up` must have put into the emulator. */
interface ProjectCase {
  /** The folder, relative to the repository root. */
  dir: string;
  /** Stack config of the project's own namespace (`pulumi config set <key> <value>`). */
  config?: Record<string, string>;
  check(emulator: RunningEmulator, outputs: Record<string, unknown>): void | Promise<void>;
  /**
   * A converter example's conversion, run again here: its manifest is what `verify --history` compares the app
   * with, and the history the program wrote (`.tencent-chat/history.jsonl`) is read back message by message.
   */
  conversion?: () => Promise<Conversion>;
}

const slackExport = join(REPO_ROOT, "examples/slack-migration/export");
/** The fields of a Slack export's users.json entries that the migration reads. */
interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  profile: { display_name?: string; real_name?: string; image_192?: string };
}
/** The fields of a Slack export's channels.json, groups.json and mpims.json entries that the migration reads. */
interface SlackConversation {
  id: string;
  name: string;
  created: number;
  creator: string;
  members: string[];
  topic: { value: string };
  purpose: { value: string };
}
const readSlack = <T>(file: string): T[] => JSON.parse(readFileSync(join(slackExport, file), "utf8")) as T[];

const PROJECTS: ProjectCase[] = [
  {
    dir: ".", // the root migration program, with its default manifest (a path relative to the project folder)
    check: (emulator, outputs) => {
      const manifest = loadManifest(join(REPO_ROOT, "examples/manifests/sample.json")).manifest!;
      const groupIds = outputs.groupIds as Record<string, string>;
      expect(Object.keys(groupIds)).to.have.length(manifest.groups.length);
      expect(differencesFromManifest(emulator.store.state, manifest, groupIds)).to.deep.equal([]);
    },
  },
  {
    dir: "examples/quickstart",
    check: (emulator, outputs) => {
      const group = emulator.store.state.groups[outputs.groupId as string]!;
      expect(group).to.include({ name: "General 综合", ownerAccount: "alice", createTime: 1448357837 });
      expect(group.members.bob).to.include({ role: "Admin", joinTime: 1448357900 });
      expect(outputs.memberCount).to.equal(2);
      const community = emulator.store.state.groups[outputs.communityId as string]!;
      expect(community.topics[outputs.topicId as string]).to.include({ topicName: "Welcome 欢迎", fromAccount: "alice" });
    },
  },
  {
    dir: "examples/community",
    check: (emulator) => {
      const guild = emulator.store.state.groups["@TGS#_guild"]!;
      expect(Object.keys(guild.members)).to.have.length(50);
      expect(guild.members.mod2!.role).to.equal("Admin");
      expect(Object.keys(guild.topics).sort()).to.deep.equal(
        ["announcements", "general", "help", "trading"].map((t) => `@TGS#_guild@TOPIC#_${t}`),
      );
    },
  },
  {
    dir: "examples/slack-migration", // its default exportDir, ./export, resolves in the project folder
    conversion: () => convertSlackExport(slackExport),
    check: (emulator, outputs) => {
      const { accounts, groups } = emulator.store.state;
      const users = readSlack<SlackUser>("users.json");
      expect(Object.keys(accounts).sort()).to.deep.equal(users.map((u) => u.id).sort());
      for (const user of users) {
        const nick = user.profile.display_name || user.profile.real_name || user.real_name || user.name;
        expect(accounts[user.id]!.nick, user.id).to.equal(nick);
        const face = user.profile.image_192;
        expect(accounts[user.id]!.faceUrl, user.id).to.equal(face && face.length <= 500 ? face : undefined);
      }
      const conversations = [
        ...readSlack<SlackConversation>("channels.json").map((c) => ({ ...c, type: "Public" })),
        ...readSlack<SlackConversation>("groups.json").map((c) => ({ ...c, type: "Private" })),
        ...readSlack<SlackConversation>("mpims.json").map((c) => ({ ...c, type: "Private" })),
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
      expect(groups.G03MPDM!.name, "named by the people's names as Slack shows them").to.equal("alice, Bob Builder, 王伟");
      expect(outputs.notMapped).to.equal(5);
    },
  },
  {
    dir: "examples/csv-migration", // its default tablesDir, ./tables
    conversion: () => convertTables(join(REPO_ROOT, "examples/csv-migration/tables")),
    check: async (emulator, outputs) => {
      const { manifest } = await convertTables(join(REPO_ROOT, "examples/csv-migration/tables"));
      expect(differencesFromManifest(emulator.store.state, manifest!, outputs.groupIds as Record<string, string>)).to.deep.equal([]);
      // Read from the tables by hand: quoted commas and line breaks, ISO and Unix times, roles, custom fields.
      const { accounts, groups } = emulator.store.state;
      expect(Object.keys(accounts).sort()).to.deep.equal(["alice", "bob", "carol", "dave", "erin", "li.wei", "mod.sam"]);
      expect(accounts.bob!.nick).to.equal('Bob "Bobby" Chen');
      expect(groups.eng).to.include({
        type: "Private",
        ownerAccount: "alice",
        createTime: 1677661200,
        introduction: "Backend, frontend\nand mobile",
      });
      expect(groups.eng!.members.bob).to.include({ role: "Admin", joinTime: 1677664800 });
      expect(groups.random).to.include({ type: "Public", maxMemberCount: 500, applyJoinOption: "FreeAccess" });
      expect(groups["ops-oncall"]!.name).to.equal("On-call rotation for the opera");
      expect(Object.keys(groups["@TGS#_makers"]!.topics).sort()).to.have.length(2);
      expect(Object.keys(groups["@TGS#_makers"]!.members).sort()).to.deep.equal(["alice", "bob", "erin", "li.wei", "mod.sam"]);
      expect(outputs.adjusted).to.equal(1);
    },
  },
  {
    dir: "examples/stream-migration", // its default exportFile, ./export.jsonl
    conversion: () => convertStreamExport(join(REPO_ROOT, "examples/stream-migration/export.jsonl")),
    check: async (emulator, outputs) => {
      const { manifest } = await convertStreamExport(join(REPO_ROOT, "examples/stream-migration/export.jsonl"));
      expect(differencesFromManifest(emulator.store.state, manifest!, outputs.groupIds as Record<string, string>)).to.deep.equal([]);
      const { accounts, groups } = emulator.store.state;
      expect(Object.keys(accounts).sort()).to.deep.equal(["alice", "bob", "carol", "dave", "li-wei"]);
      expect(groups.general).to.include({ type: "Private", name: "General", ownerAccount: "alice", createTime: 1672736400 });
      expect(groups.general!.members.bob).to.include({ role: "Admin", joinTime: 1672737000 });
      expect(groups.general!.members["li-wei"], "an invitation not accepted is no membership").to.equal(undefined);
      expect(groups["launch-event"]).to.include({ type: "ChatRoom", ownerAccount: "bob", createTime: 1675274400 });
      const distinct = Object.values(groups).find((g) => g.name === "Alice Martin, Bob Chen, 李伟")!;
      expect(Object.keys(distinct.members).sort()).to.deep.equal(["alice", "bob", "li-wei"]);
      expect(outputs.notMapped).to.equal(4);
    },
  },
  {
    dir: "examples/mattermost-migration", // its default exportFile, ./export.jsonl
    config: { channelsAsTopics: "true" },
    conversion: () => convertMattermostExport(join(REPO_ROOT, "examples/mattermost-migration/export.jsonl"), { channelsAsTopics: true }),
    check: async (emulator, outputs) => {
      const { manifest } = await convertMattermostExport(join(REPO_ROOT, "examples/mattermost-migration/export.jsonl"), {
        channelsAsTopics: true,
      });
      expect(differencesFromManifest(emulator.store.state, manifest!, outputs.groupIds as Record<string, string>)).to.deep.equal([]);
      const { accounts, groups } = emulator.store.state;
      expect(Object.keys(accounts).sort()).to.deep.equal(["alice", "bob.k", "carol", "wang.fang"]);
      const engineering = groups["@TGS#_engineering"]!;
      expect(engineering).to.include({ type: "Community", name: "Engineering" });
      expect(
        Object.values(engineering.topics)
          .map((t) => t.topicName)
          .sort(),
      ).to.deep.equal(["Backend", "Town Square"]);
      expect(engineering.members.alice!.role).to.equal("Admin");
      expect(groups["engineering.security-reviews"]).to.include({ type: "Private" });
      expect(Object.keys(groups["ops.incidents"]!.members).sort()).to.deep.equal(["bob.k", "carol", "wang.fang"]);
      expect(groups["ops.incidents"]!.members["bob.k"]!.role).to.equal("Admin");
      expect(Object.keys(groups)).to.have.length(5);
      expect(outputs.notMapped).to.equal(5);
    },
  },
  {
    dir: "examples/large-migration",
    config: { groups: "30", membersPerGroup: "39", groupsPerBatch: "12" },
    check: (emulator, outputs) => {
      const groups = Object.values(emulator.store.state.groups);
      expect(groups).to.have.length(30);
      expect(outputs.batches).to.equal(3);
      expect(Object.values(outputs.groupIds as Record<string, string>).sort()).to.deep.equal(groups.map((g) => g.groupId).sort());
      expect(groups.filter((g) => g.type === "Community").every((g) => Object.keys(g.topics).length === 5)).to.equal(true);
      for (const group of groups) expect(Object.keys(group.members), group.groupId).to.have.length(40);
    },
  },
];

/** Every Pulumi.yaml of the repository (not in node_modules), as folders relative to the root. */
function projectFolders(dir = REPO_ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !["node_modules", ".git", "dist"].includes(entry.name)) found.push(...projectFolders(join(dir, entry.name)));
    else if (entry.name === "Pulumi.yaml") found.push(relative(REPO_ROOT, dir) || ".");
  }
  return found;
}

/** The project's name (its config namespace) and its entry file from Pulumi.yaml. */
function projectSettings(dir: string): { name: string; main: string } {
  const { name, main } = readProjectFile(join(REPO_ROOT, dir));
  const packageMain = existsSync(join(REPO_ROOT, dir, "package.json"))
    ? (JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as { main?: string }).main
    : undefined;
  return { name: String(name), main: typeof main === "string" ? main : (packageMain ?? "index.js") };
}

describe("every Pulumi project, with plain pulumi commands in its folder (language host, Pulumi.yaml, entry file)", function () {
  this.timeout(900_000);

  it("each project folder is tested below, and its entry file exists after the build", () => {
    expect(projectFolders().sort()).to.deep.equal(PROJECTS.map((p) => p.dir).sort());
    for (const { dir } of PROJECTS)
      expect(existsSync(join(REPO_ROOT, dir, projectSettings(dir).main)), `${dir}: main ${projectSettings(dir).main}`).to.equal(true);
  });

  for (const project of PROJECTS) {
    it(`${project.dir}: stack init, config set (--secret), preview --diff, up, preview --expect-no-changes, refresh, destroy`, async () => {
      const dir = join(REPO_ROOT, project.dir);
      // As the README says: `npm install` in an example's folder before its first run.
      if (project.dir !== "." && !existsSync(join(dir, "node_modules", "pulumi-tencent-chat"))) {
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
      }
      const emulator = await startEmulator();
      const { name } = projectSettings(project.dir);
      const cli = new PulumiProject(dir, `e2e-${Date.now().toString(36)}`);
      try {
        await cli.initAgainst(
          { url: emulator.url, ...emulator.app },
          Object.fromEntries(Object.entries(project.config ?? {}).map(([k, v]) => [`${name}:${k}`, v])),
        );
        // What runs this project: the CLI and the Node language host it starts (not an in-process program).
        const about = JSON.parse((await cli.run(["about", "--json"])).stdout) as {
          plugins?: { name: string; kind: string; version: string }[];
        };
        const languageHost = about.plugins?.find((p) => p.kind === "language" && p.name === "nodejs");
        console.log(
          `      ${execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim()} with language host nodejs ${languageHost?.version}`,
        );
        expect(languageHost, "pulumi about names the Node language host").to.not.equal(undefined);
        const preview = await cli.run(["preview", "--diff"]);
        expect(changeCounts(preview.stdout).create, preview.stdout).to.be.greaterThan(0);
        expect(Object.keys(emulator.store.state.groups), "a preview imports nothing").to.deep.equal([]);
        if (project.conversion) {
          // The export's conversations: a history resource per group with its count, before any message is sent.
          expect(preview.stdout, "a group history with its count").to.match(/ImportedGroupHistory[\s\S]*messageCount\s*:\s*[1-9]/);
          expect(emulator.store.state.groupMessages ?? {}).to.deep.equal({});
        }

        const up = await cli.run(["up", "--yes"]);
        expect(changeCounts(up.stdout), up.stdout).to.deep.equal({ create: changeCounts(preview.stdout).create });
        await project.check(emulator, await cli.outputs());
        if (project.conversion) {
          // The go-live audit as a user runs it: every account, group, member and message read back over HTTP.
          const { manifest } = await project.conversion();
          const scratch = mkdtempSync(join(tmpdir(), "tencent-chat-project-verify-"));
          writeFileSync(join(scratch, "manifest.json"), JSON.stringify(manifest));
          const verified = await verifyAgainst(emulator, [
            "--manifest",
            join(scratch, "manifest.json"),
            "--history",
            join(dir, ".tencent-chat/history.jsonl"),
            "--stack",
            cli.stack,
            "--project",
            name,
          ]);
          expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
          const read = /, (\d+) messages: 0 difference\(s\)/.exec(verified.stdout);
          expect(read, verified.stdout).to.not.equal(null);
          expect(Number(read![1]), "messages read back").to.be.greaterThan(0);
          rmSync(scratch, { recursive: true, force: true });
        }

        const again = await cli.run(["preview", "--diff", "--expect-no-changes"]);
        expect(changeCounts(again.stdout), again.stdout).to.deep.equal({});
        const refresh = await cli.run(["refresh", "--yes", "--expect-no-changes"]);
        expect(changeCounts(refresh.stdout), refresh.stdout).to.deep.equal({});

        const accounts = structuredClone(emulator.store.state.accounts);
        const destroy = await cli.run(["destroy", "--yes"]);
        expect(changeCounts(destroy.stdout).delete, destroy.stdout).to.equal(changeCounts(preview.stdout).create);
        expect(emulator.store.state.groups, "groups after destroy").to.deep.equal({});
        // No project declares deletionPolicy: "delete" on its accounts: they are kept (a deleted UserID is lost for 3 months).
        expect(emulator.store.state.accounts, "accounts after destroy").to.deep.equal(accounts);
      } finally {
        await cli.dispose();
        await emulator.close();
      }
    });
  }
});
