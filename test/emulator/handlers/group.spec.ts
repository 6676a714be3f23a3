import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";

const cjk = (n: number) => "群".repeat(n); // 3 bytes each in UTF-8

describe("emulator import_group", () => {
  const emulator = useEmulator({ seed: { accounts: { leckie: { userId: "leckie" } }, groups: {}, idCounter: 0 } });
  const importGroup = (body: Record<string, unknown>) => rawCall(emulator.get(), "import_group", body);

  // Rules quoted from "Importing a Group Profile" (https://trtc.io/document/34967) and, for custom IDs, the Group
  // System page (https://trtc.io/document/33529).
  const rejects: { rule: string; body: Record<string, unknown>; code: number }[] = [
    {
      rule: "AVChatRoom groups do not support importing basic group data ... error 10007",
      body: { Type: "AVChatRoom", Name: "x" },
      code: 10007,
    },
    { rule: "Type ... Public, Private (Work), ChatRoom, or Community", body: { Type: "Work", Name: "x" }, code: 10004 },
    { rule: "Name (required)", body: { Type: "Public" }, code: 10004 },
    { rule: "Group name, whose maximum length is 30 bytes (11 CJK = 33 bytes)", body: { Type: "Public", Name: cjk(11) }, code: 10004 },
    { rule: "Group introduction ... 240 bytes", body: { Type: "Public", Name: "x", Introduction: "a".repeat(241) }, code: 10004 },
    { rule: "Group notice ... 300 bytes", body: { Type: "Public", Name: "x", Notification: cjk(101) }, code: 10004 },
    { rule: "URL of the group profile photo ... 100 bytes", body: { Type: "Public", Name: "x", FaceUrl: "h".repeat(101) }, code: 10004 },
    { rule: "MaxMemberCount ... 6,000 at the maximum", body: { Type: "Public", Name: "x", MaxMemberCount: 6001 }, code: 10004 },
    {
      rule: "a community group supports up to 100,000 group members",
      body: { Type: "Community", Name: "x", MaxMemberCount: 100001 },
      code: 10004,
    },
    {
      rule: "ApplyJoinOption valid values: FreeAccess, NeedPermission, DisableApply",
      body: { Type: "Public", Name: "x", ApplyJoinOption: "Open" },
      code: 10004,
    },
    {
      rule: "ApplyJoinOption ... not supported by community groups",
      body: { Type: "Community", Name: "x", ApplyJoinOption: "FreeAccess" },
      code: 10004,
    },
    { rule: "SupportTopic ... valid only for communities", body: { Type: "Public", Name: "x", SupportTopic: 1 }, code: 10004 },
    { rule: "SupportTopic valid values 1 / 0", body: { Type: "Community", Name: "x", SupportTopic: 2 }, code: 10004 },
    { rule: "custom GroupId must not begin with @TGS#", body: { Type: "Public", Name: "x", GroupId: "@TGS#mine" }, code: 10004 },
    { rule: "custom community GroupId must start with @TGS#_", body: { Type: "Community", Name: "x", GroupId: "mine" }, code: 10004 },
    { rule: "custom GroupId at most 48 bytes", body: { Type: "Public", Name: "x", GroupId: "g".repeat(49) }, code: 10004 },
    { rule: "custom GroupId printable ASCII", body: { Type: "Public", Name: "x", GroupId: "群组" }, code: 10004 },
    { rule: "Owner_Account must be an imported account", body: { Type: "Public", Name: "x", Owner_Account: "ghost" }, code: 10019 },
    { rule: "MaxMemberCount is an Integer", body: { Type: "Public", Name: "x", MaxMemberCount: "500" }, code: 10004 },
    { rule: "unknown fields are refused in strict mode", body: { Type: "Public", Name: "x", Nmae: "typo" }, code: 10004 },
  ];
  for (const { rule, body, code } of rejects) {
    it(`answers ${code}: ${rule}`, async () => {
      const before = structuredClone(emulator.get().store.state.groups);
      const { json } = await importGroup(body);
      expect(json).to.include({ ActionStatus: "FAIL", ErrorCode: code });
      expect(emulator.get().store.state.groups, "a refused import creates nothing").to.deep.equal(before);
    });
  }

  it("accepts names at exactly 30 bytes of CJK and stores every field", async () => {
    const body = {
      Owner_Account: "leckie",
      Type: "Public",
      GroupId: "MyFirstGroup",
      Name: cjk(10),
      Introduction: "i".repeat(240),
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      MaxMemberCount: 500,
      ApplyJoinOption: "FreeAccess",
      CreateTime: 1448357837,
      AppDefinedData: [{ Key: "GroupTestData1", Value: "abc\u0000\u0001" }],
    };
    const { json } = await importGroup(body);
    expect(json).to.deep.equal({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, GroupId: "MyFirstGroup" });
    const group = emulator.get().store.state.groups.MyFirstGroup!;
    expect(group).to.deep.include({
      type: "Public",
      name: cjk(10),
      ownerAccount: "leckie",
      createTime: 1448357837,
      maxMemberCount: 500,
      applyJoinOption: "FreeAccess",
      appDefinedData: { GroupTestData1: "abc\u0000\u0001" },
    });
    // "Group owner ID, which will be automatically added to group members."
    expect(group.members.leckie).to.include({ role: "Owner" });
  });

  it("answers 10021 for a group ID in use", async () => {
    const { json } = await importGroup({ Type: "Public", Name: "again", GroupId: "MyFirstGroup" });
    expect(json).to.include({ ErrorCode: 10021 });
    expect(emulator.get().store.state.groups.MyFirstGroup!.name).to.equal(cjk(10));
  });

  it("assigns @TGS# IDs, and @TGS#_ for communities", async () => {
    const plain = await importGroup({ Type: "Private", Name: "p" });
    const community = await importGroup({ Type: "Community", Name: "c", SupportTopic: 1 });
    expect(plain.json.GroupId).to.match(/^@TGS#[A-Z0-9]{8,}$/);
    expect(community.json.GroupId).to.match(/^@TGS#_@TGS#c[A-Z0-9]{8,}$/);
    expect(plain.json.GroupId).to.not.equal(community.json.GroupId);
    expect(emulator.get().store.state.groups[community.json.GroupId as string]!.supportTopic).to.equal(true);
  });

  it("destroy_group removes a group and answers 10010 when it is already gone", async () => {
    await importGroup({ Type: "Public", Name: "temp", GroupId: "temp-group" });
    expect((await rawCall(emulator.get(), "destroy_group", { GroupId: "temp-group" })).json.ActionStatus).to.equal("OK");
    expect((await rawCall(emulator.get(), "destroy_group", { GroupId: "temp-group" })).json.ErrorCode).to.equal(10010);
  });

  it("get_group_info reports MaxMemberNum and a per-item 10010", async () => {
    const { json } = await rawCall(emulator.get(), "get_group_info", { GroupIdList: ["MyFirstGroup", "nope"] });
    const [found, missing] = json.GroupInfo as Record<string, unknown>[];
    expect(found).to.include({ ErrorCode: 0, MaxMemberNum: 500, Name: cjk(10) });
    expect(missing).to.include({ GroupId: "nope", ErrorCode: 10010 });
  });
});

describe("emulator modify_group_base_info", () => {
  const emulator = useEmulator({
    seed: {
      accounts: {},
      groups: {
        pub: {
          groupId: "pub",
          type: "Public",
          name: "p",
          createTime: 1,
          maxMemberCount: 2000,
          applyJoinOption: "NeedPermission",
          supportTopic: false,
          appDefinedData: { keep: "1", drop: "2" },
          members: {},
          topics: {},
        },
        "@TGS#_c": {
          groupId: "@TGS#_c",
          type: "Community",
          name: "c",
          createTime: 1,
          maxMemberCount: 100000,
          supportTopic: false,
          appDefinedData: {},
          members: {},
          topics: {},
        },
      },
      idCounter: 0,
    },
  });
  const modify = (body: Record<string, unknown>) => rawCall(emulator.get(), "modify_group_base_info", body).then((r) => r.json);

  // Rules of modify_group_base_info (page 34962): the same byte limits as import_group, MaxMemberNum (not
  // MaxMemberCount), no ApplyJoinOption for communities, and an empty AppDefinedData value deletes the key.
  const rejects: [string, Record<string, unknown>, number][] = [
    ["a group that does not exist", { GroupId: "nope", Name: "x" }, 10010],
    ["a name over 30 bytes", { GroupId: "pub", Name: "群".repeat(11) }, 10004],
    ["an empty name", { GroupId: "pub", Name: "" }, 10004],
    ["MaxMemberNum over 6000", { GroupId: "pub", MaxMemberNum: 6001 }, 10004],
    ["MaxMemberCount, the import_group spelling", { GroupId: "pub", MaxMemberCount: 10 }, 10004],
    ["ApplyJoinOption on a community", { GroupId: "@TGS#_c", ApplyJoinOption: "FreeAccess" }, 10004],
  ];
  for (const [what, body, code] of rejects) {
    it(`answers ${code} for ${what}`, async () => {
      expect(await modify(body)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
    });
  }

  it("changes fields, and deletes a custom-data key given an empty value", async () => {
    expect(
      await modify({
        GroupId: "pub",
        Name: "新名字",
        MaxMemberNum: 300,
        AppDefinedData: [
          { Key: "drop", Value: "" },
          { Key: "add", Value: "3" },
        ],
      }),
    ).to.include({ ActionStatus: "OK" });
    expect(emulator.get().store.state.groups.pub).to.deep.include({
      name: "新名字",
      maxMemberCount: 300,
      appDefinedData: { keep: "1", add: "3" },
    });
  });
});

describe("emulator hostile input", () => {
  const emulator = useEmulator({ maxBodyBytes: 64 * 1024 });

  it("answers 60003 for malformed JSON", async () => {
    const { json } = await rawCall(emulator.get(), "import_group", undefined, { rawBody: "{not json" });
    expect(json).to.include({ ErrorCode: 60003 });
  });

  it("answers 10003 for an unknown command and 60009 for a path outside /v4", async () => {
    expect((await rawCall(emulator.get(), "no_such_command", {})).json.ErrorCode).to.equal(10003);
    expect((await rawCall(emulator.get(), "x", {}, { path: "/v3/x" })).json.ErrorCode).to.equal(60009);
  });

  it("refuses a body over the limit and stays up", async () => {
    const { status, json } = await rawCall(emulator.get(), "import_group", undefined, { rawBody: "x".repeat(10 * 1024 * 1024) });
    expect(status).to.equal(413);
    expect(json.ActionStatus).to.equal("FAIL");
    const after = await rawCall(emulator.get(), "import_group", { Type: "Public", Name: "still up" });
    expect(after.json.ActionStatus).to.equal("OK");
  });
});
