import { expect } from "chai";
import { UNKNOWN_VALUE } from "../../../../provider/resources/check";
import { groupProvider, liveInputs } from "../../../../provider/resources/group/provider";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = groupProvider(OFFLINE_CONTEXT);
const check = (news: Record<string, unknown>) => provider.check({}, { __provider: "x", ...news });

describe("ImportedGroup check", () => {
  const failing: { name: string; inputs: Record<string, unknown>; property: string; reason: RegExp }[] = [
    { name: "missing type", inputs: { name: "x" }, property: "type", reason: /one of Private, Public, ChatRoom, Community/ },
    { name: "AVChatRoom", inputs: { type: "AVChatRoom", name: "x" }, property: "type", reason: /10007/ },
    { name: "name of 11 CJK characters (33 bytes)", inputs: { type: "Public", name: "群".repeat(11) }, property: "name", reason: /at most 30 bytes.*got 33/ },
    { name: "empty name", inputs: { type: "Public", name: "" }, property: "name", reason: /empty/ },
    { name: "introduction over 240 bytes", inputs: { type: "Public", name: "x", introduction: "é".repeat(121) }, property: "introduction", reason: /240 bytes/ },
    { name: "custom ID with @TGS#", inputs: { type: "Public", name: "x", groupId: "@TGS#x" }, property: "groupId", reason: /must not start with "@TGS#"/ },
    { name: "community ID without @TGS#_", inputs: { type: "Community", name: "x", groupId: "abc" }, property: "groupId", reason: /@TGS#_/ },
    { name: "ID over 48 bytes", inputs: { type: "Public", name: "x", groupId: "a".repeat(49) }, property: "groupId", reason: /48 bytes/ },
    { name: "maxMemberCount over 6000", inputs: { type: "Public", name: "x", maxMemberCount: 6001 }, property: "maxMemberCount", reason: /6000/ },
    { name: "applyJoinOption on a community", inputs: { type: "Community", name: "x", applyJoinOption: "FreeAccess" }, property: "applyJoinOption", reason: /Community/ },
    { name: "supportTopic outside a community", inputs: { type: "Public", name: "x", supportTopic: true }, property: "supportTopic", reason: /Community/ },
    { name: "createTime in the future", inputs: { type: "Public", name: "x", createTime: 4102444800 }, property: "createTime", reason: /future/ },
    { name: "custom data key with a space", inputs: { type: "Public", name: "x", appDefinedData: { " k": "v" } }, property: "appDefinedData. k", reason: /A-Za-z0-9_/ },
    { name: "owner that is not a UserID", inputs: { type: "Public", name: "x", ownerAccount: "u".repeat(33) }, property: "ownerAccount", reason: /32 bytes/ },
    { name: "misspelt property", inputs: { type: "Public", name: "x", nmae: "y" }, property: "nmae", reason: /not a known property/ },
  ];
  for (const { name, inputs, property, reason } of failing) {
    it(`names ${property} for ${name}`, async () => {
      const { failures } = await check(inputs);
      const failure = failures?.find((f) => f.property === property);
      expect(failure, JSON.stringify(failures)).to.not.equal(undefined);
      expect(failure!.reason).to.match(reason);
    });
  }

  it("reports every problem at once", async () => {
    const { failures } = await check({ type: "Public", name: "群".repeat(11), supportTopic: true, maxMemberCount: 0 });
    expect(failures!.map((f) => f.property).sort()).to.deep.equal(["maxMemberCount", "name", "supportTopic"]);
  });

  it("accepts exact byte limits and returns the inputs without __provider", async () => {
    const inputs = { type: "Public", name: "群".repeat(10), groupId: "g".repeat(48), introduction: "é".repeat(120) };
    const result = await check(inputs);
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.deep.equal(inputs);
  });

  it("leaves unknown preview values alone, including in cross-field rules", async () => {
    const unknownType = await check({ type: UNKNOWN_VALUE, name: "x", supportTopic: true, groupId: "@TGS#_x" });
    expect(unknownType.failures).to.deep.equal([]);
    const unknownName = await check({ type: "Public", name: UNKNOWN_VALUE });
    expect(unknownName.failures).to.deep.equal([]);
  });
});

describe("ImportedGroup diff", () => {
  const olds = { type: "Public", name: "a", groupId: "@TGS#2ABC", introduction: "i" };
  it("reports no change when only the server-assigned ID is absent from the inputs", async () => {
    expect(await provider.diff!("@TGS#2ABC", olds, { type: "Public", name: "a", introduction: "i" })).to.include({ changes: false });
  });
  it("updates profile fields in place", async () => {
    const diff = await provider.diff!("@TGS#2ABC", olds, { type: "Public", name: "b", introduction: "i" });
    expect(diff).to.deep.include({ changes: true, replaces: [] });
  });
  it("replaces on a type change, deleting first when a fixed ID is kept", async () => {
    const fixed = { ...olds, groupId: "mine" };
    const diff = await provider.diff!("mine", fixed, { ...fixed, type: "Private" });
    expect(diff).to.deep.include({ changes: true, replaces: ["type"], deleteBeforeReplace: true });
    const assigned = await provider.diff!("@TGS#2ABC", olds, { type: "Private", name: "a", introduction: "i" });
    expect(assigned).to.deep.include({ replaces: ["type"], deleteBeforeReplace: false });
  });
});

describe("ImportedGroup liveInputs", () => {
  it("shows drift on declared fields and ignores service defaults on undeclared ones", () => {
    const live = { GroupId: "g", Type: "Public", Name: "renamed", Introduction: "", MaxMemberNum: 2000, ApplyJoinOption: "NeedPermission", CreateTime: 5, AppDefinedData: [] };
    expect(liveInputs({ type: "Public", name: "original", groupId: "g" }, live)).to.deep.equal({ type: "Public", name: "renamed", groupId: "g" });
    expect(liveInputs({ type: "Public", name: "n" }, { ...live, MaxMemberNum: 300 })).to.include({ maxMemberCount: 300 });
  });
});
