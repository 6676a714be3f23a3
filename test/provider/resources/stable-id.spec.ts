import { expect } from "chai";
import fc from "fast-check";
import { customGroupIdProblem, customTopicIdProblem, utf8Bytes } from "../../../provider/limits";
import { stableGroupId, stableTopicId } from "../../../provider/resources/stable-id";

describe("resources/stable-id", () => {
  it("derives valid, stable IDs from any resource name: groups within 48 bytes, topics within 96, per project and stack", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.boolean(), (name, community) => {
        const id = stableGroupId(name, community, "shop", "prod");
        expect(customGroupIdProblem(id, community ? "Community" : "Private"), id).to.equal(undefined);
        expect(stableGroupId(name, community, "shop", "prod")).to.equal(id);
        expect(stableGroupId(name, community, "shop", "staging")).to.not.equal(id);
        const topic = stableTopicId(stableGroupId(name, true, "shop", "prod"), name, "shop", "prod");
        expect(customTopicIdProblem(topic, stableGroupId(name, true, "shop", "prod")), topic).to.equal(undefined);
        expect(utf8Bytes(topic)).to.be.at.most(96);
      }),
    );
    expect(stableGroupId("general", false, "shop", "prod")).to.match(/^general-[0-9a-f]{8}$/);
    expect(stableGroupId("客户 support", true, "shop", "prod")).to.match(/^@TGS#_support-[0-9a-f]{8}$/);
  });
});
