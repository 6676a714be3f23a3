import { expect } from "chai";
import { batchProvider } from "../../../../provider/resources/batch/provider";
import { encodeBatch, readBatch, type BatchGroups } from "../../../../provider/resources/batch/batch-text";
import { withDerivedIds } from "../../../../provider/resources/batch/resource";
import { UNKNOWN_VALUE } from "../../../../provider/resources/check";
import { itNamesEachProblem } from "../../../helpers/check-cases";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";
import { startEmulator } from "../../../../emulator/server";
import { importAccounts } from "../../../../provider/api/operations";
import { emulatorContext } from "../../../helpers/emulator-context";
import { recordDeclaredGroups } from "../../../../provider/resources/batch/declared-groups";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const provider = batchProvider(OFFLINE_CONTEXT);
const NOW = Math.floor(Date.now() / 1000);
const team = { type: "Public", name: "Team", groupId: "team-1", createTime: 1000, members: { bob: "joined:1001", carol: "Admin" } };
const guild = {
  type: "Community",
  name: "Guild",
  groupId: "@TGS#_guild",
  supportTopic: true,
  topics: { general: { topicName: "General", topicId: "@TGS#_guild@TOPIC#_general" } },
};

/** Inputs as the resource registers them: the groups as one text. */
const asText = (groups: Record<string, unknown>) => ({ groups: encodeBatch(groups as BatchGroups) });

describe("ImportedGroupBatch check", () => {
  itNamesEachProblem(
    provider,
    (
      [
        ["a group name over 30 bytes", { groups: { team: { ...team, name: "群".repeat(11) } } }, "groups.team.name", /30 bytes/],
        [
          "a join time before the group's createTime",
          { groups: { team: { ...team, members: { bob: "joined:999" } } } },
          "groups.team.members.bob.joinTime",
          /after the group's createTime 1000/,
        ],
        [
          "a member string with an unknown token",
          { groups: { team: { ...team, members: { bob: "Owner" } } } },
          "groups.team.members.bob",
          /"Owner" is not Admin, Member, joined:<unix seconds> or unread:<count>/,
        ],
        [
          "a member of another form",
          { groups: { team: { ...team, members: { bob: "role=Admin" } } } },
          "groups.team.members.bob",
          /"role=Admin" is not Admin, Member/,
        ],
        [
          "topics on a group that is not a Community",
          { groups: { team: { ...team, topics: guild.topics } } },
          "groups.team.topics",
          /Community with supportTopic/,
        ],
        [
          "a topic ID outside its group",
          { groups: { guild: { ...guild, topics: { general: { topicName: "G", topicId: "@TGS#_other@TOPIC#_x" } } } } },
          "groups.guild.topics.general.topicId",
          /@TGS#_guild@TOPIC#_/,
        ],
        [
          "a topic created in the future",
          { groups: { guild: { ...guild, topics: { general: { ...guild.topics.general, createTime: NOW + 3600 } } } } },
          "groups.guild.topics.general.createTime",
          /future/,
        ],
        ["a bad group key", { groups: { "a b": team } }, "groups.a b", /A-Z a-z 0-9/],
        ["an AVChatRoom", { groups: { team: { ...team, type: "AVChatRoom" } } }, "groups.team.type", /cannot be imported/],
        ["a Community ID without its prefix", { groups: { guild: { ...guild, groupId: "guild" } } }, "groups.guild.groupId", /@TGS#_/],
      ] as const
    ).map(([what, inputs, property, reason]) => [what, asText(inputs.groups), property, reason]),
  );

  it("names the lines of a text that do not read, and a map where the text belongs", async () => {
    const { failures } = await provider.check!({}, { groups: ["@ImportedGroupBatch v1", "lost carol"].join("\n") });
    expect(failures).to.deep.equal([
      { property: "groups.lost", reason: "members or topics of group lost, which has no `lost {...}` line" },
    ]);
    expect((await provider.check!({}, { groups: { team } })).failures![0]).to.deep.include({ property: "groups" });
  });

  it("does not read again the text it passed before it was applied, and reads any change", async () => {
    const applied = ["@ImportedGroupBatch v1", 'team {"groupId":"team-1","name":"Team","type":"Public"}', "team __proto__"].join("\n");
    expect((await provider.check!({ groups: applied }, { groups: applied })).failures).to.deep.equal([]);
    expect((await provider.check!({ groups: applied }, { groups: `${applied}\nteam bob` })).failures).to.have.length(1);
  });

  it("does not read again groups applied in the text's earlier version, and reads any change", async () => {
    const applied = ["@ImportedGroupBatch v1", 'team {"groupId":"team-1","name":"Team","type":"Public"}', "team __proto__"].join("\n");
    const same = encodeBatch(readBatch(applied));
    expect(same.split("\n")[0]).to.equal("@ImportedGroupBatch v2");
    expect((await provider.check!({ groups: applied }, { groups: same })).failures).to.deep.equal([]);
    expect((await provider.check!({ groups: applied }, { groups: `${same}\nteam bob` })).failures).to.have.length(1);
  });

  it("accepts valid groups, and leaves preview-unknown values alone", async () => {
    expect((await provider.check!({}, asText({ team, guild }))).failures).to.deep.equal([]);
    expect((await provider.check!({}, { groups: UNKNOWN_VALUE })).failures).to.deep.equal([]);
  });

  it("refuses more than 2,000 groups in one batch, naming the limit", async () => {
    const groups = Object.fromEntries(
      Array.from({ length: 2001 }, (_, i) => [`g${i}`, { type: "Private", name: `G${i}`, groupId: `g-${i}` }]),
    );
    const { failures } = await provider.check!({}, asText(groups));
    expect(failures).to.deep.include({ property: "groups", reason: "at most 2000 groups per batch" });
  });
});

describe("ImportedGroupBatch diff", () => {
  const olds = { ...asText({ team, guild }), groupCount: 2 };
  it("no change when the groups are the same, whatever their key order, also against an older state's map", async () => {
    expect(await provider.diff!("b", olds, asText({ guild, team }))).to.deep.include({ changes: false, replaces: [] });
    const before = { groups: { team, guild } as BatchGroups, groupCount: 2 };
    expect(await provider.diff!("b", before, asText({ guild, team }))).to.deep.include({ changes: false, replaces: [] });
  });
  it("no change for a state recorded in the text's version 1: the groups are compared, not their format", async () => {
    const v1 = { groups: encodeBatch({ team, guild } as BatchGroups, 1), groupCount: 2 };
    expect(v1.groups.split("\n")[0]).to.equal("@ImportedGroupBatch v1");
    expect(await provider.diff!("b", v1, asText({ guild, team }))).to.deep.include({ changes: false, replaces: [] });
    expect(await provider.diff!("b", v1, asText({ guild, team: { ...team, introduction: "Hello" } }))).to.deep.include({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("b", v1, asText({ guild, team: { ...team, members: { bob: "joined:1001" } } }))).to.deep.include({
      changes: true,
    });
  });
  it("a change inside one group, even one that replaces that group, updates the batch and never replaces it", async () => {
    expect(await provider.diff!("b", olds, asText({ team: { ...team, name: "Team 2" }, guild }))).to.deep.include({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("b", olds, asText({ team: { ...team, type: "Private" }, guild }))).to.deep.include({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("b", olds, asText({ team }))).to.deep.include({ changes: true, replaces: [] });
  });
});

describe("withDerivedIds", () => {
  it("derives group IDs from keys as ImportedGroup does from names, and topic IDs inside their group", () => {
    const groups = withDerivedIds(
      {
        team: { type: "Public", name: "T", members: { bob: { joinTime: 5, role: "Admin" }, carol: {}, dave: "joined:7  Member" } },
        guild: { type: "Community", name: "G", supportTopic: true, topics: { general: { topicName: "General" } } },
        fixed: { type: "Private", name: "F", groupId: "fixed-1" },
      },
      "p",
      "s",
    );
    expect(groups.team!.groupId).to.match(/^team-[0-9a-f]{8}$/);
    expect(groups.guild!.groupId).to.match(/^@TGS#_guild-[0-9a-f]{8}$/);
    expect(groups.guild!.topics!.general!.topicId).to.match(
      new RegExp(`^${groups.guild!.groupId.replace(/[$^]/g, "\\$&")}@TOPIC#_general-[0-9a-f]{8}$`),
    );
    expect(groups.fixed!.groupId).to.equal("fixed-1");
    // Members are stored as one canonical string each, whichever form was declared.
    expect(groups.team!.members).to.deep.equal({ bob: "Admin joined:5", carol: "", dave: "Member joined:7" });
    // Another stack of the same program gets other IDs, so two stacks never collide.
    expect(withDerivedIds({ team: { type: "Public", name: "T" } }, "p", "other").team!.groupId).to.not.equal(groups.team!.groupId);
  });
});

describe("ImportedGroupBatch read", () => {
  it("keeps the version of the recorded text, so a refresh of a state recorded in version 1 shows drift only", async () => {
    const emulator = await startEmulator();
    try {
      const context = emulatorContext(emulator);
      await importAccounts(
        context.client(),
        ["owner", "bob", "carol"].map((UserID) => ({ UserID })),
      );
      const groups = { g: { type: "Public", name: "G", groupId: "g-1", ownerAccount: "owner", members: { bob: "", carol: "Admin" } } };
      const { id, outs } = await batchProvider(context).create(asText(groups));
      const v1 = encodeBatch(readBatch(outs!.groups), 1);
      const read = await batchProvider(context).read(id, { ...outs!, groups: v1 });
      expect(read.props!.groups).to.equal(v1);
      emulator.store.state.groups["g-1"]!.name = "Renamed";
      const drift = await batchProvider(context).read(id, { ...outs!, groups: v1 });
      expect((drift.props!.groups as string).split("\n")).to.deep.equal(v1.replace('"name":"G"', '"name":"Renamed"').split("\n"));
    } finally {
      await emulator.close();
    }
  });

  it("reads two batches at once in one process, the others after them, each with its own groups", async () => {
    const emulator = await startEmulator();
    try {
      const context = emulatorContext(emulator);
      await importAccounts(
        context.client(),
        ["owner", "bob", "carol"].map((UserID) => ({ UserID })),
      );
      const writer = batchProvider(context);
      const created = [];
      for (const n of [1, 2, 3]) {
        const groups = {
          [`g${n}`]: { type: "Public", name: `G${n}`, groupId: `g-${n}`, ownerAccount: "owner", members: { bob: "", carol: "Admin" } },
        };
        created.push(await writer.create(asText(groups)));
      }
      // A read asks for its client first; counting those requests counts the reads under way.
      let readsStarted = 0;
      const counting = {
        ...context,
        client: () => {
          readsStarted++;
          return context.client();
        },
      };
      const reader = batchProvider(counting);
      const reads = created.map(({ id, outs }) => reader.read(id, outs));
      await new Promise((resolve) => setImmediate(resolve));
      expect(readsStarted).to.equal(2);
      const results = await Promise.all(reads);
      expect(readsStarted).to.equal(3);
      expect(results.map((r) => r.props?.groups)).to.deep.equal(created.map((c) => c.outs?.groups));
    } finally {
      await emulator.close();
    }
  });

  it("a group that left this batch for another of the same run is forgotten here, not destroyed; one removed from the migration is destroyed", async () => {
    const emulator = await startEmulator();
    const saved = process.env.TENCENT_CHAT_STATE_CACHE;
    process.env.TENCENT_CHAT_STATE_CACHE = mkdtempSync(join(tmpdir(), "declared-groups-"));
    try {
      const context = { ...emulatorContext(emulator), stack: () => "rehearsal" };
      await importAccounts(context.client(), [{ UserID: "owner" }]);
      const batch = batchProvider(context);
      const group = (n: number) => ({ type: "Public", name: `G${n}`, groupId: `g-${n}`, ownerAccount: "owner" });
      const created = await batch.create(asText({ g1: group(1), g2: group(2), g3: group(3) }));
      // This run declares g-2 in another batch (a group earlier in the manifest was removed), and g-3 nowhere.
      recordDeclaredGroups("rehearsal", ["g-1", "g-2"]);
      const updated = await batch.update!(created.id, created.outs!, asText({ g1: group(1) }));
      expect(Object.keys(readBatch(updated.outs!.groups as string))).to.deep.equal(["g1"]);
      expect(Object.keys(emulator.store.state.groups).sort(), "g-2 stays for the batch it moved to").to.deep.equal(["g-1", "g-2"]);
    } finally {
      if (saved === undefined) delete process.env.TENCENT_CHAT_STATE_CACHE;
      else process.env.TENCENT_CHAT_STATE_CACHE = saved;
      await emulator.close();
    }
  });
});
