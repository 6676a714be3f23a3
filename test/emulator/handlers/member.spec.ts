import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";
import { seedAccounts, seedGroup, type SeedGroupType } from "../../helpers/seed";
import { groupHistory } from "../message-fixtures";

const NOW = 1_700_000_000;
const CREATED = 1_600_000_000;
const accounts = seedAccounts(["owner", "a", "b", "c", "d"]);
const group = (groupId: string, type: SeedGroupType) => seedGroup(groupId, CREATED, "owner", { type });

describe("emulator member commands", () => {
  const emulator = useEmulator({
    now: () => NOW,
    limits: { importMemberBatch: 3 },
    seed: {
      accounts,
      groups: { g: group("g", "Public"), room: group("room", "ChatRoom"), "@TGS#_c": group("@TGS#_c", "Community") },
      idCounter: 0,
      // Ten messages each: unread counts are clamped to them.
      groupMessages: { g: groupHistory(10), room: groupHistory(10), "@TGS#_c": groupHistory(10) },
    },
  });
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);
  const members = (groupId: string) => emulator.get().store.state.groups[groupId]!.members;

  it("import_group_member answers Result 1 added, 2 already a member, 0 failed (not imported / JoinTime outside)", async () => {
    const json = await call("import_group_member", {
      GroupId: "g",
      MemberList: [
        { Member_Account: "a", Role: "Admin", JoinTime: CREATED + 1, UnreadMsgNum: 50 },
        { Member_Account: "owner" },
        { Member_Account: "ghost" },
      ],
    });
    expect(json.MemberList).to.deep.equal([
      { Member_Account: "a", Result: 1 },
      { Member_Account: "owner", Result: 2 },
      { Member_Account: "ghost", Result: 0 },
    ]);
    // "If it is larger than the group's message count, it is clamped to that count."
    expect(members("g").a).to.deep.equal({ account: "a", role: "Admin", joinTime: CREATED + 1, unreadMsgNum: 10 });
    const times = await call("import_group_member", {
      GroupId: "g",
      MemberList: [
        { Member_Account: "b", JoinTime: CREATED },
        { Member_Account: "c", JoinTime: NOW + 1 },
      ],
    });
    // "JoinTime must be later than the group's creation time and earlier than now"
    expect((times.MemberList as { Result: number }[]).map((m) => m.Result)).to.deep.equal([0, 0]);
  });

  const rejects: [string, string, unknown, number][] = [
    [
      "more members than the batch limit (10005)",
      "import_group_member",
      { GroupId: "g", MemberList: ["a", "b", "c", "d"].map((m) => ({ Member_Account: m })) },
      10005,
    ],
    ["an empty MemberList", "import_group_member", { GroupId: "g", MemberList: [] }, 10004],
    ["Role other than Admin", "import_group_member", { GroupId: "g", MemberList: [{ Member_Account: "b", Role: "Owner" }] }, 10004],
    ["a group that does not exist", "import_group_member", { GroupId: "nope", MemberList: [{ Member_Account: "b" }] }, 10010],
    ["Offset on a community", "get_group_member_info", { GroupId: "@TGS#_c", Offset: 0 }, 10004],
    ["Limit over 100 on a community", "get_group_member_info", { GroupId: "@TGS#_c", Limit: 101 }, 10004],
    ["removing the owner", "delete_group_member", { GroupId: "g", MemberToDel_Account: ["owner"] }, 10004],
    [
      "over 100 accounts to delete",
      "delete_group_member",
      { GroupId: "g", MemberToDel_Account: Array.from({ length: 101 }, (_, i) => `u${i}`) },
      10005,
    ],
    ["changing the owner's role", "modify_group_member_info", { GroupId: "g", Member_Account: "owner", Role: "Admin" }, 10004],
    ["a new owner who is not a member", "change_group_owner", { GroupId: "g", NewOwner_Account: "d" }, 10004],
  ];
  for (const [what, command, body, code] of rejects) {
    it(`${command} answers ${code} for ${what}`, async () => {
      expect(await call(command, body)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
    });
  }

  it("a member without JoinTime joins a group imported in the same second (JoinTime is optional; the rule is about a given one)", async () => {
    // import_group without CreateTime at NOW, then import_group_member without JoinTime at NOW: the clock did not tick.
    expect(await call("import_group", { Type: "Public", Name: "Same second", GroupId: "same-second", Owner_Account: "owner" })).to.include({
      ActionStatus: "OK",
    });
    const answer = await call("import_group_member", {
      GroupId: "same-second",
      MemberList: [{ Member_Account: "a" }, { Member_Account: "b", JoinTime: NOW }],
    });
    // The given JoinTime NOW is not after the group's creation at NOW: refused, as documented.
    expect(answer.MemberList).to.deep.equal([
      { Member_Account: "a", Result: 1 },
      { Member_Account: "b", Result: 0 },
    ]);
    expect(members("same-second").a).to.include({ joinTime: NOW });
  });

  it("get_group_member_info pages with Offset, and with a Next cursor for communities", async () => {
    const page = await call("get_group_member_info", { GroupId: "g", Limit: 1, Offset: 1 });
    expect(page.MemberNum).to.equal(2);
    expect((page.MemberList as { Member_Account: string }[]).map((m) => m.Member_Account)).to.deep.equal(["a"]);
    await call("import_group_member", { GroupId: "@TGS#_c", MemberList: ["a", "b", "c"].map((m) => ({ Member_Account: m })) });
    const seen: string[] = [];
    let next = "";
    do {
      const json = await call("get_group_member_info", { GroupId: "@TGS#_c", Limit: 3, Next: next });
      seen.push(...(json.MemberList as { Member_Account: string }[]).map((m) => m.Member_Account));
      next = json.Next as string;
    } while (next);
    expect(seen).to.deep.equal(["owner", "a", "b", "c"]);
  });

  it("a community's Next cursor: two sessions interleaved each see every member once; a role filter; a bad cursor is 10004", async () => {
    const group = emulator.get().store.state.groups["@TGS#_c"]!;
    for (let i = 0; i < 250; i++)
      group.members[`m${i}`] = { account: `m${i}`, role: i % 50 === 0 ? "Admin" : "Member", joinTime: NOW, unreadMsgNum: 0 };
    const everyone = Object.keys(group.members);
    const page = async (next: string, filter?: string[]) => {
      const json = await call("get_group_member_info", {
        GroupId: "@TGS#_c",
        Limit: 100,
        Next: next,
        ...(filter ? { MemberRoleFilter: filter } : {}),
      });
      return {
        accounts: (json.MemberList as { Member_Account: string }[]).map((m) => m.Member_Account),
        next: json.Next as string,
        count: json.MemberNum as number,
      };
    };
    // Two walks at once: each page continues its own session's cursor, not the other's.
    const [a1, b1] = [await page(""), await page("")];
    const [a2, b2] = [await page(a1.next), await page(b1.next)];
    const [a3, b3] = [await page(a2.next), await page(b2.next)];
    for (const pages of [
      [a1, a2, a3],
      [b1, b2, b3],
    ]) {
      expect(pages.flatMap((p) => p.accounts)).to.deep.equal(everyone);
      expect(pages.map((p) => p.count)).to.deep.equal([everyone.length, everyone.length, everyone.length]);
      expect(pages[2]!.next).to.equal("");
    }
    // The same cursor twice (a retried call) answers the same page.
    expect((await page(a1.next)).accounts).to.deep.equal(a2.accounts);
    expect((await page(a1.next)).accounts).to.deep.equal(a2.accounts);
    const admins = await page("", ["Admin"]);
    expect(admins).to.deep.include({ accounts: ["m0", "m50", "m100", "m150", "m200"], next: "", count: 5 });
    for (const bad of ["zz", "1.", "-1.5", "1.5.6"]) {
      expect(await call("get_group_member_info", { GroupId: "@TGS#_c", Next: bad }), bad).to.include({
        ActionStatus: "FAIL",
        ErrorCode: 10004,
      });
    }
  });

  it("delete_group_member succeeds for a non-member; modify, unread and owner changes apply", async () => {
    expect(await call("delete_group_member", { GroupId: "g", MemberToDel_Account: ["d"] })).to.include({ ActionStatus: "OK" });
    await call("modify_group_member_info", { GroupId: "g", Member_Account: "a", Role: "Member" });
    await call("set_unread_msg_num", { GroupId: "g", Member_Account: "a", UnreadMsgNum: 3 });
    expect(members("g").a).to.include({ role: "Member", unreadMsgNum: 3 });
    await call("change_group_owner", { GroupId: "g", NewOwner_Account: "a" });
    expect(members("g").a!.role).to.equal("Owner");
    expect(members("g").owner!.role).to.equal("Member");
    expect(emulator.get().store.state.groups.g!.ownerAccount).to.equal("a");
  });

  it("set_unread_msg_num on a ChatRoom answers OK without effect, as documented", async () => {
    expect(await call("set_unread_msg_num", { GroupId: "room", Member_Account: "owner", UnreadMsgNum: 5 })).to.include({
      ActionStatus: "OK",
    });
    expect(members("room").owner!.unreadMsgNum).to.equal(0);
  });
});
