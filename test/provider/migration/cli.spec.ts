import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../../../emulator/server";
import { REPO_ROOT } from "../../../tools/lib/local-stack";
import { folderWith } from "./sources/temp-files";

const CLI = join(REPO_ROOT, "dist/provider/migration/cli.js");
const migrate = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const migrateAsync = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    // Asynchronous: the emulator answering it runs in this process.
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });

describe("tencent-chat-migrate from-csv, from-stream, from-mattermost, verify", function () {
  this.timeout(60_000);

  it("from-csv on broken tables: exit 1, every problem by file and line on stderr and in --report, no manifest written", () => {
    const dir = folderWith({
      "users.csv": 'user_id\nalice\n\n" "\n',
      "groups.csv": "key,type,name\ng,Private,G\ng,Public,Again\n",
      "members.csv": "group_key,user_id\ng,bob\n",
    });
    const out = join(dir, "manifest.json");
    const result = migrate("from-csv", dir, "-o", out, "--report", join(dir, "report.json"));
    expect(result.status).to.equal(1);
    expect(existsSync(out)).to.equal(false);
    expect(result.stderr.trimEnd().split("\n").at(-1), "nothing at -o: no warning about an old manifest").to.not.include("earlier run");
    expect(result.stderr).to.include("from-csv: no manifest written; 0 adjusted, 0 not mapped, 3 problem(s)");
    expect(result.stderr).to.include("  problem: users.csv:4: user_id: is required");
    expect(result.stderr).to.include("  problem: groups.csv:3: group g is declared twice (first at groups.csv:2)");
    expect(result.stderr).to.include("  problem: members.csv:2: user bob is not declared; membership of g left out");
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).counts).to.deep.equal({ adjusted: 0, unmapped: 0, problems: 3 });
    // Yesterday's manifest at the same path: left as it was, and the last line says it is not this conversion.
    writeFileSync(out, '{"accounts":{},"groups":[]}\n');
    const again = migrate("from-csv", dir, "-o", out);
    expect(again.status).to.equal(1);
    expect(readFileSync(out, "utf8")).to.equal('{"accounts":{},"groups":[]}\n');
    expect(again.stderr.trimEnd().split("\n").at(-1)).to.equal(
      `from-csv: ${out} is left from an earlier run and is NOT this input's conversion; do not apply it`,
    );
  });

  it("from-csv writes a manifest that validate passes, and shows progress on a long table", () => {
    const dir = folderWith({ "users.csv": `user_id\n${Array.from({ length: 2500 }, (_, i) => `u${i}`).join("\n")}\n` });
    const groups = Array.from({ length: 100 }, (_, g) => `g${g},Private,Group ${g}`);
    writeFileSync(join(dir, "groups.csv"), `key,type,name\n${groups.join("\n")}\n`);
    const members: string[] = [];
    for (let g = 0; g < 100; g += 1) for (let m = 0; m < 2500; m += 1) members.push(`g${g},u${m}`);
    writeFileSync(join(dir, "members.csv"), `group_key,user_id\n${members.join("\n")}\n`);
    const out = join(dir, "manifest.json");
    const result = migrate("from-csv", dir, "-o", out);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/from-csv: members\.csv: 100,000 records read \(\d+%\)/);
    expect(result.stderr).to.include("from-csv: members.csv: 250,000 records read (100%)");
    expect(result.stderr).to.include("from-csv: 2500 accounts, 100 groups, 250000 members, 0 topics; 100 adjusted");
    expect(result.stderr).to.not.include("users.csv: 2,500 records", "a short file finishes without a progress line");
    const validated = migrate("validate", out);
    expect(validated.status, validated.stdout).to.equal(0);
    expect(validated.stdout).to.include("2500 accounts, 100 groups (100 Private), 250000 members");
  });

  it("from-stream checks --type-map, and from-mattermost takes --channels-as-topics", () => {
    const bad = migrate("from-stream", join(REPO_ROOT, "examples/stream-migration/export.jsonl"), "--type-map", "messaging=Huddle");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.equal(
      `tencent-chat-migrate: --type-map: "messaging=Huddle" is not <channel type>=<Private|Public|ChatRoom|Community>\n`,
    );
    const mapped = migrate("from-stream", join(REPO_ROOT, "examples/stream-migration/export.jsonl"), "--type-map", "messaging=Public");
    expect(mapped.status, mapped.stderr).to.equal(0);
    expect((JSON.parse(mapped.stdout) as { groups: { type: string }[] }).groups.map((g) => g.type)).to.deep.equal([
      "Public",
      "ChatRoom",
      "Private",
      "Public",
    ]);
    const topics = migrate("from-mattermost", join(REPO_ROOT, "examples/mattermost-migration/export.jsonl"), "--channels-as-topics");
    expect(topics.status, topics.stderr).to.equal(0);
    const manifest = JSON.parse(topics.stdout) as { groups: { key: string; topics: unknown[] }[] };
    expect(manifest.groups.find((g) => g.key === "team.engineering")!.topics).to.have.length(2);
    // Tencent documents no import of a topic's messages: the posts of channels taken as topics are said, grouped.
    expect(topics.stderr).to.match(/not mapped: 2 times: .*topic/);
  });

  it("verify: exit 0 with no difference, exit 1 listing each one with counts and --report; the key only from the environment", async () => {
    const secretKey = `verify-key-${Date.now()}`;
    const member = (account: string, role: "Owner" | "Member") => ({ account, role, joinTime: 1_600_000_001, unreadMsgNum: 0 });
    const emulator = await startEmulator({
      secretKey,
      seed: {
        accounts: { alice: { userId: "alice", nick: "Alice" }, bob: { userId: "bob" } },
        groups: {
          eng: {
            groupId: "eng",
            type: "Private",
            name: "Eng",
            createTime: 1_600_000_000,
            maxMemberCount: 2000,
            supportTopic: false,
            applyJoinOption: "NeedPermission",
            appDefinedData: {},
            ownerAccount: "alice",
            members: { alice: member("alice", "Owner"), bob: member("bob", "Member") },
            topics: {},
          },
        },
        idCounter: 0,
      },
    });
    try {
      const dir = folderWith({
        "m.json": JSON.stringify({
          accounts: { alice: { nick: "Alice" }, bob: {} },
          groups: [{ key: "eng", type: "Private", name: "Eng", groupId: "eng", ownerAccount: "alice", members: { bob: {} } }],
        }),
      });
      const args = ["verify", "--manifest", join(dir, "m.json"), "--endpoint", emulator.url, "--sdkappid", String(emulator.app.sdkAppId)];
      const clean = await migrateAsync({ TENCENT_CHAT_SECRET_KEY: secretKey }, ...args);
      expect(clean.status, clean.stderr).to.equal(0);
      expect(clean.stdout).to.include("verify: read 2 accounts, 1 groups (the app holds 1), 2 members, 0 topics: 0 difference(s)");
      expect(clean.stderr).to.include("verify: accounts: 2 read, 0 difference(s)");
      delete emulator.store.state.groups.eng!.members.bob;
      emulator.store.state.groups.eng!.name = "Engineering";
      const changed = await migrateAsync({ TENCENT_CHAT_SECRET_KEY: secretKey }, ...args, "--report", join(dir, "audit.json"));
      expect(changed.status).to.equal(1);
      expect(changed.stdout).to.include("  groups: 1 differing");
      expect(changed.stdout).to.include("  members: 1 missing");
      expect(changed.stdout).to.include(`  differing groups.eng.name: "Engineering" instead of "Eng"`);
      expect(JSON.parse(readFileSync(join(dir, "audit.json"), "utf8")).differences).to.have.length(2);
      const noKey = await migrateAsync({ TENCENT_CHAT_SECRET_KEY: "" }, ...args);
      expect(noKey.status).to.equal(2);
      expect(noKey.stderr).to.include("tencent-chat:secretKey (or TENCENT_CHAT_SECRET_KEY)");
      for (const output of [clean, changed, noKey]) expect(output.stdout + output.stderr).to.not.include(secretKey);
    } finally {
      await emulator.close();
    }
  });

  it("refuses a number flag that is not one, naming the flag, instead of going on with NaN", () => {
    const sample = join(REPO_ROOT, "examples/manifests/sample.json");
    for (const [args, message] of [
      [["validate", sample, "--member-batch-size", "abc"], `--member-batch-size must be a whole number from 1 to 500, got "abc"`],
      [["generate", "--groups", "abc", "--members", "5"], `--groups must be a whole number from 1 up, got "abc"`],
      [
        ["generate", "--groups", "2", "--members", "5", "--community-share", "1.5"],
        `--community-share must be a number from 0 to 1, got "1.5"`,
      ],
    ] as const) {
      const result = migrate(...args);
      expect(result.status, args.join(" ")).to.equal(2);
      expect(result.stderr).to.equal(`tencent-chat-migrate: ${message}\n`);
    }
    expect(migrate("validate", sample, "--member-batch-size", "20").status).to.equal(0);
  });
});
