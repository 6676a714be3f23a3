import { expect } from "chai";
import fc from "fast-check";
import { utf8Bytes } from "../../../provider/limits";
import { accountsProvider } from "../../../provider/resources/accounts/provider";
import { ImportedAccountsInputs } from "../../../provider/resources/accounts/schema";
import { UNKNOWN_VALUE } from "../../../provider/resources/check";
import { groupProvider } from "../../../provider/resources/group/provider";
import { ImportedGroupInputs } from "../../../provider/resources/group/schema";
import { membersProvider } from "../../../provider/resources/members/provider";
import { ImportedGroupMembersInputs } from "../../../provider/resources/members/schema";
import { topicProvider } from "../../../provider/resources/topic/provider";
import { ImportedTopicInputs } from "../../../provider/resources/topic/schema";
import { OFFLINE_CONTEXT } from "../../helpers/offline-context";

/** Inputs tried by this file, reported by `npm run reliability`. */
export const RUNS = 400;

// Text that mixes ASCII, CJK (3 bytes), accents (2 bytes) and emoji (4 bytes), to hit byte limits off by one.
const mixedChar = fc.constantFrom("a", "Z", "0", "_", "-", " ", "é", "群", "話", "😀", "\u0000");
const mixedText = (maxChars: number) => fc.array(mixedChar, { maxLength: maxChars }).map((chars) => chars.join(""));
const scalar = fc.oneof(fc.string(), mixedText(40), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(UNKNOWN_VALUE));
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar, { maxKeys: 4 }), fc.array(scalar, { maxLength: 3 }));

const RESOURCES = [
  {
    name: "ImportedGroup",
    provider: groupProvider(OFFLINE_CONTEXT),
    schema: ImportedGroupInputs,
    nearValid: fc.record({
      type: fc.oneof(fc.constantFrom("Private", "Public", "ChatRoom", "Community", "AVChatRoom"), loose),
      name: fc.oneof(mixedText(14), loose),
      groupId: fc.option(fc.oneof(fc.constantFrom("legacy-1", "@TGS#x", "@TGS#_c"), mixedText(60)), { nil: undefined }),
      maxMemberCount: fc.option(fc.oneof(fc.integer({ min: -1, max: 200_000 }), loose), { nil: undefined }),
      applyJoinOption: fc.option(fc.oneof(fc.constantFrom("FreeAccess", "NeedPermission", "DisableApply"), loose), { nil: undefined }),
      supportTopic: fc.option(fc.oneof(fc.boolean(), loose), { nil: undefined }),
      createTime: fc.option(fc.oneof(fc.integer({ min: -10, max: 5_000_000_000 }), loose), { nil: undefined }),
      appDefinedData: fc.option(fc.dictionary(mixedText(20), mixedText(200), { maxKeys: 12 }), { nil: undefined }),
    }, { requiredKeys: [] }),
  },
  {
    name: "ImportedGroupMembers",
    provider: membersProvider(OFFLINE_CONTEXT),
    schema: ImportedGroupMembersInputs,
    nearValid: fc.record({
      groupId: fc.oneof(fc.constant("g"), loose),
      groupCreateTime: fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined }),
      members: fc.dictionary(mixedText(36), fc.record({
        role: fc.option(fc.oneof(fc.constantFrom("Admin", "Member", "Owner"), loose), { nil: undefined }),
        joinTime: fc.option(fc.oneof(fc.integer({ min: -5, max: 5_000_000_000 }), loose), { nil: undefined }),
        unreadMsgNum: fc.option(fc.oneof(fc.integer({ min: -5, max: 100 }), loose), { nil: undefined }),
      }, { requiredKeys: [] }), { maxKeys: 6 }),
    }, { requiredKeys: [] }),
  },
  {
    name: "ImportedTopic",
    provider: topicProvider(OFFLINE_CONTEXT),
    schema: ImportedTopicInputs,
    nearValid: fc.record({
      groupId: fc.oneof(fc.constant("@TGS#_c"), loose),
      topicName: fc.oneof(mixedText(14), loose),
      topicId: fc.option(fc.oneof(fc.constant("@TGS#_c@TOPIC#_t"), mixedText(100).map((s) => `@TGS#_c@TOPIC#_${s}`), loose), { nil: undefined }),
      customString: fc.option(mixedText(1100), { nil: undefined }),
      createTime: fc.option(fc.integer({ min: -5, max: 5_000_000_000 }), { nil: undefined }),
    }, { requiredKeys: [] }),
  },
  {
    name: "ImportedAccounts",
    provider: accountsProvider(OFFLINE_CONTEXT),
    schema: ImportedAccountsInputs,
    nearValid: fc.record({
      accounts: fc.oneof(fc.dictionary(mixedText(36), fc.record({ nick: fc.option(mixedText(180), { nil: undefined }), faceUrl: fc.option(loose, { nil: undefined }) }, { requiredKeys: [] }), { maxKeys: 5 }), loose),
    }, { requiredKeys: [] }),
  },
] as const;

describe("check, property-based (fast-check)", () => {
  for (const { name, provider, schema, nearValid } of RESOURCES) {
    it(`${name}: never throws or calls the network; every failure names a property; what passes, create accepts`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(nearValid, fc.dictionary(fc.string(), loose, { maxKeys: 6 })), async (inputs) => {
          const news = JSON.parse(JSON.stringify(inputs)) as Record<string, unknown>; // what the engine can send: JSON
          const { failures } = await provider.check!({}, { __provider: "shell", ...news });
          expect(failures).to.be.an("array");
          for (const failure of failures!) {
            expect(failure.property).to.be.a("string").and.not.equal("");
            expect(failure.reason).to.be.a("string").and.not.equal("");
            // Keys may contain dots (user IDs can), so match whole top-level keys rather than splitting the path.
            const keys = [...Object.keys(news).map((k) => (k === "" ? '""' : k)), ...Object.keys(schema.shape), "(inputs)"];
            const named = keys.some((k) => failure.property === k || failure.property.startsWith(`${k}.`));
            expect(named, failure.property).to.equal(true);
          }
          const hasUnknown = JSON.stringify(news).includes(UNKNOWN_VALUE);
          if (failures!.length === 0 && !hasUnknown) expect(schema.safeParse(news).success).to.equal(true);
        }),
        { numRuns: RUNS, seed: 20261122 },
      );
    });
  }

  it("group names pass exactly when they are 1 to 30 bytes of UTF-8, whatever the characters", async () => {
    const provider = groupProvider(OFFLINE_CONTEXT);
    await fc.assert(
      fc.asyncProperty(mixedText(16), async (name) => {
        const { failures } = await provider.check!({}, { type: "Public", name });
        const bytes = utf8Bytes(name);
        expect(failures!.some((f) => f.property === "name"), `${bytes} bytes`).to.equal(bytes === 0 || bytes > 30);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it("topic custom strings pass exactly up to 3,000 bytes", async () => {
    const provider = topicProvider(OFFLINE_CONTEXT);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 990, max: 1010 }), fc.constantFrom("群", "話", "é"), async (count, char) => {
        const customString = char.repeat(count);
        const { failures } = await provider.check!({}, { groupId: "@TGS#_c", topicName: "t", customString });
        expect(failures!.some((f) => f.property === "customString")).to.equal(utf8Bytes(customString) > 3000);
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});
