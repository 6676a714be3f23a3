import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { LIMITS, truncateUtf8 } from "../../../../provider/limits";
import { convertStreamExport } from "../../../../provider/migration/sources/stream-chat";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;
const user = (id: string, extra: object = {}) => ({ type: "user", data: { id, ...extra } });
const channel = (type: string, id: string, createdBy: string, extra: object = {}) => ({
  type: "channel",
  data: { type, id, created_by: createdBy, ...extra },
});
const member = (channelType: string, channelId: string, userId: string, extra: object = {}) => ({
  type: "member",
  data: { channel_type: channelType, channel_id: channelId, user_id: userId, ...extra },
});
const convert = async (content: string, options = {}) =>
  convertStreamExport(join(folderWith({ "export.jsonl": content }), "export.jsonl"), { now: NOW, ...options });

describe("sources/stream-chat (from-stream)", () => {
  it("converts the example: users to accounts, channels to groups by type, roles, created_at as times, distinct channels named by their members", async () => {
    const { manifest, report } = await convertStreamExport(join(REPO_ROOT, "examples/stream-migration/export.jsonl"));
    expect(manifest!.accounts).to.deep.equal({
      alice: { nick: "Alice Martin", faceUrl: "https://cdn.example.com/a.png" },
      bob: { nick: "Bob Chen" },
      carol: { nick: "Carol Diaz" },
      dave: { nick: "Dave" },
      "li-wei": { nick: "李伟", faceUrl: "https://cdn.example.com/liwei.png" },
    });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, g.ownerAccount])).to.deep.equal([
      ["messaging.general", "Private", "general", "alice"],
      ["livestream.launch-event", "ChatRoom", "launch-event", "bob"],
      ["commerce.support-4711", "Private", "support-4711", "dave"],
      // A distinct channel is settled once every line is read: its members decide whether it is a group at all.
      ["messaging.distinct-0a12b9884ccb037a", "Private", undefined, "alice"],
    ]);
    expect(manifest!.groups[0]!.members).to.deep.equal({
      bob: { role: "Admin", joinTime: 1672737000 },
      carol: { joinTime: 1672819200 },
      dave: { joinTime: 1672905600 },
    });
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "export.jsonl:2",
      "export.jsonl:15",
      "export.jsonl:6",
      "export.jsonl:24 and 1 more",
      "export.jsonl:26",
    ]);
    expect(report.unmapped[3]!.reason).to.equal("2 message line(s): message history is not imported by this tool");
  });

  it('reads the older "item" envelope and the schema\'s channel_member type, and maps types through typeMap', async () => {
    const content = jsonl(
      { type: "user", item: { id: "a" } },
      user("b"),
      channel("livestream", "live", "a"),
      channel("support", "s1", "a"),
      channel("support", "s2", "b"),
      { type: "channel_member", data: { channel_type: "livestream", channel_id: "live", user_id: "b", is_moderator: true } },
      member("support", "s1", "b", { channel_role: "agent" }),
    );
    const { manifest, report } = await convert(content);
    expect(manifest!.groups.map((g) => g.type)).to.deep.equal(["ChatRoom", "Private", "Private"]);
    expect(manifest!.groups[0]!.members).to.deep.equal({ b: { role: "Admin" } });
    // The creators of all three channels are not members of them: one grouped line, as from-slack says it.
    expect(report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:4", "export.jsonl:7", "export.jsonl:3"]);
    expect(report.adjusted[2]).to.deep.include({
      count: 3,
      reason: "creator a is not a member of livestream.live; imported without an owner",
    });
    expect(report.adjusted[0]!.reason).to.include(
      `channel type "support" is not one of Stream's built-in types; its channels are imported as Private groups`,
    );
    const mapped = await convert(content, { typeMap: { support: "Public", livestream: "Public" } });
    expect(mapped.manifest!.groups.map((g) => [g.type, g.applyJoinOption])).to.deep.equal([
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
    ]);
    expect(mapped.report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:7", "export.jsonl:3"]);
  });

  it("reports every broken line at once with its line number, and writes no manifest", async () => {
    const content =
      jsonl(
        user("a"),
        { type: "user", data: {} },
        { data: { id: "x" } },
        { type: "user" },
        { type: "poll", data: {} },
        { type: "channel", data: { type: "messaging", id: "c" } },
        { type: "channel", data: { type: "messaging", created_by: "a" } },
        channel("messaging", "ok", "a", { created_at: "last tuesday" }),
        { type: "member", data: { channel_type: "messaging", channel_id: "ok", channel_member_ids: ["a"], user_id: "a" } },
      ) + "not json\n";
    const { manifest, report } = await convert(content);
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:2 user.id is required",
      `export.jsonl:3 has no "type"`,
      `export.jsonl:4 has no "data" object`,
      `export.jsonl:5 type "poll" is not one of this format's (user, channel, member, message, reaction, device, future_channel_ban)`,
      "export.jsonl:6 channel.created_by is required",
      "export.jsonl:7 channel needs type and exactly one of id and member_ids",
      `export.jsonl:8 created_at: "last tuesday" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
      "export.jsonl:9 member needs channel_type and exactly one of channel_id and channel_member_ids",
      `export.jsonl:10 not valid JSON: Unexpected token 'o', "not json" is not valid JSON`,
    ]);
  });

  it("turns a channel with more members than a group holds into a Community, and leaves out members of unknown users", async () => {
    const users = Array.from({ length: LIMITS.maxMemberCount + 1 }, (_, i) => user(`u${i}`));
    const members = users.map((_, i) => member("livestream", "stadium", `u${i}`));
    const { manifest, report } = await convert(
      jsonl(...users, channel("livestream", "stadium", "u0"), ...members, member("livestream", "stadium", "ghost")),
    );
    expect(manifest!.groups[0]).to.deep.include({ type: "Community", groupId: "@TGS#_stadium", ownerAccount: "u0" });
    expect(Object.keys(manifest!.groups[0]!.members)).to.have.length(LIMITS.maxMemberCount);
    expect(report.unmapped.map((i) => i.reason)).to.deep.equal(["user ghost is not declared; membership of livestream.stadium left out"]);
  });

  it("takes lines in any order: users last, as the legacy documentation example writes them, keeps memberships and owners", async () => {
    const { manifest, report } = await convert(
      jsonl(
        channel("messaging", "general", "alice", { created_at: "2023-01-01T00:00:00Z" }),
        member("messaging", "general", "alice", { created_at: "2023-01-02T00:00:00Z" }),
        member("messaging", "general", "bob", { is_moderator: true, created_at: "2023-01-03T00:00:00.52Z" }),
        user("bob"),
        user("alice", { name: "Alice" }),
      ),
    );
    expect(manifest!.groups[0]).to.deep.include({ ownerAccount: "alice", members: { bob: { role: "Admin", joinTime: 1672704000 } } });
    expect(report.unmapped).to.deep.equal([]);
    expect(report.reconciliation.memberships).to.deep.equal({ in: 2, mapped: 2, adjusted: 0, unmapped: 0, problems: 0 });
  });

  it("gives UUID user IDs (over Tencent's 32 bytes) a UserID without dashes, in accounts, members, owners and names built from members", async () => {
    const [a, b, c] = [
      "aad24491-c286-4169-bbfc-9280de419cb6",
      "6e693c74-262d-4d3d-8846-686364c571c8",
      "977e691a-c091-4e3b-8f70-ba8944a3e500",
    ];
    const { manifest, report } = await convert(
      jsonl(
        user(a, { name: "Jesse" }),
        user(b),
        user(c, { name: "Kim" }),
        channel("livestream", "circus", a, { name: "Rock'n Roll Circus" }),
        member("livestream", "circus", a, { is_moderator: true }),
        member("livestream", "circus", b),
        { type: "channel", data: { type: "messaging", member_ids: [a, b, c], created_by: a } },
      ),
    );
    const id = (uuid: string) => uuid.replaceAll("-", "");
    expect(Object.keys(manifest!.accounts).sort()).to.deep.equal([a, b, c].map(id).sort());
    expect(manifest!.groups[0]).to.deep.include({ ownerAccount: id(a), members: { [id(b)]: {} } });
    expect(manifest!.groups[1]).to.deep.include({ ownerAccount: id(a), name: truncateUtf8(`Jesse, ${id(b)}, Kim`, LIMITS.groupName) });
    expect(manifest!.userIdMap).to.deep.equal(Object.fromEntries([a, b, c].map((uuid) => [id(uuid), uuid])));
    expect(report.adjusted.find((i) => i.reason.includes("cannot be a Tencent UserID"))).to.deep.include({ count: 3 });
    expect(report.unmapped.map((i) => i.reason).join("\n")).not.to.include("not declared");
  });

  it("makes a distinct channel of its member_ids and its member lines together, named by the people it holds, each difference reported", async () => {
    const { manifest, report } = await convert(
      jsonl(
        user("userA", { name: "A" }),
        user("userB", { name: "B" }),
        user("userC", { name: "C" }),
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["userA", "userB"], user_id: "userC" } },
        { type: "channel", data: { type: "messaging", member_ids: ["userA", "userB"], created_by: "userA" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["userA", "userB"], user_id: "userA" } },
      ),
    );
    const group = manifest!.groups[0]!;
    expect(group.ownerAccount).to.equal("userA");
    expect(Object.keys(group.members).sort()).to.deep.equal(["userB", "userC"]);
    expect(group.name).to.equal("A, C, B");
    expect(report.adjusted.map((i) => i.reason)).to.include.members([
      "userB is in member_ids of messaging.distinct-2d1b5d7c1bd0fdc6 without a member line: imported as a member".replace(
        /distinct-\w+/,
        group.key.slice(10),
      ),
      "userC has a member line but is not in member_ids of messaging.distinct-2d1b5d7c1bd0fdc6: imported as a member".replace(
        /distinct-\w+/,
        group.key.slice(10),
      ),
    ]);
  });

  it("reports a 1:1 distinct channel and its member lines as a C2C conversation, as from-slack and from-mattermost do", async () => {
    const { manifest, report } = await convert(
      jsonl(
        user("a"),
        user("b"),
        { type: "channel", data: { type: "messaging", member_ids: ["a", "b"], created_by: "a" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["a", "b"], user_id: "a" } },
        { type: "member", data: { channel_type: "messaging", channel_member_ids: ["a", "b"], user_id: "b" } },
      ),
    );
    expect(manifest!.groups).to.deep.equal([]);
    expect(report.unmapped.map((i) => [i.source, i.reason, i.count])).to.deep.equal([
      ["export.jsonl:3", "a 1:1 conversation is a C2C conversation in Tencent Chat, not a group", 1],
      ["export.jsonl:4", "a member of a 1:1 conversation", 2],
    ]);
    expect(report.reconciliation.memberships).to.deep.include({ in: 2, unmapped: 2 });
  });

  it("refuses an empty file instead of writing an empty manifest", async () => {
    for (const content of ["", "\n\n"]) {
      const { manifest, report } = await convert(content);
      expect(manifest).to.equal(undefined);
      expect(report.problems.map((p) => p.reason)).to.deep.equal(["holds no records: no users, no conversations; is it the right file?"]);
    }
  });

  it("property: exports in any order, with IDs of every length and alphabet and names with emoji and CJK, are accounted for and get valid, unique UserIDs", async () => {
    const dir = folderWith({});
    const userId = fc.oneof(
      fc.uuid(),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      fc.stringMatching(/^[a-z][a-z0-9_.-]{0,40}$/),
      fc.constantFrom("__proto__", "constructor", "a", "0b6c3c1e6f0e4c1a9d2f7a1e3b9c2d10"),
    );
    const name = fc.string({ unit: "grapheme", maxLength: 24 }).map((text) => `${text}群👨‍👩‍👧🇯🇵`);
    const exportOf = fc
      .record({
        users: fc.uniqueArray(fc.record({ id: userId, name }), { selector: (u) => u.id, minLength: 1, maxLength: 12 }),
        channels: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9_-]{1,20}$/), name }), { selector: (c) => c.id, maxLength: 4 }),
        picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
        distinct: fc.array(fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 5 }), { maxLength: 3 }),
      })
      .chain((data) => {
        const lines: object[] = [
          ...data.users.map((u) => user(u.id, { name: u.name })),
          ...data.channels.map((c) => channel("messaging", c.id, data.users[0]!.id, { name: c.name })),
        ];
        const seen = new Set<string>();
        for (const [c, u, ghost] of data.picks) {
          if (data.channels.length === 0) break;
          const who = ghost ? `ghost-${u}` : data.users[u % data.users.length]!.id;
          const where = data.channels[c % data.channels.length]!.id;
          if (seen.has(`${where} ${who}`)) continue;
          seen.add(`${where} ${who}`);
          lines.push(member("messaging", where, who));
        }
        const distinctSeen = new Set<string>();
        for (const people of data.distinct) {
          const ids = [...new Set(people.map((i) => data.users[i % data.users.length]!.id))];
          // One channel per member set: a second would be the same distinct channel declared twice.
          if (distinctSeen.has([...ids].sort().join("\u0000"))) continue;
          distinctSeen.add([...ids].sort().join("\u0000"));
          lines.push({ type: "channel", data: { type: "messaging", member_ids: ids, created_by: ids[0] } });
        }
        return fc
          .shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length })
          .map((shuffled) => ({ data, lines: shuffled }));
      });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(exportOf, async ({ data, lines }) => {
        run += 1;
        const path = join(dir, `e${run}.jsonl`);
        writeFileSync(path, jsonl(...lines));
        const { manifest, report } = await convertStreamExport(path, { now: NOW });
        for (const [kind, tally] of Object.entries(report.reconciliation)) {
          expect(tally.in, `${kind} ${JSON.stringify(tally)}`).to.equal(tally.mapped + tally.adjusted + tally.unmapped + tally.problems);
        }
        expect(report.reconciliation.users!.in).to.equal(data.users.length);
        expect(report.problems, JSON.stringify(report.problems)).to.deep.equal([]);
        const ids = Object.keys(manifest!.accounts);
        expect(ids).to.have.length(data.users.length);
        for (const id of ids)
          expect(id, id)
            .to.match(/^[\x20-\x7e]{1,32}$/)
            .and.not.equal("__proto__");
        // Every source ID is one UserID, and the map says which.
        const given = new Map(Object.entries(manifest!.userIdMap ?? {}).map(([to, from]) => [from, to]));
        const mapped = data.users.map((u) => given.get(u.id) ?? u.id);
        expect(new Set(mapped).size).to.equal(data.users.length);
        expect([...mapped].sort()).to.deep.equal([...ids].sort());
        for (const group of manifest!.groups) {
          for (const memberId of [...Object.keys(group.members), ...(group.ownerAccount ? [group.ownerAccount] : [])])
            expect(ids).to.include(memberId);
          expect(Buffer.byteLength(group.name)).to.be.within(1, LIMITS.groupName);
          expect(group.name).to.not.match(/\u200d$/);
        }
      }),
      { numRuns: 120, seed: 2026 },
    );
  });
});
