import { expect } from "chai";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_MAX_LENGTH,
  type PlanSummary,
  type PreviewDigest,
  parsePreview,
  planExitCode,
  planMarker,
  sameJson,
  summarizePreview,
  writePlanMarkdown,
} from "../../../provider/migration/plan";
import { encodeAccounts } from "../../../provider/resources/accounts/accounts-text";
import { encodeBatch } from "../../../provider/resources/batch/batch-text";
import { canonicalJson } from "../../../provider/resources/diff";
import { REPO_ROOT } from "../../../tools/lib/local-stack";

/**
 * plan on previews recorded from real runs (test/fixtures/preview/, written by test/e2e/plan.spec.ts with
 * PLAN_RECORD_FIXTURES=1: plain `pulumi preview --json` of the root program against the emulator), and on previews
 * derived from them for what a run against the emulator does not show (a production target, an adopted account).
 */

const FIXTURES = join(REPO_ROOT, "test/fixtures/preview");
const fixture = (name: string): PreviewDigest => parsePreview(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const summarize = (digest: PreviewDigest, env: NodeJS.ProcessEnv = {}) => summarizePreview(digest, { env });

/** The non-zero counts of a summary, e.g. `{ "groups.deleted": 1 }`, fields aside. */
function counts(summary: PlanSummary): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [kind, totals] of Object.entries(summary.totals))
    for (const [action, n] of Object.entries(totals)) if (typeof n === "number" && n > 0) found[`${kind}.${action}`] = n;
  return found;
}

const BATCH = "pulumi-nodejs:dynamic/tencent-chat:ImportedGroupBatch";
const ACCOUNTS = "pulumi-nodejs:dynamic/tencent-chat:ImportedAccounts";
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;

/** A preview of one resource's step, in the shape Pulumi writes. */
function oneStep(
  op: string,
  type: string,
  name: string,
  old: { inputs: Record<string, unknown>; outputs?: Record<string, unknown>; retainOnDelete?: boolean } | undefined,
  next: Record<string, unknown> | undefined,
  config: Record<string, string> = { "tencent-chat:endpoint": "http://127.0.0.1:8081" },
): PreviewDigest {
  const at = urn(type, name);
  return {
    config,
    steps: [
      {
        op,
        urn: at,
        ...(old
          ? { oldState: { urn: at, type, inputs: old.inputs, outputs: old.outputs ?? old.inputs, retainOnDelete: old.retainOnDelete } }
          : {}),
        ...(next ? { newState: { urn: at, type, inputs: next } } : {}),
      },
    ],
    changeSummary: { [op]: 1 },
  };
}

describe("tencent-chat-migrate plan: reading pulumi preview --json", () => {
  it("refuses what is not a preview, saying why", () => {
    expect(() => parsePreview("Previewing update (dev):")).to.throw(/not the JSON of `pulumi preview --json`/);
    expect(() => parsePreview('{"steps": {"op": "same"}}')).to.throw(/steps: /);
    expect(() => parsePreview('{"steps": [{"urn": "x"}]}')).to.throw(/steps\.0\.op/);
  });

  it("a preview with no steps (an empty stack) is an empty plan", () => {
    const summary = summarize(parsePreview('{"config": {}, "changeSummary": {}}'));
    expect(counts(summary)).to.deep.equal({});
    expect(planExitCode(summary)).to.equal(0);
  });

  it("a failed preview (the program threw) has no plan: exit 2 and the error, nothing counted", () => {
    const failed = parsePreview(
      JSON.stringify({
        steps: [],
        diagnostics: [
          { message: "error: the migration manifest has 1 problem(s):\n  groups[1].name: must not be empty", severity: "error" },
        ],
      }),
    );
    const summary = summarize(failed);
    expect(planExitCode(summary)).to.equal(2);
    const markdown = writePlanMarkdown(summary);
    expect(markdown).to.include("**The preview failed: there is no plan to approve.**");
    expect(markdown).to.include("groups[1].name: must not be empty");
  });
});

describe("tencent-chat-migrate plan: recorded previews of real runs", () => {
  const cases: { name: string; exit: number; counts: Record<string, number> }[] = [
    {
      name: "batch-create",
      exit: 0,
      counts: {
        "accounts.created": 5,
        "groups.created": 4,
        "members.created": 7,
        "topics.created": 2,
        "groupMessages.created": 13,
        "c2cMessages.created": 2,
      },
    },
    { name: "batch-group-field", exit: 0, counts: { "groups.updated": 1 } },
    { name: "batch-topic", exit: 0, counts: { "topics.updated": 1 } },
    { name: "batch-member-role", exit: 0, counts: { "members.updated": 1 } },
    { name: "batch-members", exit: 3, counts: { "members.created": 1, "members.deleted": 1 } },
    { name: "batch-history", exit: 0, counts: { "groupMessages.created": 4, "c2cMessages.created": 1 } },
    { name: "batch-delete", exit: 3, counts: { "groups.deleted": 1, "members.deleted": 2, "groupMessages.deleted": 3 } },
    { name: "batch-retain", exit: 0, counts: { "groups.forgotten": 1, "members.forgotten": 2, "topics.forgotten": 2 } },
    { name: "batch-replace", exit: 3, counts: { "groups.replaced": 1, "members.replaced": 2 } },
    // Pulumi replaces the member list with its group (replaced delete-first, as its GroupId is fixed).
    { name: "objects-replace", exit: 3, counts: { "groups.replaced": 1, "members.replaced": 1 } },
  ];
  for (const { name, exit, counts: expected } of cases) {
    it(`${name}: ${JSON.stringify(expected)}, exit ${exit}`, () => {
      const summary = summarize(fixture(name));
      expect(counts(summary)).to.deep.equal(expected);
      expect(planExitCode(summary)).to.equal(exit);
      expect(summary.errors).to.deep.equal([]);
    });
  }

  it("every fixture is a preview Pulumi wrote: its steps, states and change counts", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).to.deep.equal(cases.map((c) => c.name).sort());
    for (const file of files) {
      const digest = fixture(file.replace(/\.json$/, ""));
      expect(digest.steps!.length, file).to.be.greaterThan(0);
      expect(digest.steps![0]!.urn, file).to.match(/^urn:pulumi:[^:]+::[^:]+::pulumi:pulumi:Stack::/);
      expect(Object.keys(digest.changeSummary ?? {}), file).to.not.deep.equal([]);
    }
  });

  it("names the field of a changed group, old and new, and lists that group first", () => {
    const summary = summarize(fixture("batch-group-field"));
    expect(summary.totals.groups.fields).to.deep.equal({ introduction: 1 });
    expect(summary.groups).to.have.length(1);
    expect(summary.groups[0]).to.include({ key: "g1", groupId: "g1", resource: "groups-0", changes: 1 });
    expect(summary.groups[0]!.fields).to.deep.equal(['introduction unset => "Hello, team"']);
  });

  it("a deleted group is one line with its members and messages, never folded into a collapsed block", () => {
    const summary = summarize(fixture("batch-delete"));
    const markdown = writePlanMarkdown(summary, { diff: "  ~ groups: ...\n" });
    const line = "- **deleted** group `g4` in `groups-1`, with 2 members, 3 messages: destroyed with its members and message history";
    expect(markdown).to.include(line);
    expect(markdown.indexOf(line)).to.be.lessThan(markdown.indexOf("<details>"));
    expect(markdown).to.include("a second approval is required");
  });

  it("under retain, removals are forgotten with the reason, and the verdict is no deletion", () => {
    const summary = summarize(fixture("batch-retain"));
    expect(summary.deletionPolicy).to.equal("retain");
    expect(summary.removals.map((r) => [r.action, r.kind, r.name, r.reason])).to.deep.equal([
      ["forgotten", "members", "cho", "tencent-chat:deletionPolicy is retain"],
      ["forgotten", "groups", "guild", "tencent-chat:deletionPolicy is retain"],
    ]);
    expect(writePlanMarkdown(summary)).to.include("**Nothing is deleted or replaced at Tencent**");
  });

  it("a replacement inside a batch names the property Tencent cannot modify and the consequence", () => {
    const summary = summarize(fixture("batch-replace"));
    expect(summary.removals).to.have.length(1);
    expect(summary.removals[0]).to.include({
      action: "replaced",
      kind: "groups",
      name: "team",
      reason: "createTime 1600000000 => 1599996400",
    });
    expect(writePlanMarkdown(summary)).to.include(
      "the group is destroyed with its members and message history, then imported again (createTime 1600000000 => 1599996400)",
    );
  });

  it("the same preview under the production defaults (a region, no deletionPolicy) only forgets", () => {
    const digest = fixture("batch-delete");
    const { "tencent-chat:endpoint": _endpoint, ...config } = digest.config ?? {};
    const production = { ...digest, config: { ...config, "tencent-chat:region": "singapore" } };
    const summary = summarize(production);
    expect(summary.deletionPolicy).to.equal("retain");
    expect(counts(summary)).to.deep.equal({ "groups.forgotten": 1, "members.forgotten": 2, "groupMessages.forgotten": 3 });
    expect(summary.removals[0]!.reason).to.equal("a production app keeps data unless tencent-chat:deletionPolicy is delete");
    expect(planExitCode(summary)).to.equal(0);
  });

  it("TENCENT_CHAT_DELETION_POLICY backs the stack's config, as for the provider", () => {
    expect(summarize(fixture("batch-delete"), { TENCENT_CHAT_DELETION_POLICY: "retain" }).deletionPolicy).to.equal("retain");
  });
});

describe("tencent-chat-migrate plan: kinds the recorded runs do not cover", () => {
  it("accounts: removed ones are deleted only when ImportedAccounts declares deletionPolicy delete, and never an adopted one", () => {
    const before = encodeAccounts({ ann: {}, ben: {}, cho: { nick: "Cho" }, dan: {} });
    const after = encodeAccounts({ ann: {}, cho: { nick: "Cho Li" }, eve: {} });
    const step = (deletionPolicy?: string) =>
      oneStep(
        "update",
        ACCOUNTS,
        "accounts",
        { inputs: { accounts: before }, outputs: { accounts: before, adoptedAccounts: ["dan"] } },
        { accounts: after, ...(deletionPolicy ? { deletionPolicy } : {}) },
      );
    const declared = summarize(step("delete"));
    expect(counts(declared)).to.deep.equal({
      "accounts.created": 1,
      "accounts.updated": 1,
      "accounts.deleted": 1,
      "accounts.forgotten": 1,
    });
    expect(declared.totals.accounts.fields).to.deep.equal({ nick: 1 });
    expect(declared.removals.map((r) => [r.name, r.action, r.reason])).to.deep.equal([
      ["ben", "deleted", undefined],
      ["dan", "forgotten", "the account existed before this stack imported it"],
    ]);
    const undeclared = summarize(step());
    expect(undeclared.removals.map((r) => r.action)).to.deep.equal(["forgotten", "forgotten"]);
    expect(undeclared.removals[0]!.reason).to.equal('ImportedAccounts does not declare deletionPolicy: "delete"');
  });

  it("members: a new join time is a removal and an import again (listed); an owner is never removed", () => {
    const group = { type: "Public", name: "Team", groupId: "team", ownerAccount: "ann", createTime: 1_600_000_000 };
    const before = encodeBatch({ team: { ...group, members: { ann: "", ben: "joined:1600000100", cho: "Admin" } } as never });
    const after = encodeBatch({ team: { ...group, members: { ben: "joined:1600000200", cho: "Admin unread:4" } } as never });
    const summary = summarize(oneStep("update", BATCH, "groups-0", { inputs: { groups: before } }, { groups: after }));
    expect(counts(summary)).to.deep.equal({ "members.replaced": 1, "members.updated": 1 });
    expect(summary.removals).to.deep.equal([
      {
        action: "replaced",
        kind: "members",
        name: "ben",
        group: "team",
        resource: "groups-0",
        reason: "joinTime 1600000100 => 1600000200",
      },
    ]);
    expect(summary.groups[0]!.memberSamples).to.deep.equal(["cho unread unset => 4"]);
  });

  it("a group that moves between batches (one removed before it) is said to be destroyed, not kept", () => {
    const group = (name: string) => ({ type: "Public", name, groupId: name, createTime: 1_600_000_000 });
    const first = oneStep(
      "update",
      BATCH,
      "groups-0",
      { inputs: { groups: encodeBatch({ g1: group("g1") } as never) } },
      { groups: encodeBatch({ g1: group("g1"), g3: group("g3") } as never) },
    );
    const second = oneStep(
      "update",
      BATCH,
      "groups-1",
      { inputs: { groups: encodeBatch({ g3: group("g3") } as never) } },
      { groups: encodeBatch({} as never) },
    );
    const summary = summarize({ ...first, steps: [...first.steps!, ...second.steps!] });
    expect(counts(summary)).to.deep.equal({ "groups.created": 1, "groups.deleted": 1 });
    expect(planExitCode(summary)).to.equal(3);
    expect(summary.notes).to.deep.equal([
      "group g3 (g3) moves from groups-1 to groups-0: groups-1 destroys it (with its members and message history) while groups-0 imports it, so it is not kept",
    ]);
  });

  it("values a preview does not know yet are said, not counted as nothing", () => {
    const summary = summarize(oneStep("create", BATCH, "groups-0", undefined, { groups: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }));
    expect(counts(summary)).to.deep.equal({});
    expect(summary.notes).to.deep.equal(["groups-0: its groups are not known until `pulumi up` runs, so they are not counted"]);
  });

  it("a state written before the batch text (the groups as a map) reads as well", () => {
    const groups = { team: { type: "Public", name: "Team", groupId: "team", members: { ben: "" } } };
    const summary = summarize(
      oneStep("update", BATCH, "groups-0", { inputs: { groups }, outputs: { groups } }, { groups: encodeBatch(groups as never) }),
    );
    expect(counts(summary)).to.deep.equal({});
  });

  it("1:1 history: appended messages are to import, a conversation no longer declared is forgotten with its messages", () => {
    const type = "pulumi-nodejs:dynamic/tencent-chat:ImportedC2CHistory";
    const hash = "0".repeat(32);
    const summary = summarize(
      oneStep(
        "update",
        type,
        "c2c-history",
        {
          inputs: { historyFile: "h.jsonl", conversations: { "ann|ben": { hash, messages: 3 }, "ann|cho": { hash, messages: 5 } } },
          outputs: {
            historyFile: "h.jsonl",
            conversations: { "ann|ben": { hash, messages: 3 }, "ann|cho": { hash, messages: 5 } },
            imported: { "ann|ben": 3, "ann|cho": 5 },
            importedHashes: {},
            refused: [],
          },
        },
        { historyFile: "h.jsonl", conversations: { "ann|ben": { hash, messages: 7 } } },
      ),
    );
    expect(counts(summary)).to.deep.equal({ "c2cMessages.created": 4, "c2cMessages.forgotten": 5 });
    expect(planExitCode(summary)).to.equal(0);
  });
});

describe("tencent-chat-migrate plan: the comment", () => {
  /** A preview that removes `members` members from one group of a batch. */
  const massRemoval = (members: number) => {
    const group = { type: "Public", name: "Big", groupId: "big", ownerAccount: "owner", createTime: 1_600_000_000 };
    const all = Object.fromEntries(Array.from({ length: members }, (_, i) => [`user${String(i).padStart(7, "0")}`, ""]));
    return oneStep(
      "update",
      BATCH,
      "groups-0",
      { inputs: { groups: encodeBatch({ big: { ...group, members: all } } as never) } },
      { groups: encodeBatch({ big: { ...group, members: {} } } as never) },
    );
  };

  it("starts with the stack's marker, so a pipeline updates its own comment for that stack", () => {
    const markdown = writePlanMarkdown(summarize(fixture("batch-group-field")));
    expect(markdown.split("\n")[0]).to.match(/^<!-- tencent-chat-migrate plan stack=plan-[a-z0-9]+ -->$/);
    expect(planMarker("production")).to.equal("<!-- tencent-chat-migrate plan stack=production -->");
  });

  it("20,000 members removed: every one is a line until the cap, then '… and N more'; the comment fits", () => {
    const summary = summarize(massRemoval(20_000));
    expect(summary.totals.members.deleted).to.equal(20_000);
    const markdown = writePlanMarkdown(summary);
    expect(markdown.length).to.be.at.most(DEFAULT_MAX_LENGTH);
    const listed = markdown.split("\n").filter((l) => l.startsWith("- **deleted** member")).length;
    const more = Number(/- … and ([\d,]+) more deleted or replaced/.exec(markdown)![1]!.replace(/,/g, ""));
    expect(listed + more).to.equal(20_000);
    expect(listed).to.be.greaterThan(100);
    expect(
      writePlanMarkdown(summary, { maxLength: 0 })
        .split("\n")
        .filter((l) => l.startsWith("- **deleted** member")),
    ).to.have.length(20_000);
  });

  it("never exceeds the cap, whatever the numbers of removals, groups and diff lines", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 2_000, max: 70_000 }),
        (members, diffLines, max) => {
          const summary = summarize(massRemoval(members));
          const diff = Array.from({ length: diffLines }, (_, i) => `  - big user${i}`).join("\n");
          const markdown = writePlanMarkdown(summary, { maxLength: max, diff });
          expect(markdown.length).to.be.at.most(max);
          expect(markdown).to.include("| members |");
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the diff goes in a collapsed block, without terminal colours, fenced past any backticks it holds", () => {
    const diff = "\u001b[32m+ team dan\u001b[0m\n  ```weird```\n";
    const markdown = writePlanMarkdown(summarize(fixture("batch-members")), { diff });
    expect(markdown).to.include("<details><summary>pulumi preview --diff (2 lines)</summary>");
    expect(markdown).to.include("````diff\n+ team dan\n  ```weird```\n````");
  });

  it("a UserID with Markdown's characters cannot break a line or a table cell", () => {
    const group = { type: "Public", name: "Team", groupId: "team", createTime: 1_600_000_000 };
    const summary = summarize(
      oneStep(
        "update",
        BATCH,
        "groups-0",
        { inputs: { groups: encodeBatch({ team: { ...group, members: { "a|b`c": "" } } } as never) } },
        { groups: encodeBatch({ team: { ...group, members: { "x|*y*": "" } } } as never) },
      ),
    );
    const markdown = writePlanMarkdown(summary);
    expect(markdown).to.include("- **deleted** member `` a|b`c `` of group `team` in `groups-0`: removed from the group");
    const row = markdown.split("\n").find((l) => l.startsWith("| `team` |"))!;
    expect(row.replace(/\\\|/g, "").split("|")).to.have.length(5);
  });

  it("the CLI: reads standard input, writes --out, exits 3 for a deletion and 2 for what is not a preview", () => {
    const cli = join(REPO_ROOT, "dist/provider/migration/cli.js");
    const run = (args: string[], input: string) => spawnSync(process.execPath, [cli, "plan", ...args], { input, encoding: "utf8" });
    const deletion = run(["-"], readFileSync(join(FIXTURES, "batch-delete.json"), "utf8"));
    expect(deletion.status).to.equal(3);
    expect(deletion.stdout).to.include("#### Deleted or replaced (1)");
    const nothing = run(["--json"], readFileSync(join(FIXTURES, "batch-topic.json"), "utf8"));
    expect(nothing.status).to.equal(0);
    expect((JSON.parse(nothing.stdout) as PlanSummary).totals.topics.updated).to.equal(1);
    const bad = run([], "Previewing update (dev):\n");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/^tencent-chat-migrate: not the JSON of `pulumi preview --json`/);
    expect(run(["--max-length", "100"], "{}").stderr).to.include("--max-length must be 0 (no limit) or at least 2000");
  });
});

describe("tencent-chat-migrate plan: sameJson", () => {
  it("is canonicalJson's equality, without sorting", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).to.equal(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).to.equal(true);
      }),
      { numRuns: 300 },
    );
  });
});
