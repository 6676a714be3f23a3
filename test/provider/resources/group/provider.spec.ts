import { expect } from "chai";
import { UNKNOWN_VALUE } from "../../../../provider/resources/check";
import { groupProvider, liveInputs } from "../../../../provider/resources/group/provider";
import { itNamesEachProblem } from "../../../helpers/check-cases";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = groupProvider(OFFLINE_CONTEXT);
const check = (news: Record<string, unknown>) => provider.check({}, { __provider: "x", ...news });

describe("ImportedGroup check", () => {
  itNamesEachProblem(provider, [
    ["missing type", { name: "x" }, "type", /one of Private, Public, ChatRoom, Community/],
    ["AVChatRoom", { type: "AVChatRoom", name: "x" }, "type", /10007/],
    ["name of 11 CJK characters (33 bytes)", { type: "Public", name: "群".repeat(11) }, "name", /at most 30 bytes.*got 33/],
    ["name with a lone surrogate", { type: "Public", name: "群\ud800" }, "name", /valid UTF-8 text: a lone surrogate at byte 3/],
    [
      "introduction with a lone surrogate",
      { type: "Public", name: "x", introduction: "\udc00" },
      "introduction",
      /lone surrogate at byte 0/,
    ],
    ["empty name", { type: "Public", name: "" }, "name", /empty/],
    ["introduction over 240 bytes", { type: "Public", name: "x", introduction: "é".repeat(121) }, "introduction", /240 bytes/],
    ["custom ID with @TGS#", { type: "Public", name: "x", groupId: "@TGS#x" }, "groupId", /must not start with "@TGS#"/],
    ["community ID without @TGS#_", { type: "Community", name: "x", groupId: "abc" }, "groupId", /@TGS#_/],
    ["ID over 48 bytes", { type: "Public", name: "x", groupId: "a".repeat(49) }, "groupId", /48 bytes/],
    ["maxMemberCount over 6000", { type: "Public", name: "x", maxMemberCount: 6001 }, "maxMemberCount", /6000/],
    ["applyJoinOption on a community", { type: "Community", name: "x", applyJoinOption: "FreeAccess" }, "applyJoinOption", /Community/],
    ["supportTopic outside a community", { type: "Public", name: "x", supportTopic: true }, "supportTopic", /Community/],
    ["createTime in the future", { type: "Public", name: "x", createTime: 4102444800 }, "createTime", /future/],
    ["custom data key with a space", { type: "Public", name: "x", appDefinedData: { " k": "v" } }, "appDefinedData. k", /A-Za-z0-9_/],
    ["owner that is not a UserID", { type: "Public", name: "x", ownerAccount: "u".repeat(33) }, "ownerAccount", /32 bytes/],
    ["misspelt property", { type: "Public", name: "x", nmae: "y" }, "nmae", /not a known property/],
  ]);

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
  const olds = { type: "Public" as const, name: "a", groupId: "@TGS#2ABC", introduction: "i" };
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
    const live = {
      GroupId: "g",
      Type: "Public",
      Name: "renamed",
      Introduction: "",
      MaxMemberNum: 2000,
      ApplyJoinOption: "NeedPermission",
      CreateTime: 5,
      AppDefinedData: [],
    };
    expect(liveInputs({ type: "Public", name: "original", groupId: "g" }, live)).to.deep.equal({
      type: "Public",
      name: "renamed",
      groupId: "g",
    });
    expect(liveInputs({ type: "Public", name: "n" }, { ...live, MaxMemberNum: 300 })).to.include({ maxMemberCount: 300 });
  });
});
