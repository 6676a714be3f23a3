import { expect } from "chai";
import { UNKNOWN_VALUE } from "../../../../provider/resources/check";
import { membersProvider } from "../../../../provider/resources/members/provider";
import { itNamesEachProblem } from "../../../helpers/check-cases";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = membersProvider(OFFLINE_CONTEXT);
const check = (news: Record<string, unknown>) => provider.check!({}, news);
const NOW = Math.floor(Date.now() / 1000);

describe("ImportedGroupMembers check", () => {
  itNamesEachProblem(provider, [
    [
      "a join time at the group's createTime",
      { groupId: "g", groupCreateTime: 1000, members: { a: { joinTime: 1000 } } },
      "members.a.joinTime",
      /after the group's createTime 1000/,
    ],
    ["a join time in the future", { groupId: "g", members: { a: { joinTime: NOW + 3600 } } }, "members.a.joinTime", /future/],
    ["the Owner role", { groupId: "g", members: { a: { role: "Owner" } } }, "members.a.role", /Admin|Member/],
    ["a negative unread count", { groupId: "g", members: { a: { unreadMsgNum: -1 } } }, "members.a.unreadMsgNum", />=0|too small/i],
    ["an account over 32 bytes", { groupId: "g", members: { ["u".repeat(33)]: {} } }, `members.${"u".repeat(33)}`, /32 bytes/],
    ["a missing groupId", { members: {} }, "groupId", /expected string/i],
    ["an unknown member field", { groupId: "g", members: { a: { nick: "x" } } }, "members.a.nick", /not a known property/],
  ]);

  it("accepts valid members and leaves a preview-unknown groupId alone", async () => {
    expect(
      (await check({ groupId: "g", groupCreateTime: 1000, members: { a: { role: "Admin", joinTime: 1001, unreadMsgNum: 3 } } })).failures,
    ).to.deep.equal([]);
    expect((await check({ groupId: UNKNOWN_VALUE, members: { a: {} } })).failures).to.deep.equal([]);
  });

  it("diff: a member added is an update; another group is a replacement", async () => {
    const olds = { groupId: "g", members: { a: {} }, memberCount: 1, importResults: { added: 1, alreadyMembers: 0 } };
    expect(await provider.diff!("g", olds, { groupId: "g", members: { a: {}, b: {} } })).to.deep.include({ changes: true, replaces: [] });
    expect(await provider.diff!("g", olds, { groupId: "g", members: { a: {} } })).to.deep.include({ changes: false });
    expect(await provider.diff!("g", olds, { groupId: "h", members: { a: {} } })).to.deep.include({ replaces: ["groupId"] });
  });
});
