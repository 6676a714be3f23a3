import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BatchGroupArgs } from "pulumi-tencent-chat";
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import type { EmulatorState } from "../../emulator/store";
import type { HistoryMessage } from "../../provider/migration/history";
import type { Manifest, ManifestGroup } from "../../provider/migration/manifest";
import { type PlanKind, type PlanSummary, planMarker } from "../../provider/migration/plan";
import { REPO_ROOT, repoProgram } from "../../tools/lib/local-stack";
import { GeneratedProject, PulumiProject } from "../../tools/lib/pulumi-project";
import { migrateCli } from "../helpers/migrate-cli";

/**
 * `tencent-chat-migrate plan` on what plain `pulumi preview --json` and `--diff` print for real project folders,
 * against the emulator over HTTP: for each kind of change, the summary's totals and exit status, then `pulumi up`
 * and the emulator's store before and after, which must differ by exactly those totals. With PLAN_RECORD_FIXTURES=1
 * each preview is also written (trimmed) to test/fixtures/preview/, where the unit spec reads it.
 */

const T0 = 1_600_000_000;
const FIXTURES = join(REPO_ROOT, "test/fixtures/preview");

/** What the emulator's store gained and lost: the reviewer's totals, counted at the other end. */
type StoreCounts = Record<PlanKind, { created: number; updated: number; deleted: number }>;

/** The difference between two copies of the emulator's store, per kind (a group's owner is not a declared member). */
function storeDifference(before: EmulatorState, after: EmulatorState): StoreCounts {
  const zero = () => ({ created: 0, updated: 0, deleted: 0 });
  const result: StoreCounts = {
    accounts: zero(),
    groups: zero(),
    members: zero(),
    topics: zero(),
    groupMessages: zero(),
    c2cMessages: zero(),
  };
  const compare = <T>(kind: PlanKind, was: Map<string, T>, now: Map<string, T>, same: (a: T, b: T) => boolean) => {
    for (const [key, value] of now) {
      const old = was.get(key);
      if (old === undefined) result[kind].created += 1;
      else if (!same(old, value)) result[kind].updated += 1;
    }
    for (const key of was.keys()) if (!now.has(key)) result[kind].deleted += 1;
  };
  const json = (value: unknown) => JSON.stringify(value);
  compare("accounts", new Map(Object.entries(before.accounts)), new Map(Object.entries(after.accounts)), (a, b) => json(a) === json(b));
  const groupFields = ({ members: _m, topics: _t, lastInfoTime: _l, ...fields }: EmulatorState["groups"][string]) => json(fields);
  compare(
    "groups",
    new Map(Object.entries(before.groups)),
    new Map(Object.entries(after.groups)),
    (a, b) => groupFields(a) === groupFields(b),
  );
  const members = (state: EmulatorState) =>
    new Map(
      Object.values(state.groups).flatMap((g) =>
        Object.values(g.members)
          .filter((m) => m.role !== "Owner")
          .map((m) => [`${g.groupId} ${m.account}`, m.role] as const),
      ),
    );
  compare("members", members(before), members(after), (a, b) => a === b);
  const topics = (state: EmulatorState) =>
    new Map(
      Object.values(state.groups).flatMap((g) => Object.values(g.topics).map((t) => [`${g.groupId} ${t.topicId}`, json(t)] as const)),
    );
  compare("topics", topics(before), topics(after), (a, b) => a === b);
  for (const groupId of new Set([...Object.keys(before.groupMessages ?? {}), ...Object.keys(after.groupMessages ?? {})])) {
    const delta = (after.groupMessages?.[groupId]?.length ?? 0) - (before.groupMessages?.[groupId]?.length ?? 0);
    if (delta > 0) result.groupMessages.created += delta;
    else result.groupMessages.deleted += Math.abs(delta);
  }
  const c2c = (state: EmulatorState) =>
    Object.values(state.c2cMessages ?? {}).reduce((sum, peers) => sum + Object.values(peers).reduce((n, list) => n + list.length, 0), 0);
  const delta = c2c(after) - c2c(before);
  if (delta > 0) result.c2cMessages.created = delta;
  else result.c2cMessages.deleted = Math.abs(delta);
  return result;
}

/** A summary's totals in the store's terms: what `up` creates, updates and deletes at Tencent. */
function expectedStoreCounts(summary: PlanSummary): StoreCounts {
  return Object.fromEntries(
    Object.entries(summary.totals).map(([kind, t]) => [kind, { created: t.created, updated: t.updated, deleted: t.deleted }]),
  ) as StoreCounts;
}

/** A preview as the fixtures keep it: every step and field Pulumi wrote, less stack traces and timestamps. */
function trimmedPreview(json: string): string {
  return JSON.stringify(
    JSON.parse(json),
    (key, value: unknown) =>
      ["stackTrace", "sourcePosition", "created", "modified", "propertyDependencies"].includes(key) ? undefined : value,
    2,
  );
}

/** What a reviewer gets for the project's current change: the summary (as JSON and as the comment) and plan's exit status. */
interface Planned {
  status: number | null;
  summary: PlanSummary;
  comment: string;
  diff: string;
}

/** Runs plain `pulumi preview --json` and `--diff`, then `tencent-chat-migrate plan` on them, as the example pipeline does. */
async function plan(cli: PulumiProject, name: string, dir: string): Promise<Planned> {
  const preview = await cli.run(["preview", "--json"], { allowFailure: true });
  const diff = (await cli.run(["preview", "--diff", "--color", "never"], { allowFailure: true })).stdout;
  const previewPath = join(dir, `${name}.json`);
  const diffPath = join(dir, `${name}.diff`);
  writeFileSync(previewPath, preview.stdout);
  writeFileSync(diffPath, diff);
  if (process.env.PLAN_RECORD_FIXTURES === "1") {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(join(FIXTURES, `${name}.json`), `${trimmedPreview(preview.stdout)}\n`);
  }
  const json = await migrateCli(["plan", previewPath, "--json"]);
  expect(json.stderr, json.stderr).to.equal("");
  const comment = await migrateCli(["plan", previewPath, "--diff", diffPath]);
  expect(comment.status, "the same exit status with or without --json").to.equal(json.status);
  return { status: json.status, summary: JSON.parse(json.stdout) as PlanSummary, comment: comment.stdout, diff };
}

/** Totals with only the given counts set, the rest zero. */
function totalsWith(counts: Partial<Record<PlanKind, Partial<StoreCounts[PlanKind]>>>): StoreCounts {
  const kinds: PlanKind[] = ["accounts", "groups", "members", "topics", "groupMessages", "c2cMessages"];
  return Object.fromEntries(kinds.map((k) => [k, { created: 0, updated: 0, deleted: 0, ...counts[k] }])) as StoreCounts;
}

function messagesOf(group: string, count: number, from = 0): HistoryMessage[] {
  return Array.from({ length: count }, (_, n) => ({
    conversation: group,
    id: `${group}-${n + from}`,
    from: n % 2 === 0 ? "ann" : "ben",
    time: T0 + 1000 + n + from,
    body: [{ type: "text" as const, text: `${group} #${n + from}` }],
  }));
}

const direct = (id: string, time: number): HistoryMessage => ({
  conversation: ["ann", "ben"],
  id,
  from: "ann",
  time,
  body: [{ type: "text", text: id }],
});

describe("tencent-chat-migrate plan on plain pulumi preview --json, batch form (root program, emulator over HTTP)", function () {
  this.timeout(900_000);
  let emulator: RunningEmulator;
  let cli: PulumiProject;
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-plan-e2e-"));
  const manifestPath = join(dir, "manifest.json");
  const historyPath = join(dir, "history.jsonl");
  const group = (key: string, type: ManifestGroup["type"], ownerAccount: string, members: ManifestGroup["members"]): ManifestGroup => ({
    key,
    groupId: type === "Community" ? `@TGS#_${key}` : key,
    type,
    name: key.toUpperCase(),
    ownerAccount,
    createTime: T0,
    members,
    topics: [],
    ...(type === "Community" ? { supportTopic: true } : {}),
  });
  // Two batches (groupsPerBatch 2): [g1, g2] and [guild, g4]. Removals are from the end, so no group moves batch.
  const manifest: Manifest = {
    accounts: { ann: { nick: "Ann" }, ben: {}, cho: {}, dan: {}, eve: {} },
    groups: [
      group("g1", "Public", "ann", { ben: {}, cho: { role: "Admin" } }),
      group("g2", "Private", "ben", { ann: {}, cho: {} }),
      {
        ...group("guild", "Community", "ann", { ben: {} }),
        topics: [
          { key: "news", topicName: "News" },
          { key: "chat", topicName: "Chat" },
        ],
      },
      group("g4", "Public", "cho", { ann: {}, dan: {} }),
    ],
  };
  let history: HistoryMessage[] = [...messagesOf("g1", 10), ...messagesOf("g4", 3), direct("dm-1", T0 + 500), direct("dm-2", T0 + 501)];
  const write = () => {
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(historyPath, history.map((m) => `${JSON.stringify(m)}\n`).join(""));
  };
  const byKey = (key: string) => manifest.groups.find((g) => g.key === key)!;
  /** `pulumi up`, and what it changed in the emulator's store. */
  const applied = async () => {
    const before = structuredClone(emulator.store.state);
    await cli.run(["up", "--yes"]);
    return storeDifference(before, emulator.store.state);
  };

  before(async () => {
    emulator = await startEmulator();
    write();
    cli = new PulumiProject(REPO_ROOT, `plan-${Date.now().toString(36)}`, { TENCENT_CHAT_HISTORY_CACHE: join(dir, "cache") });
    await cli.initAgainst(
      { url: emulator.url, ...emulator.app },
      {
        "tencent-chat-migration:manifest": manifestPath,
        "tencent-chat-migration:history": historyPath,
        "tencent-chat-migration:groupsPerBatch": "2",
      },
    );
  });
  after(async () => {
    await cli?.dispose();
    await emulator?.close();
  });

  it("the first migration: everything created, nothing to approve twice; the store gains exactly that", async () => {
    const planned = await plan(cli, "batch-create", dir);
    expect(planned.status, planned.comment).to.equal(0);
    expect(planned.comment.split("\n")[0]).to.equal(planMarker(cli.stack));
    expect(planned.comment).to.include("**Nothing is deleted or replaced at Tencent**");
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(
      totalsWith({
        accounts: { created: 5 },
        groups: { created: 4 },
        members: { created: 7 },
        topics: { created: 2 },
        groupMessages: { created: 13 },
        c2cMessages: { created: 2 },
      }),
    );
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("a field of a group: one group updated, with the field named; exit 0", async () => {
    byKey("g1").introduction = "Hello, team";
    write();
    const planned = await plan(cli, "batch-group-field", dir);
    expect(planned.status).to.equal(0);
    expect(planned.summary.totals.groups).to.include({ updated: 1 });
    expect(planned.summary.totals.groups.fields).to.deep.equal({ introduction: 1 });
    expect(planned.summary.groups[0]).to.include({ key: "g1", changes: 1 });
    expect(planned.summary.groups[0]!.fields).to.deep.equal(['introduction unset => "Hello, team"']);
    expect(planned.comment).to.match(/\| groups \| · \| 1 \(introduction 1\) \|/);
    // The comment holds the reviewer's diff too: the line that adds the new value, as pulumi printed it.
    const added = planned.diff.split("\n").find((line) => line.trimStart().startsWith("+") && line.includes("Hello, team"));
    expect(added, planned.diff).to.be.a("string");
    expect(planned.comment).to.include("<details><summary>pulumi preview --diff");
    expect(planned.comment).to.include(added!);
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("a topic's field: one topic updated; exit 0", async () => {
    byKey("guild").topics[0]!.topicName = "Headlines";
    write();
    const planned = await plan(cli, "batch-topic", dir);
    expect(planned.status).to.equal(0);
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(totalsWith({ topics: { updated: 1 } }));
    expect(planned.summary.totals.topics.fields).to.deep.equal({ topicName: 1 });
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("a member's role: one member updated; exit 0", async () => {
    byKey("g1").members.cho = {};
    write();
    const planned = await plan(cli, "batch-member-role", dir);
    expect(planned.status).to.equal(0);
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(totalsWith({ members: { updated: 1 } }));
    expect(planned.summary.groups[0]!.memberSamples).to.deep.equal(["cho role Admin => Member"]);
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("a member added and one removed: the removal is listed and needs a second approval (exit 3)", async () => {
    byKey("g1").members.dan = {};
    delete byKey("g1").members.ben;
    write();
    const planned = await plan(cli, "batch-members", dir);
    expect(planned.status).to.equal(3);
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(totalsWith({ members: { created: 1, deleted: 1 } }));
    expect(planned.summary.removals).to.deep.equal([
      { action: "deleted", kind: "members", name: "ben", group: "g1", resource: "groups-0" },
    ]);
    expect(planned.comment).to.include("- **deleted** member `ben` of group `g1` in `groups-0`: removed from the group");
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("history messages appended: group and 1:1 messages to import; exit 0", async () => {
    history = [
      ...messagesOf("g1", 14),
      ...messagesOf("g4", 3),
      direct("dm-1", T0 + 500),
      direct("dm-2", T0 + 501),
      direct("dm-3", T0 + 502),
    ];
    write();
    const planned = await plan(cli, "batch-history", dir);
    expect(planned.status).to.equal(0);
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(totalsWith({ groupMessages: { created: 4 }, c2cMessages: { created: 1 } }));
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("a group removed under deletionPolicy delete: destroyed with its members and messages, listed in full (exit 3)", async () => {
    manifest.groups = manifest.groups.filter((g) => g.key !== "g4");
    history = history.filter((m) => m.conversation !== "g4");
    write();
    const planned = await plan(cli, "batch-delete", dir);
    expect(planned.status).to.equal(3);
    expect(planned.summary.deletionPolicy).to.equal("delete");
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(
      totalsWith({ groups: { deleted: 1 }, members: { deleted: 2 }, groupMessages: { deleted: 3 } }),
    );
    expect(planned.comment).to.include(
      "- **deleted** group `g4` in `groups-1`, with 2 members, 3 messages: destroyed with its members and message history",
    );
    expect(await applied()).to.deep.equal(expectedStoreCounts(planned.summary));
  });

  it("removals under deletionPolicy retain: forgotten, left in place (exit 0); the store keeps them", async () => {
    await cli.run(["config", "set", "tencent-chat:deletionPolicy", "retain"]);
    manifest.groups = manifest.groups.filter((g) => g.key !== "guild"); // its batch goes: a resource delete
    delete byKey("g1").members.cho; // inside a batch update
    write();
    const planned = await plan(cli, "batch-retain", dir);
    expect(planned.status).to.equal(0);
    expect(planned.summary.deletionPolicy).to.equal("retain");
    expect(expectedStoreCounts(planned.summary)).to.deep.equal(totalsWith({}));
    expect(planned.summary.totals.groups.forgotten).to.equal(1);
    expect(planned.summary.totals.members.forgotten).to.equal(2); // guild's ben, g1's cho
    expect(planned.summary.totals.topics.forgotten).to.equal(2);
    expect(planned.comment).to.include("#### Forgotten, left in place at Tencent (2)");
    expect(await applied()).to.deep.equal(totalsWith({}));
    expect(emulator.store.state.groups["@TGS#_guild"]!.members).to.have.property("ben");
    expect(emulator.store.state.groups.g1!.members).to.have.property("cho");
  });
});

describe("tencent-chat-migrate plan on plain pulumi preview --json, replacements (emulator over HTTP)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-plan-replace-"));
  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await emulator?.close();
  });

  it("a batch group with allowReplace and a new createTime: replaced, with the consequence (exit 3); up destroys and imports it again", async () => {
    const cli = new GeneratedProject("plan-replace", repoProgram("test/e2e/programs/group-batch.js", "groupBatchProgram"));
    const groups: Record<string, BatchGroupArgs> = {
      team: { type: "Public", name: "Team", ownerAccount: "alice", createTime: T0, members: { bob: {}, carol: { role: "Admin" } } },
      other: { type: "Private", name: "Other", createTime: T0 },
    };
    try {
      cli.declare(groups);
      await cli.initAgainst({ url: emulator.url, ...emulator.app });
      await cli.run(["up", "--yes"]);
      groups.team = { ...groups.team!, createTime: T0 - 3600, allowReplace: true };
      cli.declare(groups);
      const planned = await plan(cli, "batch-replace", dir);
      expect(planned.status, planned.comment).to.equal(3);
      expect(planned.summary.totals.groups).to.include({ replaced: 1, updated: 0 });
      expect(planned.summary.totals.members).to.include({ replaced: 2 });
      const [removal] = planned.summary.removals;
      expect(removal).to.include({ action: "replaced", kind: "groups", name: "team", resource: "groups-0" });
      expect(removal!.reason).to.equal("createTime 1600000000 => 1599996400");
      expect(planned.comment).to.include("the group is destroyed with its members and message history, then imported again");
      const calls = (command: string) => emulator.counters.get(command)?.calls ?? 0;
      const [destroyed, imported] = [calls("destroy_group"), calls("import_group")];
      const before = structuredClone(emulator.store.state);
      await cli.run(["up", "--yes"]);
      expect(calls("destroy_group") - destroyed).to.equal(planned.summary.totals.groups.replaced);
      expect(calls("import_group") - imported).to.equal(planned.summary.totals.groups.replaced);
      // The same group, imported again with its members: in the store only its createTime differs.
      expect(storeDifference(before, emulator.store.state)).to.deep.equal(totalsWith({ groups: { updated: 1 } }));
    } finally {
      await cli.dispose();
    }
  });

  it("one resource per object: a group's createTime is a Pulumi replace, summarized the same way (exit 3)", async () => {
    const manifestPath = join(dir, "per-object.json");
    const manifest: Manifest = {
      accounts: { ann: {}, ben: {} },
      groups: [
        {
          key: "solo",
          groupId: "solo",
          type: "Public",
          name: "Solo",
          ownerAccount: "ann",
          createTime: T0,
          members: { ben: {} },
          topics: [],
        },
      ],
    };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const cli = new PulumiProject(REPO_ROOT, `plan-objects-${Date.now().toString(36)}`);
    try {
      await cli.initAgainst({ url: emulator.url, ...emulator.app }, { "tencent-chat-migration:manifest": manifestPath });
      await cli.run(["up", "--yes"]);
      manifest.groups[0]!.createTime = T0 - 60;
      manifest.groups[0]!.introduction = "Solo again";
      writeFileSync(manifestPath, JSON.stringify(manifest));
      const planned = await plan(cli, "objects-replace", dir);
      expect(planned.status, planned.comment).to.equal(3);
      expect(planned.summary.totals.groups).to.include({ replaced: 1 });
      expect(planned.summary.totals.members).to.include({ replaced: 1 }); // Pulumi replaces the member list with it
      expect(planned.summary.removals[0]).to.include({ action: "replaced", kind: "groups", name: "solo", id: "solo" });
      // Why it is replaced: the property Tencent cannot modify (Pulumi's replaceReasons), not every changed one.
      expect(planned.summary.removals[0]!.reason).to.equal("createTime 1600000000 => 1599999940");
      const destroyed = emulator.counters.get("destroy_group")?.calls ?? 0;
      await cli.run(["up", "--yes"]);
      expect((emulator.counters.get("destroy_group")?.calls ?? 0) - destroyed).to.equal(1);
      expect(emulator.store.state.groups.solo).to.include({ createTime: T0 - 60, introduction: "Solo again" });
      expect(emulator.store.state.groups.solo!.members).to.have.property("ben");
    } finally {
      await cli.dispose();
    }
  });
});
