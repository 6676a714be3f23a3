import { expect } from "chai";
import fc from "fast-check";
import { LIMITS, truncateUtf8 } from "../../../../provider/limits";
import { type BuilderOptions, ManifestBuilder, mappedUserId } from "../../../../provider/migration/sources/builder";
import { formatReport } from "../../../../provider/migration/sources/report";
import { validateManifest } from "../../../../provider/migration/validate";

const NOW = 1_700_000_000;
const tables = (): ManifestBuilder => new ManifestBuilder({ unfit: "problem", oversized: "problem", now: NOW });
const exported = (): ManifestBuilder => new ManifestBuilder({ unfit: "unmapped", oversized: "community", now: NOW });
const withUsers = (builder: ManifestBuilder, count: number): ManifestBuilder => {
  for (let i = 0; i < count; i += 1) builder.account(`u:${i}`, `u${i}`, {});
  return builder;
};

describe("sources/builder", () => {
  it("fits texts to their byte limits and reports each cut; refuses bad IDs, keys and duplicates", () => {
    const builder = tables();
    builder.account("u:1", "alice", { nick: "n".repeat(600), faceUrl: `https://x/${"a".repeat(600)}` });
    builder.account("u:2", "alice", {});
    builder.account("u:3", "x".repeat(33), {});
    builder.account("u:4", "bad\u00e9", {});
    builder.addGroup("g:1", { key: "eng", type: "Private", name: "群".repeat(11), introduction: "", createTime: 100 });
    builder.addGroup("g:2", { key: "eng", type: "Private", name: "again" });
    builder.addGroup("g:3", { key: "has space", type: "Private", name: "x" });
    builder.addGroup("g:4", { key: "av", type: "AVChatRoom" as never, name: "x" });
    builder.addGroup("g:5", { key: "later", type: "Public", name: "x", createTime: NOW + 1 });
    builder.addGroup("g:6", { key: "badid", type: "Public", name: "x", groupId: "@TGS#taken" });
    builder.addGroup("g:7", { key: "huge", type: "Public", name: "x", maxMemberCount: 6001 });
    builder.addGroup("g:8", { key: "topics", type: "Public", name: "x", supportTopic: true });
    const { manifest, report } = builder.finish();
    expect(manifest).to.equal(undefined);
    expect(report.adjusted.map((i) => i.source)).to.deep.equal(["u:1", "u:1", "g:1", "u:4"]);
    expect(report.adjusted[3], "both IDs Tencent cannot take are given one, in one grouped line").to.deep.include({
      count: 2,
      examples: ["u:4", "u:3"],
    });
    expect(report.adjusted[2]!.reason).to.equal(`name "${"群".repeat(11)}" is over 30 bytes; truncated to "${"群".repeat(10)}"`);
    expect(report.problems.map((i) => `${i.source} ${i.reason.split(" ").slice(0, 3).join(" ")}`)).to.deep.equal([
      "u:2 user alice is",
      "g:2 group eng is",
      'g:3 key "has space"',
      'g:4 type "AVChatRoom" is',
      "g:5 createTime must not",
      'g:6 group ID "@TGS#taken"',
      "g:7 maxMemberCount must be",
      "g:8 supportTopic is valid",
    ]);
    // The group's own rules are ImportedGroup's (groupCrossFieldRules), worded as check words them.
    expect(report.problems.slice(-2).map((i) => i.reason)).to.deep.equal([
      "maxMemberCount must be at most 6000 for Public",
      "supportTopic is valid only for Community groups",
    ]);
  });

  it("in an export, what cannot be imported as it is is given a valid ID, left out (not mapped) or imported without the custom ID", () => {
    const builder = exported();
    builder.account("u:1", "x".repeat(33), {});
    builder.account("u:2", "bob", {});
    builder.addGroup("g:1", { key: "a", type: "Private", name: "a", groupId: "same" });
    builder.addGroup("g:2", { key: "b", type: "Private", name: "b", groupId: "same" });
    builder.member("m:1", "nowhere", "bob", {});
    builder.member("m:2", "a", "ghost", {});
    const { manifest, report } = builder.finish();
    expect(report.problems).to.deep.equal([]);
    expect(report.unmapped.map((i) => i.source)).to.deep.equal(["m:1", "m:2"]);
    expect(manifest!.userIdMap).to.deep.equal({ [`${"x".repeat(19)}~${mappedUserId("x".repeat(33)).slice(-12)}`]: "x".repeat(33) });
    expect(manifest!.groups.map((g) => g.groupId)).to.deep.equal(["same", undefined]);
    expect(report.adjusted[0]).to.deep.equal({
      source: "g:2",
      reason: `group ID "same" is also a's; imported with an ID derived from its key`,
    });
  });

  it("makes an Owner member the group's owner, keeps one owner, and moves join times that are not after the creation", () => {
    for (const make of [tables, exported]) {
      const builder = withUsers(make(), 4);
      builder.addGroup("g:1", { key: "g", type: "Private", name: "g", createTime: 1000 });
      builder.member("m:1", "g", "u0", { role: "Owner", joinTime: 1000 });
      builder.member("m:2", "g", "u1", { role: "Owner" });
      builder.member("m:3", "g", "u2", { role: "Admin", joinTime: 1000 });
      builder.member("m:4", "g", "u3", { joinTime: NOW + 5 });
      builder.member("m:5", "g", "u2", {});
      const { report } = builder.finish();
      const group = builder.group("g")!;
      expect(group.ownerAccount).to.equal("u0");
      expect(report.problems.map((p) => p.source)).to.deep.equal(make === tables ? ["m:2", "m:4", "m:5"] : ["m:4", "m:5"]);
      expect(report.adjusted.map((p) => p.reason)).to.include("join time 1000 is not after g's creation 1000; set to 1001");
    }
    const builder = withUsers(exported(), 2);
    builder.addGroup("g:1", { key: "g", type: "Private", name: "g" });
    builder.member("m:1", "g", "u0", { role: "Owner" });
    builder.member("m:2", "g", "u1", { role: "Owner" });
    expect(builder.finish().manifest!.groups[0]).to.deep.include({ ownerAccount: "u0", members: { u1: { role: "Admin" } } });
  });

  it("raises maxMemberCount over the default, and turns a group over 6,000 into a Community only where the converter chose the type", () => {
    const sizes = (options: BuilderOptions) => {
      const builder = withUsers(new ManifestBuilder(options), LIMITS.maxMemberCount + 1);
      builder.addGroup("g:1", { key: "mid", type: "Private", name: "mid", groupId: "mid" });
      builder.addGroup("g:2", { key: "big", type: "Public", name: "big", groupId: "big", applyJoinOption: "FreeAccess" });
      for (let i = 0; i <= LIMITS.defaultMemberCount; i += 1) builder.member("m", "mid", `u${i}`, {});
      for (let i = 0; i <= LIMITS.maxMemberCount; i += 1) builder.member("m", "big", `u${i}`, {});
      return builder.finish();
    };
    const exportedRun = sizes({ unfit: "unmapped", oversized: "community", now: NOW });
    expect(exportedRun.manifest!.groups.map((g) => [g.type, g.groupId, g.maxMemberCount, g.applyJoinOption])).to.deep.equal([
      ["Private", "mid", 2001, undefined],
      ["Community", "@TGS#_big", undefined, undefined],
    ]);
    const tablesRun = sizes({ unfit: "problem", oversized: "problem", now: NOW });
    expect(tablesRun.manifest).to.equal(undefined);
    expect(tablesRun.report.problems).to.deep.equal([{ source: "g:2", reason: "6001 members exceed the 2000 Public group big can hold" }]);
  });

  it("takes topics only in a Community, gives it supportTopic, and checks their creators and IDs", () => {
    const builder = withUsers(tables(), 1);
    builder.addGroup("g:1", { key: "c", type: "Community", name: "c", groupId: "@TGS#_c" });
    builder.addGroup("g:2", { key: "p", type: "Private", name: "p" });
    builder.topic("t:1", "c", { key: "news", topicName: "News", fromAccount: "u0" });
    builder.topic("t:2", "c", { key: "news", topicName: "Again" });
    builder.topic("t:3", "p", { key: "x", topicName: "x" });
    builder.topic("t:4", "c", { key: "y", topicName: "y", fromAccount: "ghost" });
    builder.topic("t:5", "c", { key: "z", topicName: "z", topicId: "@TGS#_other@TOPIC#_z" });
    const { report } = builder.finish();
    // t:4 names a creator not (yet) declared: settled after every record is in.
    expect(report.problems.map((p) => p.source)).to.deep.equal(["t:2", "t:3", "t:5", "t:4"]);
    expect(builder.group("c")!.supportTopic).to.equal(true);
    expect(report.adjusted).to.deep.equal([
      { source: "g:1", reason: "c has topics: imported with supportTopic (it cannot be turned on later)" },
    ]);
  });

  it("holds UserIDs such as constructor as own keys, gives __proto__ a UserID of its own, and hands out plain objects", () => {
    const builder = exported();
    builder.account("u:1", "constructor", { nick: "odd" });
    builder.account("u:2", "__proto__", { nick: "odder" });
    builder.addGroup("g:1", { key: "g", type: "Private", name: "g" });
    builder.member("m:1", "g", "constructor", {});
    builder.member("m:2", "g", "__proto__", {});
    const { manifest, report } = builder.finish();
    const given = mappedUserId("__proto__");
    expect(given).to.match(/^__proto__~[0-9a-f]{12}$/);
    expect(Object.getPrototypeOf(manifest!.accounts)).to.equal(Object.prototype);
    expect(Object.keys(manifest!.accounts)).to.deep.equal(["constructor", given]);
    expect(Object.keys(manifest!.groups[0]!.members)).to.deep.equal(["constructor", given]);
    expect(manifest!.userIdMap).to.deep.equal({ [given]: "__proto__" });
    expect(report.unmapped).to.deep.equal([]);
    expect(report.adjusted[0]!.reason).to.include("must not be __proto__");
  });

  it("gives IDs Tencent cannot take a valid UserID everywhere they appear: a UUID without dashes, else a readable prefix and a hash, never another user's", () => {
    const uuid = "0b6c3c1e-6f0e-4c1a-9d2f-7a1e3b9c2d10";
    const squatter = "0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d11"; // a valid ID that is what the second UUID would become
    const builder = exported();
    builder.account("u:1", uuid, {});
    builder.account("u:2", "0b6c3c1e-6f0e-4c1a-9d2f-7a1e3b9c2d11", { nick: "Second" });
    builder.account("u:3", squatter, {});
    builder.account("u:4", "josé.müller@example.com", {});
    builder.account("u:5", "alice", {});
    builder.addGroup("g:1", { key: "dm", type: "Private", name: "", nameFromMembers: true, creator: uuid });
    for (const id of [uuid, "0b6c3c1e-6f0e-4c1a-9d2f-7a1e3b9c2d11", "josé.müller@example.com", squatter]) builder.member("m", "dm", id, {});
    builder.addGroup("g:2", { key: "c", type: "Community", name: "c" });
    builder.topic("t:1", "c", { key: "t", topicName: "t", fromAccount: "josé.müller@example.com" });
    const { manifest, report } = builder.finish();
    const second = mappedUserId("0b6c3c1e-6f0e-4c1a-9d2f-7a1e3b9c2d11", 1);
    const jose = mappedUserId("josé.müller@example.com");
    expect(jose, "the printable characters first, so people can still tell who it is").to.match(/^jos\.mller@example\.c~[0-9a-f]{12}$/);
    expect(Object.keys(manifest!.accounts).sort()).to.deep.equal(
      ["0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10", second, squatter, jose, "alice"].sort(),
    );
    for (const id of Object.keys(manifest!.accounts)) expect(Buffer.byteLength(id)).to.be.at.most(32);
    const dm = manifest!.groups[0]!;
    expect(dm.ownerAccount).to.equal("0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10");
    expect(Object.keys(dm.members).sort()).to.deep.equal([second, squatter, jose].sort());
    expect(dm.name, "named by its people: nicks, else the UserIDs they were given").to.equal(
      truncateUtf8(`0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10, Second, ${jose}, ${squatter}`, 30),
    );
    expect(manifest!.groups[1]!.topics[0]!.fromAccount).to.equal(jose);
    expect(Object.keys(manifest!.userIdMap!).sort()).to.deep.equal(["0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10", second, jose].sort());
    expect(report.reconciliation.users).to.deep.equal({ in: 5, mapped: 2, adjusted: 3, unmapped: 0, problems: 0 });
  });

  it("counts a record a converter adjusted itself (deactivated, archived) or the builder did (a guest) as adjusted, before or after it is taken", () => {
    const builder = exported();
    builder.account("u:1", "ann", {});
    builder.adjustedRecord("u:1", "deactivated in the source; imported", "deactivated");
    builder.adjustedRecord("g:1", "archived in the source; imported as an active group", "archived");
    builder.addGroup("g:1", { key: "g", type: "Private", name: "g" });
    builder.account("u:2", "bob", {});
    // A guest is imported as a plain account: adjusted by the builder itself once every record is in.
    builder.account("u:3", "gus", {}, { guest: true });
    builder.addGroup("g:2", { key: "h", type: "Private", name: "h" });
    const { report } = builder.finish();
    expect(report.adjusted.map((i) => [i.source, i.reason])).to.deep.include.members([
      ["u:1", "deactivated in the source; imported"],
      ["g:1", "archived in the source; imported as an active group"],
    ]);
    expect(report.adjusted.map((i) => i.source))
      .to.not.include("u:2")
      .and.not.include("g:2");
    expect(report.reconciliation.users).to.deep.equal({ in: 3, mapped: 1, adjusted: 2, unmapped: 0, problems: 0 });
    expect(report.reconciliation.groups).to.deep.equal({ in: 2, mapped: 1, adjusted: 1, unmapped: 0, problems: 0 });
  });

  it("takes records in any order: memberships and topics before their users and groups", () => {
    const builder = exported();
    builder.member("m:1", "g", "bob", { role: "Admin" });
    builder.topic("t:1", "c", { key: "t", topicName: "T", fromAccount: "bob" });
    builder.member("m:2", "g", "ghost", {});
    builder.addGroup("g:1", { key: "g", type: "Private", name: "g", creator: "alice" });
    builder.addGroup("g:2", { key: "c", type: "Community", name: "c" });
    builder.member("m:3", "g", "alice", {});
    builder.account("u:1", "bob", {});
    builder.account("u:2", "alice", {});
    const { manifest, report } = builder.finish();
    expect(manifest!.groups[0]).to.deep.include({ ownerAccount: "alice", members: { bob: { role: "Admin" } } });
    expect(manifest!.groups[1]!.topics.map((t) => t.fromAccount)).to.deep.equal(["bob"]);
    expect(report.unmapped.map((i) => [i.source, i.reason])).to.deep.equal([
      ["m:2", "user ghost is not declared; membership of g left out"],
    ]);
    expect(report.reconciliation.memberships).to.deep.equal({ in: 3, mapped: 2, adjusted: 0, unmapped: 1, problems: 0 });
  });

  it("one rule for every source: 1:1 conversations, creators who are not members, guests, empty inputs", () => {
    const builder = exported();
    for (const id of ["a", "b", "c", "g"]) builder.account(`u:${id}`, id, {}, { guest: id === "g" });
    for (let i = 0; i < 40; i += 1)
      builder.conversation("dms", `dms.json[${i}]`, `dm${i}`, [{ userId: "a" }, { userId: i % 2 ? "b" : "a" }]);
    expect(
      builder.conversation("mpims", "mpims.json[0]", "trio", [{ userId: "a" }, { userId: "b" }, { userId: "c" }, { userId: "a" }]),
    ).to.equal(true);
    builder.addGroup("g:1", { key: "room", type: "Public", name: "room", creator: "c" });
    builder.member("m:1", "room", "a", {});
    builder.member("m:2", "room", "g", {});
    builder.addGroup("g:2", { key: "space", type: "Community", name: "space" });
    builder.member("m:3", "space", "g", {});
    builder.member("m:4", "space", "a", {});
    builder.topic("t:1", "space", { key: "open", topicName: "Open" });
    const { manifest, report } = builder.finish();
    const [trio, room, space] = manifest!.groups;
    expect(trio).to.deep.include({ key: "trio", type: "Private", name: "a, b, c" });
    expect(room!.ownerAccount, "the creator is not a member: no owner").to.equal(undefined);
    expect(Object.keys(room!.members)).to.deep.equal(["a", "g"]);
    expect(Object.keys(space!.members), "a guest would read every topic of a community").to.deep.equal(["a"]);
    const oneToOne = report.unmapped.find((i) => i.reason.startsWith("a 1:1 conversation"))!;
    expect(oneToOne, "40 1:1 conversations are one line").to.deep.include({ count: 40, source: "dms.json[0]" });
    expect(oneToOne.examples).to.have.length(5);
    expect(report.unmapped.map((i) => i.source)).to.include("u:g");
    expect(report.adjusted.map((i) => i.reason)).to.include("creator c is not a member of room; imported without an owner");
    expect(report.reconciliation.dms).to.deep.equal({ in: 40, mapped: 0, adjusted: 0, unmapped: 40, problems: 0 });
    expect(formatReport("from-x", "s", report).filter((line) => line.includes("1:1"))).to.deep.equal([
      "  not mapped: 40 times: a 1:1 conversation is a C2C conversation in Tencent Chat, not a group (its messages go to the 1:1 history) (dms.json[0], dms.json[1], dms.json[2], dms.json[3], dms.json[4], and 35 more)",
    ]);
    const empty = new ManifestBuilder({ unfit: "unmapped", oversized: "community", input: "export.jsonl", now: NOW }).finish();
    expect(empty.manifest).to.equal(undefined);
    expect(empty.report.problems).to.deep.equal([
      { source: "export.jsonl", reason: "holds no records: no users, no conversations; is it the right file?" },
    ]);
  });

  it("never writes a manifest that validate refuses, whatever records come in", () => {
    const id = fc.constantFrom("a", "b", "c", "d", "x".repeat(33));
    const time = fc.option(fc.integer({ min: 0, max: NOW + 10 }), { nil: undefined });
    const record = fc.oneof(
      fc.record({ kind: fc.constant("account" as const), id, nick: fc.string({ maxLength: 600 }) }),
      fc.record({
        kind: fc.constant("group" as const),
        key: fc.constantFrom("g1", "g2", "c1"),
        type: fc.constantFrom("Private", "Public", "ChatRoom", "Community"),
        name: fc.string({ maxLength: 40 }),
        createTime: time,
        groupId: fc.option(fc.constantFrom("g1", "@TGS#_c1", "same"), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant("member" as const),
        group: fc.constantFrom("g1", "g2", "c1"),
        id,
        role: fc.constantFrom(undefined, "Owner", "Admin", "Member"),
        joinTime: time,
      }),
      fc.record({
        kind: fc.constant("topic" as const),
        group: fc.constantFrom("g1", "c1"),
        key: fc.constantFrom("t1", "t2"),
        name: fc.string({ maxLength: 40 }),
        from: fc.option(id, { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        fc.constantFrom<BuilderOptions["unfit"]>("problem", "unmapped"),
        (records, unfit) => {
          const builder = new ManifestBuilder({ unfit, oversized: unfit === "problem" ? "problem" : "community", now: NOW });
          records.forEach((r, i) => {
            const at = `r:${i}`;
            if (r.kind === "account") builder.account(at, r.id, { nick: r.nick });
            else if (r.kind === "group")
              builder.addGroup(at, {
                key: r.key,
                type: r.type as "Private",
                name: r.name,
                ...(r.createTime !== undefined ? { createTime: r.createTime } : {}),
                ...(r.groupId ? { groupId: r.groupId } : {}),
              });
            else if (r.kind === "member")
              builder.member(at, r.group, r.id, {
                ...(r.role ? { role: r.role as "Admin" } : {}),
                ...(r.joinTime !== undefined ? { joinTime: r.joinTime } : {}),
              });
            else builder.topic(at, r.group, { key: r.key, topicName: r.name, ...(r.from ? { fromAccount: r.from } : {}) });
          });
          const { manifest, report } = builder.finish();
          // The builder's own checks must catch everything: validate (run by finish) never has the last word.
          expect(
            report.problems.filter((p) => p.source.startsWith("manifest ")),
            JSON.stringify(report.problems),
          ).to.deep.equal([]);
          if (manifest) expect(validateManifest(manifest, { now: NOW }).problems).to.deep.equal([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
