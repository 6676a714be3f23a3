import { expect } from "chai";
import { invoke } from "../../../provider/api/commands";
import { ChatApiError, ChatConflictError } from "../../../provider/api/errors";
import * as ops from "../../../provider/api/operations";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { clientFor } from "../../helpers/client";

const ids = (n: number, prefix = "m") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function withEmulator<T>(options: Parameters<typeof startEmulator>[0], body: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

const seedAccounts = (n: number) => ({ accounts: Object.fromEntries(ids(n).map((u) => [u, { userId: u }])), groups: {}, idCounter: 0 });

describe("client against the emulator: every command", () => {
  it("speaks each command with the documented field names", () =>
    withEmulator({ rateLimits: false }, async (emulator) => {
      const client = clientFor(emulator);
      await invoke(client, "account_import", { UserID: "owner", Nick: "O" });
      await invoke(client, "multiaccount_import", { AccountList: [{ UserID: "a" }, { UserID: "b" }] });
      expect((await invoke(client, "account_check", { CheckItem: [{ UserID: "a" }] })).ResultItem[0]!.AccountStatus).to.equal("Imported");
      const { GroupId } = await invoke(client, "import_group", {
        Type: "Community",
        Name: "c",
        SupportTopic: 1,
        Owner_Account: "owner",
        CreateTime: 1000,
      });
      expect(
        (await invoke(client, "import_group_member", { GroupId, MemberList: [{ Member_Account: "a", JoinTime: 2000 }] })).MemberList[0]!
          .Result,
      ).to.equal(1);
      await invoke(client, "modify_group_base_info", { GroupId, Name: "c2", MaxMemberNum: 500 });
      const info = await invoke(client, "get_group_info", { GroupIdList: [GroupId] });
      expect(info.GroupInfo[0]).to.include({ Name: "c2", MaxMemberNum: 500 });
      await invoke(client, "modify_group_member_info", { GroupId, Member_Account: "a", Role: "Admin" });
      await invoke(client, "set_unread_msg_num", { GroupId, Member_Account: "a", UnreadMsgNum: 0 });
      await invoke(client, "change_group_owner", { GroupId, NewOwner_Account: "a" });
      const members = await invoke(client, "get_group_member_info", { GroupId, Limit: 100, Next: "" });
      expect(members.MemberList.map((m) => [m.Member_Account, m.Role])).to.deep.equal([
        ["owner", "Member"],
        ["a", "Owner"],
      ]);
      await invoke(client, "delete_group_member", { GroupId, MemberToDel_Account: ["owner"], Silence: 1 });
      const { TopicId } = await invoke(client, "import_topic", { GroupId, TopicName: "t" });
      await invoke(client, "modify_topic", { GroupId, TopicId, TopicName: "t2" });
      const topic = await invoke(client, "get_topic", { GroupId, From_Account: "a", TopicIdList: [TopicId] });
      expect(topic.TopicAndSelfInfo[0]!.TopicInfo).to.include({ TopicName: "t2", GroupID: GroupId });
      expect((await invoke(client, "destroy_topic", { GroupId, TopicIdList: [TopicId] })).DestroyResultItem![0]!.ErrorCode).to.equal(0);
      await invoke(client, "destroy_group", { GroupId });
      expect((await invoke(client, "account_delete", { DeleteItem: [{ UserID: "b" }] })).ResultItem[0]!.ResultCode).to.equal(0);
      await client.close();
    }));

  it("learns import_topic's service path from a 10003 on the other one", () =>
    withEmulator({ rateLimits: false, topicImportServicePath: "million_group_open_http_svc" }, async (emulator) => {
      const client = clientFor(emulator);
      const { GroupId } = await invoke(client, "import_group", { Type: "Community", Name: "c", SupportTopic: 1 });
      await invoke(client, "import_topic", { GroupId, TopicName: "first" });
      await invoke(client, "import_topic", { GroupId, TopicName: "second" });
      expect(client.servicePath("import_topic")).to.equal("million_group_open_http_svc");
      expect(emulator.counters.get("import_topic")).to.include({ calls: 3, rejected: 1 }); // one 10003, then learned
      await client.close();
    }));

  it("reads some topics of a community in one get_topic call; a deleted topic and a vanished group are absent", () =>
    withEmulator({ rateLimits: false }, async (emulator) => {
      const client = clientFor(emulator);
      const { GroupId } = await invoke(client, "import_group", { Type: "Community", Name: "c", SupportTopic: 1 });
      const topicIds = [];
      for (const name of ["a", "b", "c"]) topicIds.push((await invoke(client, "import_topic", { GroupId, TopicName: name })).TopicId);
      await invoke(client, "destroy_topic", { GroupId, TopicIdList: [topicIds[2]!] });
      const before = emulator.counters.get("get_topic")?.calls ?? 0;
      const found = await ops.getTopics(client, GroupId, topicIds, "administrator");
      expect([...found.keys()]).to.deep.equal(topicIds.slice(0, 2));
      expect(found.get(topicIds[1]!)!.TopicName).to.equal("b");
      expect(emulator.counters.get("get_topic")!.calls - before).to.equal(1);
      expect((await ops.getTopics(client, "@TGS#_gone", topicIds, "administrator")).size).to.equal(0);
      await client.close();
    }));
});

describe("client batching", () => {
  it("imports 1,000 members in 4 calls at the default batch of 300", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(1000) }, async (emulator) => {
      const client = clientFor(emulator);
      const { GroupId } = await invoke(client, "import_group", { Type: "Public", Name: "big", MaxMemberCount: 2000, CreateTime: 1 });
      const result = await ops.importMembers(
        client,
        GroupId,
        ids(1000).map((Member_Account) => ({ Member_Account })),
        300,
      );
      expect(result.added).to.have.length(1000);
      expect(emulator.counters.get("import_group_member")).to.deep.equal({ calls: 4, rejected: 0, rateLimited: 0 });
      expect(Object.keys(emulator.store.state.groups[GroupId]!.members)).to.have.length(1000);
      await client.close();
    }));

  it("steps down through the documented sizes on 10005 when the service accepts only 20, and still imports everyone", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(1000), limits: { importMemberBatch: 20 } }, async (emulator) => {
      const client = clientFor(emulator);
      const { GroupId } = await invoke(client, "import_group", { Type: "Public", Name: "big", MaxMemberCount: 2000, CreateTime: 1 });
      const result = await ops.importMembers(
        client,
        GroupId,
        ids(1000).map((Member_Account) => ({ Member_Account })),
        300,
      );
      expect(result.added).to.have.length(1000);
      expect(result.batchSize).to.equal(20); // 300 -> 100 -> 20
      const counter = emulator.counters.get("import_group_member")!;
      expect(counter.rejected).to.equal(2); // one 10005 per step, not per batch
      expect(counter.calls).to.equal(2 + 1000 / 20);
      // The next group starts at the size the service took: no refused call.
      const second = await invoke(client, "import_group", { Type: "Public", Name: "next", MaxMemberCount: 2000, CreateTime: 1 });
      expect(
        (
          await ops.importMembers(
            client,
            second.GroupId,
            ids(40).map((Member_Account) => ({ Member_Account })),
            300,
          )
        ).batchSize,
      ).to.equal(20);
      expect(emulator.counters.get("import_group_member")!.rejected).to.equal(2);
      await client.close();
    }));

  it("after the documented sizes, halves: a service taking 7 is reached too", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(30), limits: { importMemberBatch: 7 } }, async (emulator) => {
      const client = clientFor(emulator);
      const { GroupId } = await invoke(client, "import_group", { Type: "Public", Name: "small", CreateTime: 1 });
      const result = await ops.importMembers(
        client,
        GroupId,
        ids(30).map((Member_Account) => ({ Member_Account })),
        300,
      );
      expect(result.added).to.have.length(30);
      expect(result.batchSize).to.equal(5); // 300 -> 100 -> 20 -> 10 -> 5
      expect([
        ops.smallerMemberBatch(600),
        ops.smallerMemberBatch(500),
        ops.smallerMemberBatch(300),
        ops.smallerMemberBatch(100),
        ops.smallerMemberBatch(20),
      ]).to.deep.equal([500, 300, 100, 20, 10]);
      await client.close();
    }));

  it("pages every member of a community with the Next cursor, and of a group with Offset", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(250) }, async (emulator) => {
      const client = clientFor(emulator);
      for (const type of ["Community", "Public"]) {
        const { GroupId } = await invoke(client, "import_group", { Type: type, Name: type, CreateTime: 1 });
        await ops.importMembers(
          client,
          GroupId,
          ids(250).map((Member_Account) => ({ Member_Account })),
          300,
        );
        const members = await ops.listMembers(client, GroupId, type === "Community");
        expect(members.map((m) => m.Member_Account)).to.deep.equal(ids(250));
      }
      expect(emulator.counters.get("get_group_member_info")!.calls).to.equal(3 + 1); // 100+100+50, then one page
      await client.close();
    }));

  it("reads groups 50 at a time and deletes accounts 100 at a time", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(230) }, async (emulator) => {
      const client = clientFor(emulator);
      const groupIds = await Promise.all(
        ids(120, "g").map(async (g) => (await invoke(client, "import_group", { Type: "Private", Name: g, GroupId: g })).GroupId),
      );
      const found = await ops.getGroups(client, [...groupIds, "missing"]);
      expect(found.size).to.equal(120);
      expect(emulator.counters.get("get_group_info")!.calls).to.equal(3);
      await ops.deleteAccounts(client, ids(230));
      expect(emulator.counters.get("account_delete")!.calls).to.equal(3);
      expect(emulator.store.state.accounts).to.deep.equal({});
      await client.close();
    }));
});

describe("client rate limiting and retries against the emulator", function () {
  this.timeout(60_000);

  it("holds each command's rate for 1,000 concurrent calls while the emulator enforces it: no rejections", () =>
    withEmulator({ rateLimits: true }, async (emulator) => {
      const client = clientFor(emulator);
      await Promise.all([
        ...Array.from({ length: 700 }, () => invoke(client, "get_group_info", { GroupIdList: ["x"] })),
        ...Array.from({ length: 300 }, () => invoke(client, "account_check", { CheckItem: [{ UserID: "x" }] })),
      ]);
      // The emulator refuses anything over the rate (60007): no rejection is the proof of the pacing, whatever the
      // machine's speed (the time it takes is a benchmark's business, not a test's).
      expect(emulator.counters.get("get_group_info")).to.deep.equal({ calls: 700, rejected: 0, rateLimited: 0 });
      expect(emulator.counters.get("account_check")).to.deep.equal({ calls: 300, rejected: 0, rateLimited: 0 });
      expect(client.stats.retries).to.equal(0);
      await client.close();
    }));

  it("converges through injected 10002s and connection resets, and never retries a validation error", () =>
    withEmulator({ rateLimits: false, seed: seedAccounts(600) }, async (emulator) => {
      emulator.faults.configure({
        seed: 3,
        rules: [
          { command: "*", probability: 0.25, action: { type: "error", code: 10002 } },
          { command: "get_group_info", probability: 0.15, action: { type: "reset" } },
          { command: "import_group_member", probability: 0.15, action: { type: "reset" } },
        ],
      });
      const client = clientFor(emulator, { maxRetries: 10 });
      await invoke(client, "import_group", { Type: "Public", Name: "faulty", GroupId: "faulty", CreateTime: 1 }).catch((e: unknown) => {
        if (!(e instanceof ChatConflictError)) throw e; // a retry after a fault may meet the first attempt's group
      });
      const result = await ops.importMembers(
        client,
        "faulty",
        ids(600).map((Member_Account) => ({ Member_Account })),
        100,
      );
      expect(result.failed).to.deep.equal([]);
      expect(result.added.length + result.alreadyMembers.length).to.equal(600);
      expect(Object.keys(emulator.store.state.groups.faulty!.members)).to.have.length(600);
      const found = await ops.getGroups(client, ["faulty"]);
      expect(found.get("faulty")!.MemberNum).to.equal(600);
      expect(client.stats.retries).to.be.greaterThan(0);

      emulator.faults.configure({ rules: [] });
      const before = emulator.counters.get("import_group")!.calls;
      const error = await invoke(client, "import_group", { Type: "Public", Name: "x".repeat(31) }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ChatApiError);
      expect((error as ChatApiError).errorCode).to.equal(10004);
      expect(emulator.counters.get("import_group")!.calls).to.equal(before + 1);
      await client.close();
    }));
});
