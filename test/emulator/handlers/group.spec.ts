import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";

const cjk = (n: number) => "群".repeat(n); // 3 bytes each in UTF-8

describe("emulator import_group", () => {
  const emulator = useEmulator({ seed: { accounts: { leckie: { userId: "leckie" } }, groups: {}, idCounter: 0 } });
  const importGroup = (body: Record<string, unknown>) => rawCall(emulator.get(), "import_group", body);

  // Rules quoted from the seed "Importing a Group Profile" (and the Group System page for custom IDs).
  const rejects: { rule: string; body: Record<string, unknown>; code: number }[] = [
    { rule: "AVChatRoom groups do not support importing basic group data ... error 10007", body: { Type: "AVChatRoom", Name: "x" }, code: 10007 },
    { rule: "Type ... Public, Private (Work), ChatRoom, or Community", body: { Type: "Work", Name: "x" }, code: 10004 },
    { rule: "Name (required)", body: { Type: "Public" }, code: 10004 },
    { rule: "Group name, whose maximum length is 30 bytes (11 CJK = 33 bytes)", body: { Type: "Public", Name: cjk(11) }, code: 10004 },
    { rule: "Group introduction ... 240 bytes", body: { Type: "Public", Name: "x", Introduction: "a".repeat(241) }, code: 10004 },
    { rule: "Group notice ... 300 bytes", body: { Type: "Public", Name: "x", Notification: cjk(101) }, code: 10004 },
    { rule: "URL of the group profile photo ... 100 bytes", body: { Type: "Public", Name: "x", FaceUrl: "h".repeat(101) }, code: 10004 },
    { rule: "MaxMemberCount ... 6,000 at the maximum", body: { Type: "Public", Name: "x", MaxMemberCount: 6001 }, code: 10004 },
    { rule: "a community group supports up to 100,000 group members", body: { Type: "Community", Name: "x", MaxMemberCount: 100001 }, code: 10004 },
    { rule: "ApplyJoinOption valid values: FreeAccess, NeedPermission, DisableApply", body: { Type: "Public", Name: "x", ApplyJoinOption: "Open" }, code: 10004 },
    { rule: "ApplyJoinOption ... not supported by community groups", body: { Type: "Community", Name: "x", ApplyJoinOption: "FreeAccess" }, code: 10004 },
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
      const { json } = await importGroup(body);
      expect(json).to.include({ ActionStatus: "FAIL", ErrorCode: code });
      expect(emulator.get().store.state.groups).to.not.have.property(String(body.GroupId ?? "none"));
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
      type: "Public", name: cjk(10), ownerAccount: "leckie", createTime: 1448357837, maxMemberCount: 500,
      applyJoinOption: "FreeAccess", appDefinedData: { GroupTestData1: "abc\u0000\u0001" },
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
