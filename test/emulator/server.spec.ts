import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/server";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { rawCall } from "../helpers/emulator";

describe("emulator server", () => {
  it("enforces per-command rates with HTTP 200 and 60007, per command", async () => {
    const emulator = await startEmulator({ rateLimits: { get_group_info: 5 } });
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 12 }, () => rawCall(emulator, "get_group_info", { GroupIdList: ["x"] })));
      const seconds = (performance.now() - started) / 1000;
      const limited = answers.filter((a) => a.json.ErrorCode === 60007);
      expect(answers.every((a) => a.status === 200)).to.equal(true);
      // A bucket of 5 refilling at 5/s: of 12 at once, 5 pass plus one per 200 ms the burst took to arrive (bounded
      // by the burst's measured length, not a guessed window, so a loaded machine cannot fail it; the bucket itself
      // is pinned with a fixed clock in rate-limit.spec).
      const passed = answers.length - limited.length;
      expect(passed)
        .to.be.at.least(5)
        .and.at.most(Math.min(12, 5 + Math.ceil(seconds * 5)));
      expect(emulator.counters.get("get_group_info")).to.include({ calls: 12, rateLimited: limited.length });
      // Another command has its own bucket.
      expect((await rawCall(emulator, "account_check", { CheckItem: [{ UserID: "a" }] })).json.ActionStatus).to.equal("OK");
    } finally {
      await emulator.close();
    }
  });

  it("adds the configured latency to every answer", async () => {
    const emulator = await startEmulator({ latencyMs: 120 });
    try {
      const started = performance.now();
      await rawCall(emulator, "get_group_info", { GroupIdList: ["x"] });
      expect(performance.now() - started).to.be.at.least(115);
    } finally {
      await emulator.close();
    }
  });

  it("comes back from its state file with everything it held", async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), "emu-state-")), "state.json");
    const first = await startEmulator({ statePath, port: 0 });
    await rawCall(first, "multiaccount_import", { AccountList: [{ UserID: "keep", Nick: "K" }] });
    await rawCall(first, "import_group", {
      Type: "Community",
      Name: "社区",
      GroupId: "@TGS#_keep",
      SupportTopic: 1,
      Owner_Account: "keep",
      CreateTime: 1000,
    });
    await rawCall(first, "import_topic", { GroupId: "@TGS#_keep", TopicName: "t" });
    const before = first.store.snapshot();
    await first.close();
    expect(JSON.parse(readFileSync(statePath, "utf8"))).to.deep.equal(before);

    const second = await startEmulator({ statePath });
    try {
      expect(second.store.snapshot()).to.deep.equal(before);
      // Server-assigned IDs keep counting, so an ID is never reused after a restart.
      const next = await rawCall(second, "import_group", { Type: "Private", Name: "new" });
      expect(Object.keys(before.groups)).to.not.include(next.json.GroupId);
    } finally {
      await second.close();
    }
  });

  it("seeds, dumps and resets through the admin interface; rejects a malformed seed", async () => {
    const emulator = await startEmulator();
    try {
      const seed = { accounts: { s: { userId: "s" } }, groups: {}, idCounter: 3 };
      const put = await fetch(`${emulator.url}/__emulator/state`, { method: "PUT", body: JSON.stringify(seed) });
      expect(put.status).to.equal(200);
      expect(await (await fetch(`${emulator.url}/__emulator/state`)).json()).to.deep.equal(seed);
      const bad = await fetch(`${emulator.url}/__emulator/state`, {
        method: "PUT",
        body: JSON.stringify({ accounts: { s: { userId: 5 } } }),
      });
      expect(bad.status).to.equal(400);
      expect(String(((await bad.json()) as { error: string[] }).error)).to.match(/accounts\.s\.userId/);
      const notJson = await fetch(`${emulator.url}/__emulator/state`, { method: "PUT", body: "{not json" });
      expect(notJson.status).to.equal(400);
      const badFaults = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: "[" });
      expect(badFaults.status).to.equal(400);
      expect(emulator.store.state).to.deep.equal(seed); // refused requests change nothing
      await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" });
      expect(emulator.store.state.accounts).to.deep.equal({});
    } finally {
      await emulator.close();
    }
  });

  it("injects faults by rule, reproducibly for a seed, and counts them", async () => {
    const run = async () => {
      const emulator = await startEmulator({ rateLimits: false });
      try {
        const response = await fetch(`${emulator.url}/__emulator/faults`, {
          method: "POST",
          body: JSON.stringify({
            seed: 42,
            rules: [{ command: "get_group_info", probability: 0.3, action: { type: "error", code: 10002 } }],
          }),
        });
        expect(response.status).to.equal(200);
        const codes: number[] = [];
        for (let i = 0; i < 40; i++)
          codes.push((await rawCall(emulator, "get_group_info", { GroupIdList: ["x"] })).json.ErrorCode as number);
        const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { faults: Record<string, number> };
        expect(stats.faults["get_group_info:error:10002"]).to.equal(codes.filter((c) => c === 10002).length);
        return codes;
      } finally {
        await emulator.close();
      }
    };
    const first = await run();
    expect(first.filter((c) => c === 10002).length).to.be.within(5, 20);
    expect(await run()).to.deep.equal(first);
  });

  it("resets the connection before processing, leaving nothing changed", async () => {
    const emulator = await startEmulator();
    try {
      emulator.faults.configure({ rules: [{ command: "import_group", action: { type: "reset" } }] });
      const error = await rawCall(emulator, "import_group", { Type: "Public", Name: "never" }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
      expect(emulator.store.state.groups).to.deep.equal({});
    } finally {
      await emulator.close();
    }
  });
});

describe("tencent-chat-emulator CLI", () => {
  it("starts from the shell with --port 0 and the app's settings, prints its URL, and serves", async () => {
    const seed = join(mkdtempSync(join(tmpdir(), "emu-seed-")), "seed.json");
    writeFileSync(seed, JSON.stringify({ accounts: { seeded: { userId: "seeded" } } }));
    const child = spawn(process.execPath, [
      join(REPO_ROOT, "dist/emulator/cli.js"),
      "--port",
      "0",
      "--sdkappid",
      "1400000042",
      "--secret-key",
      "cli-key",
      "--admin",
      "boss",
      "--seed",
      seed,
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.on("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const emulator = { url, app: { sdkAppId: 1400000042, secretKey: "cli-key", admins: ["boss"] } } as Parameters<typeof rawCall>[0];
      const check = await rawCall(emulator, "account_check", { CheckItem: [{ UserID: "seeded" }] }, { identifier: "boss" });
      expect((check.json.ResultItem as { AccountStatus: string }[])[0]!.AccountStatus).to.equal("Imported");
      expect((await rawCall(emulator, "account_check", { CheckItem: [] }, { identifier: "administrator" })).json.ErrorCode).to.equal(60010);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses a bad flag value with a clear message", async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist/emulator/cli.js"), "--port", "99999"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).to.equal(2);
    expect(stderr).to.match(/--port must be a whole number from 0 to 65535, got "99999"/);
  });
});
