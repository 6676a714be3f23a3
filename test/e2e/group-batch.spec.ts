import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeBatch, readBatch, type BatchGroupArgs } from "pulumi-tencent-chat";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoProgram, type LocalStack } from "../../tools/lib/local-stack";
import { changes, emulatorConfig } from "../helpers/stack-config";

const T0 = 1_600_000_000;

/** What `pulumi preview --diff` prints of a line of a multi-line text: its first 150 bytes, then `...`. */
const shown = (line: string) => (line.length > 150 ? `${line.slice(0, 150)}...` : line);

/** The lines that add or remove something, trimmed: under the batch's `groups:`, the lines of its text. */
const addedOrRemoved = (output: string) =>
  output
    .split("Resources:")[0]!
    .split("\n")
    .filter((line) => /^\s*[-+] /.test(line))
    .map((line) => line.trim());

describe("ImportedGroupBatch lifecycle (real pulumi CLI, emulator over HTTP)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let local: LocalStack;
  const groups: Record<string, BatchGroupArgs> = {};
  for (let i = 0; i < 12; i++) {
    groups[`g${i}`] = {
      type: "Public",
      name: `Group ${i}`,
      ownerAccount: "alice",
      createTime: T0,
      members: { bob: { joinTime: T0 + 60 }, carol: { role: "Admin" } },
    };
  }
  groups.guild = {
    type: "Community",
    name: "Guild",
    supportTopic: true,
    createTime: T0,
    topics: { general: { topicName: "General" }, news: { topicName: "News", fromAccount: "alice" } },
  };
  // Long introductions late in a group's fields, after a long faceUrl: in version 1 of the text, a group's JSON line
  // was cut before them.
  const face = (n: number) => `https://img.example.com/groups/${n}/${"f".repeat(50)}.png`;
  const welcome = (n: number) => `Welcome to group ${n}: ${"where the team plans the week. ".repeat(6)}`.slice(0, 200);
  for (const n of [3, 7]) groups[`g${n}`] = { ...groups[`g${n}`]!, faceUrl: face(n), introduction: welcome(n) };
  const state = () => emulator.store.state.groups;
  let ids: Record<string, string> = {};

  before(async () => {
    emulator = await startEmulator({ secretKey: `batch-${randomUUID()}` });
    local = await createLocalStack({
      projectName: "e2e-batch",
      program: { programModule: repoProgram("test/e2e/programs/group-batch.js", "groupBatchProgram", () => [groups]) },
      config: emulatorConfig(emulator),
    });
  });
  after(async () => {
    await local?.dispose();
    await emulator?.close();
  });

  it("a failed group does not stop the others; the re-run finishes it without duplicates", async () => {
    // Two import_group calls answer a non-retryable error: the run fails, the ten others are in place.
    emulator.faults.configure({ rules: [{ command: "import_group", times: 2, action: { type: "error", code: 10004, info: "injected" } }] });
    let failure: unknown;
    try {
      await local.stack.up();
    } catch (error) {
      failure = error;
    }
    emulator.faults.configure({ rules: [] });
    // The engine shows each failed group with its reason.
    expect(String(failure)).to.match(/2 errors occurred/);
    expect(new Set(String(failure).match(/g\d+ \([^)]+\): import_group failed with ErrorCode 10004/g))).to.have.property("size", 2);
    expect(Object.keys(state())).to.have.length(11);
    const exported = JSON.parse(await local.cli(["stack", "export"])) as {
      deployment: { resources: { type: string; outputs?: { groupCount?: number } }[] };
    };
    const batch = exported.deployment.resources.find((r) => r.type.endsWith(":ImportedGroupBatch"))!;
    expect(batch.outputs!.groupCount).to.equal(11); // partial state: exactly what is in place

    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ update: 1 });
    ids = up.outputs.groupIds!.value as Record<string, string>;
    expect(Object.keys(state()).sort()).to.deep.equal(Object.values(ids).sort());
    expect(state()[ids.g3!]!.members).to.have.keys("alice", "bob", "carol");
    expect(state()[ids.g3!]!.members.carol!.role).to.equal("Admin");
    const guild = state()[ids.guild!]!;
    expect(
      Object.values(guild.topics)
        .map((t) => t.topicName)
        .sort(),
    ).to.deep.equal(["General", "News"]);
    expect(up.outputs.groupCount!.value).to.equal(13);
  });

  it("a no-op preview shows no changes", async () => {
    const preview = await local.stack.preview({ diff: true });
    expect(changes(preview.changeSummary), preview.stdout).to.deep.equal({});
  });

  it("adding one member shows that member as one line in `pulumi preview --diff`, and nothing else changed", async () => {
    const before = groups.g0!;
    groups.g0 = { ...before, members: { ...(before.members as Record<string, object>), dave: { joinTime: T0 + 120 } } };
    const preview = await local.stack.preview({ diff: true });
    groups.g0 = before;
    expect(changes(preview.changeSummary), preview.stdout).to.deep.equal({ update: 1 });
    // The lines that add, remove or change something, past the resource's own line and its `groups:` line: the
    // batch is one text, which the display shows as a line diff.
    const marked = preview.stdout
      .split("Resources:")[0]!
      .split("\n")
      .filter((line) => /^\s*[-+~] /.test(line));
    expect(
      marked.slice(0, 2).map((l) => l.trim()),
      preview.stdout,
    ).to.deep.equal(["~ pulumi-nodejs:dynamic/tencent-chat:ImportedGroupBatch: (update)", "~ groups:"]);
    expect(
      marked.slice(2).map((l) => l.trim()),
      preview.stdout,
    ).to.deep.equal(["+ g0 dave joined:1600000120"]);
    // And not the other groups: at most the two lines of context on each side are shown.
    expect(preview.stdout).to.not.include("Group 5");
  });

  /** Plain `pulumi preview --diff` in the project folder, as a pull request's job runs it, without colours. */
  async function plainPreviewDiff(): Promise<string> {
    writeFileSync(join(local.workDir, "program-args.json"), JSON.stringify([groups]));
    const output = await local.cli(["preview", "--diff", "--non-interactive", "--color", "never"]);
    // What a reviewer reads: the batch's text as the display shows it, context lines included.
    const shownLines = output.split("Resources:")[0]!.split("\n");
    const from = shownLines.findIndex((line) => line.trim() === "~ groups:");
    if (from >= 0)
      console.log(
        shownLines
          .slice(from)
          .map((line) => `      | ${line}`)
          .join("\n"),
      );
    return output;
  }

  it("`pulumi preview --diff` shows each changed field of a group or topic with its old and new value, and each member changed, added or removed", async () => {
    const before = structuredClone(groups);
    const renamed3 = `Welcome to group 3, ${"where the team plans the month. ".repeat(6)}`.slice(0, 200);
    const g = (key: string) => groups[key]!;
    g("g0").members = { bob: { joinTime: T0 + 60, role: "Admin" }, carol: { role: "Admin" } }; // a member's role
    g("g1").members = { bob: { joinTime: T0 + 60 }, dave: {} }; // carol removed, dave added
    g("g3").introduction = renamed3; // a long value, changed at its start
    g("g7").introduction = `${welcome(7).slice(0, 199)}!`; // a long value changed past what the diff prints of a line
    g("guild").topics = { ...g("guild").topics, news: { topicName: "Announcements", fromAccount: "alice" } }; // a topic's field
    let output: string;
    try {
      output = await plainPreviewDiff();
    } finally {
      Object.assign(groups, before);
    }
    const field = (key: string, name: string, value: unknown) => shown(`${key} .${name} ${JSON.stringify(value)}`);
    expect(addedOrRemoved(output), output).to.deep.equal([
      "- g0 bob joined:1600000060",
      "+ g0 bob Admin joined:1600000060",
      "- g1 carol Admin",
      "+ g1 dave",
      `- ${field("g3", "introduction", welcome(3))}`,
      `+ ${field("g3", "introduction", renamed3)}`,
      `- ${field("g7", "introduction", welcome(7))}`,
      `+ ${field("g7", "introduction", `${welcome(7).slice(0, 199)}!`)}`,
      '- guild #news .topicName "News"',
      '+ guild #news .topicName "Announcements"',
    ]);
  });

  it("a state recorded in the text's version 1 is no change and no call; after a `pulumi up`, a change shows as its own lines", async () => {
    type Exported = { deployment: { resources: { type: string; inputs?: { groups?: string }; outputs?: { groups?: string } }[] } };
    const exported = JSON.parse(await local.cli(["stack", "export"])) as Exported;
    const batch = exported.deployment.resources.find((r) => r.type.endsWith(":ImportedGroupBatch"))!;
    const v1 = encodeBatch(readBatch(batch.outputs!.groups!), 1);
    expect(batch.inputs!.groups!.split("\n")[0]).to.equal("@ImportedGroupBatch v2");
    batch.inputs!.groups = v1;
    batch.outputs!.groups = v1;
    const file = join(local.workDir, "..", "v1-state.json");
    writeFileSync(file, JSON.stringify(exported));
    await local.cli(["stack", "import", "--file", file]);

    const calls = () => [...emulator.counters.values()].reduce((n, c) => n + c.calls, 0);
    const callsBefore = calls();
    const unchanged = await plainPreviewDiff();
    expect(addedOrRemoved(unchanged), unchanged).to.deep.equal([]);
    expect(unchanged).to.not.include("to update");
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({});
    expect(calls() - callsBefore).to.equal(0);
    // The up recorded the program's inputs (version 2); the outputs stay as they were until the batch changes.
    const after = (JSON.parse(await local.cli(["stack", "export"])) as Exported).deployment.resources.find((r) =>
      r.type.endsWith(":ImportedGroupBatch"),
    )!;
    expect([after.inputs!.groups!.split("\n")[0], after.outputs!.groups]).to.deep.equal(["@ImportedGroupBatch v2", v1]);

    const before = groups.g2!;
    groups.g2 = { ...before, name: "Group two" };
    let output: string;
    try {
      output = await plainPreviewDiff();
    } finally {
      groups.g2 = before;
    }
    expect(addedOrRemoved(output), output).to.deep.equal(['- g2 .name "Group 2"', '+ g2 .name "Group two"']);
  });

  it("one update touches only what changed: a rename, a member, a topic, a group added and one removed", async () => {
    const callsBefore = new Map([...emulator.counters].map(([command, c]) => [command, c.calls]));
    groups.g1 = { ...groups.g1!, name: "Renamed" };
    groups.g2 = { ...groups.g2!, members: { bob: { joinTime: T0 + 60 }, carol: { role: "Admin" }, dave: {} } };
    groups.guild = { ...groups.guild!, topics: { general: { topicName: "General" } } };
    groups.extra = { type: "Private", name: "Extra", createTime: T0 };
    delete groups.g11;
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ update: 1 });
    const now = up.outputs.groupIds!.value as Record<string, string>;
    expect(state()[now.g1!]!.name).to.equal("Renamed");
    expect(state()[now.g2!]!.members).to.have.keys("alice", "bob", "carol", "dave");
    expect(Object.values(state()[now.guild!]!.topics).map((t) => t.topicName)).to.deep.equal(["General"]);
    expect(state()[now.extra!]).to.include({ name: "Extra" });
    expect(state()[ids.g11!]).to.equal(undefined);
    const calls = (command: string) => (emulator.counters.get(command)?.calls ?? 0) - (callsBefore.get(command) ?? 0);
    expect({
      import_group: calls("import_group"),
      modify_group_base_info: calls("modify_group_base_info"),
      import_group_member: calls("import_group_member"),
      destroy_topic: calls("destroy_topic"),
      destroy_group: calls("destroy_group"),
    }).to.deep.equal({ import_group: 1, modify_group_base_info: 1, import_group_member: 1, destroy_topic: 1, destroy_group: 1 });
  });

  it("a change that replaces one group deletes and re-imports that group with its members, and nothing else", async () => {
    const callsBefore = new Map([...emulator.counters].map(([command, c]) => [command, c.calls]));
    // createTime cannot be modified: the group is replaced, which the group must allow (else preview refuses it).
    groups.g6 = { ...groups.g6!, createTime: T0 - 3600, allowReplace: true };
    const up = await local.stack.up();
    expect(changes(up.summary.resourceChanges)).to.deep.equal({ update: 1 });
    const now = up.outputs.groupIds!.value as Record<string, string>;
    expect(state()[now.g6!]).to.include({ createTime: T0 - 3600 });
    expect(state()[now.g6!]!.members).to.have.keys("alice", "bob", "carol");
    const calls = (command: string) => (emulator.counters.get(command)?.calls ?? 0) - (callsBefore.get(command) ?? 0);
    expect({
      destroy_group: calls("destroy_group"),
      import_group: calls("import_group"),
      import_group_member: calls("import_group_member"),
    }).to.deep.equal({ destroy_group: 1, import_group: 1, import_group_member: 1 });
    expect(changes((await local.stack.preview()).changeSummary)).to.deep.equal({});
  });

  it("refresh shows drift made outside Pulumi, and a group deleted outside leaves the state", async () => {
    const now = (await local.stack.outputs()).groupIds!.value as Record<string, string>;
    state()[now.g4!]!.name = "Changed by hand";
    delete state()[now.g5!];
    const infoCallsBefore = emulator.counters.get("get_group_info")?.calls ?? 0;
    const refresh = await local.stack.refresh();
    expect(changes(refresh.summary.resourceChanges)).to.deep.equal({ update: 1 });
    // The batch reads its groups 50 to a call, not one call per group.
    expect((emulator.counters.get("get_group_info")?.calls ?? 0) - infoCallsBefore).to.equal(1);
    const exported = JSON.parse(await local.cli(["stack", "export"])) as {
      deployment: { resources: { type: string; outputs?: { groups?: string } }[] };
    };
    const recorded = readBatch(exported.deployment.resources.find((r) => r.type.endsWith(":ImportedGroupBatch"))!.outputs!.groups!);
    expect(recorded.g4!.name).to.equal("Changed by hand");
    expect(recorded).to.not.have.property("g5");
    // The next up puts both back as declared.
    await local.stack.up();
    expect(state()[now.g4!]!.name).to.equal("Group 4");
    expect(state()[now.g5!]).to.include({ name: "Group 5" });
  });

  it("a member who is not an account fails only that group's member import; the members that landed are recorded", async () => {
    groups.late = { type: "Public", name: "Late", createTime: T0, members: { bob: { joinTime: T0 + 60 }, erin: {} } };
    const failure = String(await local.stack.up().catch((error: unknown) => error));
    expect(failure).to.match(/late \(late-[0-9a-f]{8}\): import_group_member failed for 1 of 2 members/);
    expect(failure).to.match(/erin: not an imported account/);
    const exported = JSON.parse(await local.cli(["stack", "export"])) as {
      deployment: { resources: { type: string; outputs?: { groups?: string } }[] };
    };
    const recorded = readBatch(exported.deployment.resources.find((r) => r.type.endsWith(":ImportedGroupBatch"))!.outputs!.groups!);
    expect(Object.keys(recorded.late!.members!)).to.deep.equal(["bob"]);
    // Declared without the stranger, the next run converges and changes nothing more.
    groups.late = { ...groups.late, members: { bob: { joinTime: T0 + 60 } } };
    await local.stack.up();
    expect(changes((await local.stack.preview()).changeSummary)).to.deep.equal({});
  });

  it("destroy deletes every group of the batch", async () => {
    await local.stack.destroy();
    expect(Object.keys(state())).to.deep.equal([]);
  });
});
