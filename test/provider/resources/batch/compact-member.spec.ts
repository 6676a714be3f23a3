import { expect } from "chai";
import fc from "fast-check";
import { compactMember, decodeMember, encodeMember } from "../../../../provider/resources/batch/compact-member";

describe("compact member strings", () => {
  it("encode in one canonical order and decode back", () => {
    expect(encodeMember({})).to.equal("");
    expect(encodeMember({ unreadMsgNum: 3, joinTime: 1600000060, role: "Admin" })).to.equal("Admin joined:1600000060 unread:3");
    expect(decodeMember("unread:3 Admin joined:1600000060")).to.deep.equal({
      member: { role: "Admin", joinTime: 1600000060, unreadMsgNum: 3 },
    });
    expect(compactMember("unread:3   Member")).to.equal("Member unread:3");
  });

  it("round-trips every valid member", () => {
    const member = fc.record(
      {
        role: fc.constantFrom("Admin" as const, "Member" as const),
        joinTime: fc.integer({ min: 0, max: 4_000_000_000 }),
        unreadMsgNum: fc.nat(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(member, (m) => {
        expect(decodeMember(encodeMember(m))).to.deep.equal({ member: m });
      }),
    );
  });

  it("names the token that is wrong and what is allowed", () => {
    expect(decodeMember("Owner")).to.deep.equal({ problem: '"Owner" is not Admin, Member, joined:<unix seconds> or unread:<count>' });
    expect(decodeMember("joined:soon")).to.deep.equal({ problem: '"joined:soon" needs a whole number after joined:' });
    expect(decodeMember("Admin Member")).to.deep.equal({ problem: '"Member" repeats role' });
    expect(decodeMember("role:Admin")).to.have.property("problem");
    expect(compactMember("Owner")).to.equal("Owner"); // left as declared, for check to report
  });

  it("answers a decoded string again as it did the first time, as a member the caller owns", () => {
    const first = decodeMember("Admin joined:1600000060");
    if (!("member" in first)) throw new Error("expected a member");
    first.member.role = "Member";
    delete first.member.joinTime;
    expect(decodeMember("Admin joined:1600000060")).to.deep.equal({ member: { role: "Admin", joinTime: 1600000060 } });
    expect(decodeMember("Owner")).to.deep.equal(decodeMember("Owner"));
    expect(decodeMember("Owner")).to.have.property("problem");
  });

  it("decodes more distinct strings than it keeps, each correctly", () => {
    for (let unread = 0; unread < 10_000; unread++) {
      expect(decodeMember(`unread:${unread}`)).to.deep.equal({ member: { unreadMsgNum: unread } });
    }
    expect(decodeMember("unread:0")).to.deep.equal({ member: { unreadMsgNum: 0 } });
  });
});
