import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";
import { type SeedGroup, seedAccounts, seedGroup, type SeedGroupType, seedMember } from "../../helpers/seed";
import { groupHistory } from "../message-fixtures";

const NOW = 1_700_000_000;
const CREATED = 1_600_000_000;
const accounts = seedAccounts(["owner", "a", "b", "c", "d"]);
const group = (groupId: string, type: SeedGroupType, extra: Partial<SeedGroup> = {}) =>
  seedGroup(groupId, CREATED, "owner", {
    type,
    appDefinedData: { Level: "3", Tier: "gold" },
    members: {
      owner: seedMember("owner", CREATED, { role: "Owner" }),
      a: seedMember("a", CREATED + 5, { role: "Admin" }),
    },
    ...extra,
  });

describe("emulator group reads and their filters (get_group_info, get_group_member_info, get_appid_group_list)", () => {
  const emulator = useEmulator({
    now: () => NOW,
    rateLimits: { get_appid_group_list: 1000 },
    seed: {
      accounts,
      groups: { g: group("g", "Public"), p: group("p", "Private"), "@TGS#_c": group("@TGS#_c", "Community", { supportTopic: true }) },
      idCounter: 0,
      groupMessages: { g: groupHistory(10) },
    },
  });
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);
  const info = async (body: object) =>
    ((await call("get_group_info", { GroupIdList: ["g"], ...body })).GroupInfo as Record<string, unknown>[])[0]!;

  it("get_group_info answers every documented item field: Appid, LastInfoTime, LastMsgTime, NextMsgSeq, MuteAllMember", async () => {
    const item = await info({});
    // Item fields (page 34961): GroupId, Type, Name, Appid, ..., CreateTime, LastInfoTime, LastMsgTime, NextMsgSeq,
    // MemberNum, MaxMemberNum, ApplyJoinOption, MuteAllMember ("On"/"Off"), AppDefinedData.
    expect(item).to.deep.include({
      GroupId: "g",
      Appid: 1400000000,
      CreateTime: CREATED,
      LastInfoTime: CREATED,
      // From the ten stored messages: the newest's time, and one past its MsgSeq.
      LastMsgTime: groupHistory(10).at(-1)!.msgTimeStamp,
      NextMsgSeq: 11,
      MemberNum: 2,
      MaxMemberNum: 2000,
      MuteAllMember: "Off",
    });
    expect(item.MemberList, "a member list only when a MemberInfoFilter asks for one").to.equal(undefined);
  });

  it("modify_group_base_info keeps MuteAllMember and moves LastInfoTime; get_group_info shows both", async () => {
    expect((await call("modify_group_base_info", { GroupId: "g", MuteAllMember: "On" })).ActionStatus).to.equal("OK");
    expect(await info({})).to.deep.include({ MuteAllMember: "On", LastInfoTime: NOW });
    expect((await call("modify_group_base_info", { GroupId: "g", MuteAllMember: "Maybe" })).ErrorCode).to.equal(10004);
  });

  it('ResponseFilter: "If filters are set, only the fields specified by filters are pulled"', async () => {
    const narrowed = await info({ ResponseFilter: { GroupBaseInfoFilter: ["Type", "Name"], AppDefinedDataFilter_Group: ["Level"] } });
    expect(narrowed).to.deep.equal({
      ErrorCode: 0,
      ErrorInfo: "",
      GroupId: "g",
      Type: "Public",
      Name: "g",
      AppDefinedData: [{ Key: "Level", Value: "3" }],
    });
    // The document's example: MemberInfoFilter ["Account", "Role"] returns Member_Account and Role.
    const withMembers = await info({ ResponseFilter: { GroupBaseInfoFilter: ["Name"], MemberInfoFilter: ["Account", "Role"] } });
    expect(withMembers.MemberList).to.deep.equal([
      { Member_Account: "owner", Role: "Owner" },
      { Member_Account: "a", Role: "Admin" },
    ]);
  });

  it('get_group_member_info: "only the listed fields come back, and Member_Account is always included"', async () => {
    const all = await call("get_group_member_info", { GroupId: "g" });
    expect((all.MemberList as unknown[])[1]).to.deep.equal({
      Member_Account: "a",
      Role: "Admin",
      JoinTime: CREATED + 5,
      MsgSeq: 0,
      MsgFlag: "AcceptAndNotify",
      LastSendMsgTime: 0,
      MuteUntil: 0,
      NameCard: "",
    });
    const filtered = await call("get_group_member_info", { GroupId: "g", MemberInfoFilter: ["JoinTime"] });
    expect(filtered.MemberList).to.deep.equal([
      { Member_Account: "owner", JoinTime: CREATED },
      { Member_Account: "a", JoinTime: CREATED + 5 },
    ]);
  });

  it('answers 10018 when a read would be over 1 MB ("10018 (response over 1 MB)")', async () => {
    for (const id of ["g", "p"]) {
      const big = emulator.get().store.state.groups[id]!;
      big.maxMemberCount = 6000;
      for (let i = 0; i < 5998; i += 1)
        big.members[`member-${i}`] = { account: `member-${i}`, role: "Member", joinTime: CREATED + 1, unreadMsgNum: 0 };
    }
    const everyone = await call("get_group_info", {
      GroupIdList: ["g", "p"],
      ResponseFilter: { MemberInfoFilter: ["Role", "JoinTime", "MsgSeq", "MsgFlag", "LastSendMsgTime", "MuteUntil", "NameCard"] },
    });
    expect(everyone.ErrorCode).to.equal(10018);
    const one = await call("get_group_info", { GroupIdList: ["g"], ResponseFilter: { MemberInfoFilter: ["Role"] } });
    expect((one.GroupInfo as { MemberList: unknown[] }[])[0]!.MemberList).to.have.length(6000);
    const paged = await call("get_group_member_info", { GroupId: "p", Limit: 200 });
    expect(paged.MemberList).to.have.length(200);
  });

  it("get_appid_group_list pages by an integer Next (0 to start and at the end) with TotalCount, and filters by GroupType", async () => {
    const first = await call("get_appid_group_list", { Limit: 2 });
    expect(first).to.deep.include({ ActionStatus: "OK", TotalCount: 3, Next: 2, GroupIdList: [{ GroupId: "@TGS#_c" }, { GroupId: "g" }] });
    const second = await call("get_appid_group_list", { Limit: 2, Next: first.Next });
    expect(second).to.deep.include({ TotalCount: 3, Next: 0, GroupIdList: [{ GroupId: "p" }] });
    const communities = await call("get_appid_group_list", { GroupType: "Community" });
    expect(communities).to.deep.include({ TotalCount: 1, Next: 0, GroupIdList: [{ GroupId: "@TGS#_c" }] });
    expect((await call("get_appid_group_list", { Limit: 10001 })).ErrorCode).to.equal(10004);
    expect((await call("get_appid_group_list", { GroupType: "Huddle" })).ErrorCode).to.equal(10004);
  });
});

describe("emulator rate limit of get_appid_group_list", () => {
  const emulator = useEmulator({ now: () => NOW });
  it('allows one call per second ("Rate: 1 call per second (not 200)")', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => rawCall(emulator.get(), "get_appid_group_list", {}).then((r) => r.json.ErrorCode)),
    );
    expect(answers.filter((code) => code === 60007).length).to.be.greaterThan(0);
    expect(answers.filter((code) => code === 0)).to.have.length.greaterThan(0);
  });
});

describe("emulator member limits and creates (import_group_member, add_group_member, create_group)", () => {
  const emulator = useEmulator({
    now: () => NOW,
    seed: { accounts, groups: { small: group("small", "Public", { maxMemberCount: 3 }), room: group("room", "ChatRoom") }, idCounter: 0 },
  });
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);
  const state = () => emulator.get().store.state;

  it('import_group_member fails (Result 0) the members a group has no room for: MaxMemberCount is "the maximum number of group members"', async () => {
    // small holds owner and a: one more fits MaxMemberCount 3.
    const json = await call("import_group_member", { GroupId: "small", MemberList: ["b", "c", "d"].map((m) => ({ Member_Account: m })) });
    expect(json.MemberList).to.deep.equal([
      { Member_Account: "b", Result: 1 },
      { Member_Account: "c", Result: 0 },
      { Member_Account: "d", Result: 0 },
    ]);
    expect(Object.keys(state().groups.small!.members)).to.have.length(3);
  });

  it("add_group_member: Result 1 added, 2 already a member, 0 not an account; a full group answers 10014 and adds nobody", async () => {
    const json = await call("add_group_member", {
      GroupId: "room",
      MemberList: [{ Member_Account: "b" }, { Member_Account: "a" }, { Member_Account: "ghost" }],
    });
    expect(json.MemberList).to.deep.equal([
      { Member_Account: "b", Result: 1 },
      { Member_Account: "a", Result: 2 },
      { Member_Account: "ghost", Result: 0 },
    ]);
    expect(state().groups.room!.members.b).to.deep.equal({ account: "b", role: "Member", joinTime: NOW, unreadMsgNum: 0 });
    const full = await call("add_group_member", { GroupId: "small", MemberList: [{ Member_Account: "d" }] });
    expect(full.ErrorCode).to.equal(10014);
    expect(state().groups.small!.members.d).to.equal(undefined);
    expect(
      (
        await call("add_group_member", {
          GroupId: "room",
          MemberList: Array.from({ length: 301 }, (_, i) => ({ Member_Account: `x${i}` })),
        })
      ).ErrorCode,
    ).to.equal(10005);
  });

  it("create_group: an AVChatRoom (not importable), a group with members (at most 100, Admin role only), Work as Private", async () => {
    const av = await call("create_group", { Type: "AVChatRoom", Name: "Live", Owner_Account: "owner" });
    expect(av.ActionStatus).to.equal("OK");
    const avId = av.GroupId as string;
    expect(state().groups[avId]).to.deep.include({ type: "AVChatRoom", createTime: NOW, maxMemberCount: 0 });
    const avInfo = ((await call("get_group_info", { GroupIdList: [avId] })).GroupInfo as Record<string, unknown>[])[0]!;
    expect(avInfo.MemberNum, "AVChatRoom: no member count").to.equal(undefined);
    // "AVChatRoom does not accept a MemberList" (10007); "MemberList, at most 100 entries" (10005).
    expect((await call("create_group", { Type: "AVChatRoom", Name: "x", MemberList: [{ Member_Account: "a" }] })).ErrorCode).to.equal(
      10007,
    );
    expect(
      (
        await call("create_group", {
          Type: "Public",
          Name: "x",
          MemberList: Array.from({ length: 101 }, (_, i) => ({ Member_Account: `u${i}` })),
        })
      ).ErrorCode,
    ).to.equal(10005);
    expect(
      (await call("create_group", { Type: "Public", Name: "x", MemberList: [{ Member_Account: "a", Role: "Owner" }] })).ErrorCode,
    ).to.equal(10004);
    const team = await call("create_group", {
      Type: "Work",
      Name: "Team",
      GroupId: "team",
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "a", Role: "Admin" }, { Member_Account: "b" }],
    });
    expect(team).to.deep.include({ ActionStatus: "OK", GroupId: "team" });
    expect(state().groups.team).to.deep.include({ type: "Private", ownerAccount: "owner" });
    expect(Object.values(state().groups.team!.members).map((m) => `${m.account}:${m.role}`)).to.deep.equal([
      "owner:Owner",
      "a:Admin",
      "b:Member",
    ]);
    // "10025: ID already used by you: disband it first or choose another"
    expect((await call("create_group", { Type: "Public", Name: "again", GroupId: "team" })).ErrorCode).to.equal(10025);
    const topics = await call("create_group", { Type: "Community", Name: "Hub", SupportTopic: 1 });
    expect(topics).to.deep.include({ HugeGroupFlag: 0, Type: "Community" });
  });
});

describe("the emulator's choices where the documents say nothing (README table), in --strict and --loose", () => {
  const strict = useEmulator({ now: () => NOW });
  const loose = useEmulator({ now: () => NOW, strict: false });

  it("a CreateTime in the future: --strict refuses it (10004), --loose imports it", async () => {
    const body = { Type: "Public", Name: "later", CreateTime: NOW + 60 };
    expect((await rawCall(strict.get(), "import_group", body)).json.ErrorCode).to.equal(10004);
    expect((await rawCall(loose.get(), "import_group", body)).json.ActionStatus).to.equal("OK");
  });

  it("a custom Community ID without SupportTopic is accepted in both modes (the ID rule names the prefix, not topics)", async () => {
    for (const emulator of [strict, loose]) {
      const json = (await rawCall(emulator.get(), "import_group", { Type: "Community", Name: "hub", GroupId: "@TGS#_hub" })).json;
      expect(json).to.deep.include({ ActionStatus: "OK", GroupId: "@TGS#_hub" });
    }
  });
});
