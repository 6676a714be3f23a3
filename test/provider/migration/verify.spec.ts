import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { invoke } from "../../../provider/api/commands";
import { importAccounts, importMembers } from "../../../provider/api/operations";
import type { Manifest } from "../../../provider/migration/manifest";
import { verifyMigration } from "../../../provider/migration/verify";
import { stableGroupId, stableTopicId } from "../../../provider/resources/stable-id";
import { emulatorClient } from "../../../tools/lib/local-stack";

const SCOPE = { project: "shop", stack: "prod" };

/** A manifest with a custom-ID group, a group whose ID is derived, and a topic-enabled community. */
function manifest(groups = 3): Manifest {
  const accounts: Manifest["accounts"] = { alice: { nick: "Alice" }, bob: {}, carol: { nick: "Carol" } };
  const all: Manifest["groups"] = [
    {
      key: "eng",
      type: "Private",
      name: "Engineering",
      groupId: "eng",
      ownerAccount: "alice",
      createTime: 1_600_000_000,
      members: { bob: { role: "Admin", joinTime: 1_600_000_100 }, carol: {} },
      topics: [],
    },
    { key: "lobby", type: "Public", name: "Lobby", members: { bob: {}, carol: {} }, topics: [] },
    {
      key: "hub",
      type: "Community",
      name: "Hub",
      groupId: "@TGS#_hub",
      supportTopic: true,
      members: { alice: {}, bob: {} },
      topics: [
        { key: "news", topicName: "News" },
        { key: "help", topicName: "Help", topicId: "@TGS#_hub@TOPIC#_help" },
      ],
    },
  ];
  for (let i = 3; i < groups; i += 1)
    all.push({ key: `g${i}`, type: "Private", name: `Group ${i}`, groupId: `g${i}`, members: { bob: {} }, topics: [] });
  return { accounts, groups: all };
}

/** Imports a manifest the way a plain script would (derived IDs as a batch derives them), to audit it afterwards. */
async function importByScript(emulator: RunningEmulator, m: Manifest): Promise<void> {
  const client = emulatorClient({ url: emulator.url, ...emulator.app });
  try {
    await importAccounts(
      client,
      Object.entries(m.accounts).map(([UserID, p]) => ({
        UserID,
        ...(p.nick !== undefined ? { Nick: p.nick } : {}),
        ...(p.faceUrl !== undefined ? { FaceUrl: p.faceUrl } : {}),
      })),
    );
    for (const g of m.groups) {
      const groupId = g.groupId ?? stableGroupId(g.key, g.type === "Community", SCOPE.project, SCOPE.stack);
      await invoke(client, "import_group", {
        Type: g.type,
        Name: g.name,
        GroupId: groupId,
        ...(g.ownerAccount ? { Owner_Account: g.ownerAccount } : {}),
        ...(g.createTime ? { CreateTime: g.createTime } : {}),
        ...(g.supportTopic ? { SupportTopic: 1 as const } : {}),
      });
      await importMembers(
        client,
        groupId,
        Object.entries(g.members).map(([Member_Account, s]) => ({
          Member_Account,
          ...(s.role === "Admin" ? { Role: "Admin" as const } : {}),
          ...(s.joinTime ? { JoinTime: s.joinTime } : {}),
        })),
        300,
      );
      for (const t of g.topics) {
        await invoke(client, "import_topic", {
          GroupId: groupId,
          TopicName: t.topicName,
          TopicId: t.topicId ?? stableTopicId(groupId, t.key, SCOPE.project, SCOPE.stack),
          From_Account: "alice",
        });
      }
    }
  } finally {
    await client.close();
  }
}

describe("verify: the go-live audit over the documented reads", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => emulator.close());
  const run = async (m: Manifest, extra: Partial<Parameters<typeof verifyMigration>[1]> = {}) => {
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      return await verifyMigration(m, { client, admin: "administrator", scope: SCOPE, ...extra });
    } finally {
      await client.close();
    }
  };

  it("reads everything back and finds no difference in a complete import, without touching the state", async () => {
    await importByScript(emulator, manifest());
    const before = JSON.stringify(emulator.store.state);
    const report = await run(manifest());
    expect(report.differences).to.deep.equal([]);
    expect(report.checked).to.deep.equal({ accounts: 3, groups: 3, members: 7, topics: 2, liveGroups: 3 });
    expect(JSON.stringify(emulator.store.state), "an audit changes nothing").to.equal(before);
    const reads = [...emulator.counters.keys()].sort();
    expect(reads).to.deep.equal([
      "account_check",
      "get_appid_group_list",
      "get_group_info",
      "get_group_member_info",
      "get_topic",
      "import_group",
      "import_group_member",
      "import_topic",
      "multiaccount_import",
      "portrait_get",
    ]);
  });

  it("finds each seeded missing, extra, duplicated and changed object, with counts", async () => {
    const m = manifest();
    await importByScript(emulator, m);
    const state = emulator.store.state;
    const lobby = stableGroupId("lobby", false, SCOPE.project, SCOPE.stack);
    delete state.accounts.carol; // missing account (and the memberships that name it stay)
    state.accounts.alice!.nick = "Alicia"; // changed profile
    delete state.groups.eng!.members.carol; // missing member
    state.groups.eng!.members.dave = { account: "dave", role: "Member", joinTime: 1_600_000_200, unreadMsgNum: 0 }; // extra member
    state.groups.eng!.members.bob!.role = "Member"; // changed role
    state.groups[lobby]!.name = "Hall"; // changed field
    delete state.groups["@TGS#_hub"]!.topics["@TGS#_hub@TOPIC#_help"]; // missing topic
    const copy = structuredClone(state.groups[lobby]!);
    state.groups["@TGS#2COPY"] = { ...copy, groupId: "@TGS#2COPY", name: "Lobby" }; // a duplicate, as a lost answer leaves
    state.groups.stray = { ...copy, groupId: "stray", name: "Stray", members: {} }; // extra group
    const report = await run(m);
    expect(report.differences.map((d) => `${d.kind} ${d.object} ${d.path}`).sort()).to.deep.equal([
      "differing account accounts.alice.nick",
      "differing group groups.lobby.name",
      "differing member groups.eng.members.bob.role",
      "duplicated group groups.lobby",
      "extra group groups",
      "extra member groups.eng.members.dave",
      "missing account accounts.carol",
      "missing member groups.eng.members.carol",
      "missing topic groups.hub.topics.help",
    ]);
    expect(report.counts.group).to.deep.equal({ missing: 0, extra: 1, duplicated: 1, differing: 1, "out-of-order": 0 });
    expect(report.counts.member).to.deep.equal({ missing: 1, extra: 1, duplicated: 0, differing: 1, "out-of-order": 0 });
    const renamed = report.differences.find((d) => d.path === "groups.lobby.name")!;
    expect(renamed.detail).to.equal(`"Hall" instead of "Lobby"`);
  });

  it("finds a group missing altogether, and says why when a derived ID cannot be computed", async () => {
    const m = manifest();
    await importByScript(emulator, { ...m, groups: m.groups.filter((g) => g.key !== "eng") });
    const report = await run(m);
    expect(report.differences.map((d) => `${d.kind} ${d.path}: ${d.detail}`)).to.deep.equal(["missing groups.eng: no group eng"]);
    const unscoped = await run(m, { scope: undefined });
    expect(unscoped.differences.find((d) => d.path === "groups.lobby")?.detail).to.match(/give --stack \(and --project\)/);
  });

  it("resumes from its progress file: groups verified before a stop are not read again", async () => {
    const m = manifest(12);
    await importByScript(emulator, m);
    const progressPath = join(mkdtempSync(join(tmpdir(), "verify-")), "progress.json");
    // A read that keeps failing stops the audit part-way (seeded, so it stops at the same group every run).
    emulator.faults.configure({
      seed: 2,
      rules: [{ command: "get_group_member_info", probability: 0.3, action: { type: "error", code: 10004 } }],
    });
    let stopped = false;
    try {
      await run(m, { progressPath, chunkSize: 2 });
    } catch {
      stopped = true;
    }
    expect(stopped, "the seeded fault stops the first audit").to.equal(true);
    emulator.faults.configure({ rules: [] });
    const readsBefore = emulator.counters.get("get_group_member_info")!.calls;
    const resumed = await run(m, { progressPath, chunkSize: 2 });
    expect(resumed.resumedGroups).to.be.within(2, 11);
    expect(emulator.counters.get("get_group_member_info")!.calls - readsBefore).to.equal(12 - resumed.resumedGroups);
    expect(resumed.differences).to.deep.equal([]);
    expect(resumed.checked.groups).to.equal(12);
  });
});
