import { expect } from "chai";
import fc from "fast-check";
import { utf8Bytes } from "../../../provider/limits";
import { accountsProvider, accountsToImport } from "../../../provider/resources/accounts/provider";
import { encodeAccounts, readAccounts } from "../../../provider/resources/accounts/accounts-text";
import { ImportedAccountsInputs } from "../../../provider/resources/accounts/schema";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { unchangedSinceApplied, UNKNOWN_VALUE } from "../../../provider/resources/check";
import { groupProvider } from "../../../provider/resources/group/provider";
import { ImportedGroupInputs } from "../../../provider/resources/group/schema";
import { membersProvider } from "../../../provider/resources/members/provider";
import { ImportedGroupMembersInputs } from "../../../provider/resources/members/schema";
import { membersToImport } from "../../../provider/resources/members/sync";
import { topicProvider } from "../../../provider/resources/topic/provider";
import { ImportedTopicInputs } from "../../../provider/resources/topic/schema";
import { OFFLINE_CONTEXT } from "../../helpers/offline-context";
import { CHECK_RUNS } from "../../helpers/run-counts";
import { dispatch } from "../../../emulator/handlers";
import { DEFAULT_EMULATOR_LIMITS } from "../../../emulator/handlers/context";
import { EmulatorStore } from "../../../emulator/store";
import { importGroupRequest } from "../../../provider/resources/group/provider";
import { importTopicRequest } from "../../../provider/resources/topic/provider";

/**
 * Runs one command on a fresh emulator store (strict: every documented rule) holding what the call needs besides
 * itself (accounts, the group), and answers what the emulator answered; an ErrorCode is thrown.
 */
function emulatorAnswer(
  command: Parameters<typeof dispatch>[0],
  body: unknown,
  seed: { accounts?: string[]; group?: { groupId: string; type: string; createTime?: number; supportTopic?: boolean } } = {},
) {
  const store = new EmulatorStore();
  for (const userId of seed.accounts ?? []) store.state.accounts[userId] = { userId };
  if (seed.group) {
    const { groupId, type, createTime = 0, supportTopic = false } = seed.group;
    store.state.groups[groupId] = {
      groupId,
      type,
      name: "g",
      createTime,
      maxMemberCount: type === "Community" ? 100_000 : 6000,
      supportTopic,
      appDefinedData: {},
      members: {},
      topics: {},
    };
  }
  return dispatch(
    command,
    {
      store,
      nowSeconds: Math.floor(Date.now() / 1000),
      strict: true,
      identifier: "administrator",
      limits: DEFAULT_EMULATOR_LIMITS,
      sdkAppId: 1400000000,
    },
    body,
  );
}

// Text that mixes ASCII, CJK (3 bytes), accents (2 bytes) and emoji (4 bytes), to hit byte limits off by one.
const mixedChar = fc.constantFrom("a", "Z", "0", "_", "-", " ", "é", "群", "話", "😀", "\u0000");
const mixedText = (maxChars: number) => fc.array(mixedChar, { maxLength: maxChars }).map((chars) => chars.join(""));
const scalar = fc.oneof(fc.string(), mixedText(40), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(UNKNOWN_VALUE));
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar, { maxKeys: 4 }), fc.array(scalar, { maxLength: 3 }));
/** Mostly a value of the right kind, sometimes anything: enough inputs pass check for the emulator to judge them. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: loose });
/** Text of 1 to `maxBytes` bytes of UTF-8, from the mixed characters: valid, and often right at the limit. */
const fittingText = (maxBytes: number) =>
  mixedText(maxBytes).filter((t) => !t.includes("\u0000") && utf8Bytes(t) >= 1 && utf8Bytes(t) <= maxBytes);
/** A value inside its limits mostly, and just past one now and then: a check that let it through would be caught. */
const edged = <T>(inside: fc.Arbitrary<T>, ...past: T[]) =>
  fc.oneof({ weight: 6, arbitrary: inside }, { weight: 1, arbitrary: fc.constantFrom(...past) });
/** A group within every rule or just past one, edges included: what check passes, the emulator must accept. */
const validGroup = fc.constantFrom("Private", "Public", "ChatRoom", "Community").chain((type) => {
  const community = type === "Community";
  const model: Record<string, fc.Arbitrary<unknown>> = {
    type: fc.constant(type),
    name: edged(fittingText(30), "群".repeat(11), "a".repeat(31)),
    groupId: maybe(edged(fc.constant(community ? "@TGS#_c" : "legacy-1"), community ? "c" : "@TGS#_c", "g".repeat(49))),
    ownerAccount: maybe(edged(fc.constantFrom("alice", "x".repeat(32)), "x".repeat(33))),
    introduction: maybe(edged(fittingText(240), "i".repeat(241))),
    maxMemberCount: maybe(edged(fc.integer({ min: 1, max: community ? 100_000 : 6000 }), 0, community ? 100_001 : 6001)),
    ...(community
      ? { supportTopic: maybe(fc.boolean()) }
      : { applyJoinOption: maybe(fc.constantFrom("FreeAccess", "NeedPermission", "DisableApply")) }),
    createTime: maybe(edged(fc.integer({ min: 0, max: 1_700_000_000 }), 5_000_000_000)),
    appDefinedData: maybe(fc.dictionary(fc.constantFrom("Level", "tier_2", "k".repeat(16)), fittingText(512), { maxKeys: 3 })),
  };
  return fc.record(model, { requiredKeys: ["type", "name"] });
});
/** Present about half the time. */
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });

const RESOURCES = [
  {
    name: "ImportedGroup",
    provider: groupProvider(OFFLINE_CONTEXT),
    schema: ImportedGroupInputs,
    tencentAccepts: (inputs: Record<string, unknown>) => {
      const parsed = ImportedGroupInputs.parse(inputs);
      const answer = emulatorAnswer("import_group", importGroupRequest(parsed), {
        accounts: parsed.ownerAccount ? [parsed.ownerAccount] : [],
      });
      expect(answer.GroupId).to.be.a("string");
    },
    nearValid: fc.record(
      {
        type: mostly(fc.constantFrom("Private", "Public", "ChatRoom", "Community", "AVChatRoom")),
        name: mostly(mixedText(14)),
        // Valid values most of the time and the edges around each limit the rest, so that about a tenth of the inputs
        // pass check and reach the emulator.
        groupId: maybe(
          mostly(
            fc.oneof(
              { weight: 3, arbitrary: fc.constantFrom("legacy-1", "team.eng", "@TGS#_c") },
              { weight: 1, arbitrary: fc.constantFrom("@TGS#x", "g".repeat(49), "g".repeat(48), "群") },
            ),
          ),
        ),
        ownerAccount: maybe(mostly(fc.constantFrom("alice", "wang_wei", "alice", "x".repeat(32), "x".repeat(33), "émile"))),
        introduction: maybe(mixedText(90)),
        maxMemberCount: maybe(
          mostly(
            fc.oneof(
              { weight: 3, arbitrary: fc.integer({ min: 1, max: 6000 }) },
              { weight: 1, arbitrary: fc.constantFrom(-1, 0, 6001, 100_000, 100_001) },
            ),
          ),
        ),
        applyJoinOption: maybe(mostly(fc.constantFrom("FreeAccess", "NeedPermission", "DisableApply", "Open"))),
        supportTopic: maybe(mostly(fc.boolean())),
        createTime: maybe(
          mostly(
            fc.oneof(
              { weight: 3, arbitrary: fc.integer({ min: 0, max: 1_700_000_000 }) },
              { weight: 1, arbitrary: fc.constantFrom(-10, 5_000_000_000) },
            ),
          ),
        ),
        appDefinedData: maybe(
          fc.dictionary(
            fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom("Level", "tier_2", "k".repeat(16)) },
              { weight: 1, arbitrary: fc.constantFrom("bad key", "k".repeat(17), "群") },
            ),
            mixedText(150),
            { maxKeys: 11 },
          ),
        ),
      },
      { requiredKeys: ["type", "name"] },
    ),
    valid: validGroup,
  },
  {
    name: "ImportedGroupMembers",
    provider: membersProvider(OFFLINE_CONTEXT),
    schema: ImportedGroupMembersInputs,
    tencentAccepts: (inputs: Record<string, unknown>) => {
      const parsed = ImportedGroupMembersInputs.parse(inputs);
      const accounts = Object.keys(parsed.members).slice(0, DEFAULT_EMULATOR_LIMITS.importMemberBatch);
      if (accounts.length === 0) return; // the provider sends no call for an empty list
      const answer = emulatorAnswer(
        "import_group_member",
        { GroupId: parsed.groupId, MemberList: membersToImport(parsed.members, accounts) },
        {
          accounts,
          group: {
            groupId: parsed.groupId,
            type: "Public",
            ...(parsed.groupCreateTime !== undefined ? { createTime: parsed.groupCreateTime } : {}),
          },
        },
      );
      expect((answer.MemberList as { Result: number }[]).map((m) => m.Result)).to.deep.equal(accounts.map(() => 1));
    },
    nearValid: fc.record(
      {
        groupId: mostly(fc.constant("g")),
        groupCreateTime: maybe(fc.integer({ min: 0, max: 2_000_000_000 })),
        members: mostly(
          fc.dictionary(
            fc.oneof({ weight: 4, arbitrary: fc.constantFrom("alice", "bob", "wang_wei", "m.1") }, { weight: 1, arbitrary: mixedText(36) }),
            fc.record(
              {
                role: maybe(mostly(fc.constantFrom("Admin", "Member", "Owner"))),
                joinTime: maybe(mostly(fc.integer({ min: -5, max: 5_000_000_000 }))),
                unreadMsgNum: maybe(mostly(fc.integer({ min: -5, max: 100 }))),
              },
              { requiredKeys: [] },
            ),
            { maxKeys: 6 },
          ),
        ),
      },
      { requiredKeys: ["groupId", "members"] },
    ),
  },
  {
    name: "ImportedTopic",
    provider: topicProvider(OFFLINE_CONTEXT),
    schema: ImportedTopicInputs,
    tencentAccepts: (inputs: Record<string, unknown>) => {
      const parsed = ImportedTopicInputs.parse(inputs);
      const answer = emulatorAnswer(
        "import_topic",
        { ...importTopicRequest(parsed), From_Account: parsed.fromAccount ?? "administrator" },
        {
          accounts: [parsed.fromAccount ?? "administrator"],
          group: { groupId: parsed.groupId, type: "Community", supportTopic: true },
        },
      );
      expect(answer.TopicId).to.be.a("string");
    },
    nearValid: fc.record(
      {
        groupId: mostly(fc.constant("@TGS#_c")),
        topicName: mostly(mixedText(14)),
        topicId: maybe(
          mostly(
            fc.oneof(
              fc.constant("@TGS#_c@TOPIC#_t"),
              mixedText(100).map((s) => `@TGS#_c@TOPIC#_${s}`),
              fc.constant("@TGS#_other@TOPIC#_t"),
            ),
          ),
        ),
        fromAccount: maybe(mostly(fc.constantFrom("alice", "x".repeat(33)))),
        customString: maybe(mixedText(1100)),
        createTime: maybe(mostly(fc.integer({ min: -5, max: 5_000_000_000 }))),
      },
      { requiredKeys: ["groupId", "topicName"] },
    ),
  },
  {
    name: "ImportedAccounts",
    provider: accountsProvider(OFFLINE_CONTEXT),
    schema: ImportedAccountsInputs,
    tencentAccepts: (inputs: Record<string, unknown>) => {
      const parsed = ImportedAccountsInputs.parse(inputs);
      const accounts = readAccounts(parsed.accounts);
      const AccountList = accountsToImport(accounts, Object.keys(accounts));
      if (AccountList.length === 0) return;
      expect(emulatorAnswer("multiaccount_import", { AccountList }).FailAccounts ?? []).to.deep.equal([]);
    },
    nearValid: fc.record(
      {
        accounts: mostly(
          fc
            .dictionary(
              fc.oneof({ weight: 4, arbitrary: fc.constantFrom("alice", "bob", "wang_wei") }, { weight: 1, arbitrary: mixedText(36) }),
              fc.record(
                { nick: maybe(mixedText(180)), faceUrl: maybe(mostly(fc.constantFrom("https://x/a.png", "h".repeat(501)))) },
                { requiredKeys: [] },
              ),
              { maxKeys: 5 },
            )
            .map((accounts) => encodeAccounts(accounts as Parameters<typeof encodeAccounts>[0])),
        ),
      },
      { requiredKeys: ["accounts"] },
    ),
  },
] as const;

describe("check, property-based (fast-check)", () => {
  for (const { name, provider, schema, nearValid, tencentAccepts, ...rest } of RESOURCES) {
    const valid = "valid" in rest ? (rest.valid as fc.Arbitrary<Record<string, unknown>>) : undefined;
    it(`${name}: never throws or calls the network; every failure names a property; what passes, the emulator's strict rules accept`, async () => {
      let reachedService = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 4, arbitrary: nearValid as fc.Arbitrary<Record<string, unknown>> },
            { weight: 1, arbitrary: fc.dictionary(fc.string(), loose, { maxKeys: 6 }) },
            ...(valid ? [{ weight: 2, arbitrary: valid }] : []),
          ),
          async (inputs) => {
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
            // What preview lets through, Tencent's documented rules (the emulator, strict) must accept: check is not
            // weaker than the service.
            if (failures!.length === 0 && !hasUnknown) {
              reachedService += 1;
              tencentAccepts(news);
            }
          },
        ),
        { numRuns: CHECK_RUNS, seed: 20261122 },
      );
      // A property whose inputs never pass check would compare nothing.
      expect(reachedService, "inputs that passed check and reached the emulator").to.be.greaterThan(CHECK_RUNS / 20);
    });
  }

  it("group names pass exactly when they are 1 to 30 bytes of UTF-8, whatever the characters", async () => {
    const provider = groupProvider(OFFLINE_CONTEXT);
    await fc.assert(
      fc.asyncProperty(mixedText(16), async (name) => {
        const { failures } = await provider.check!({}, { type: "Public", name });
        const bytes = utf8Bytes(name);
        expect(
          failures!.some((f) => f.property === "name"),
          `${bytes} bytes`,
        ).to.equal(bytes === 0 || bytes > 30);
      }),
      { numRuns: CHECK_RUNS, seed: 7 },
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

describe("unchangedSinceApplied", () => {
  const text = "@ImportedAccounts v1\nalice";
  it("matches only the very inputs the old ones were, the engine's __provider aside", () => {
    expect(unchangedSinceApplied({ accounts: text, __provider: "old" }, { accounts: text })).to.equal(true);
    expect(unchangedSinceApplied({ accounts: text, deletionPolicy: "retain" }, { accounts: text, deletionPolicy: "retain" })).to.equal(
      true,
    );
  });

  it("does not match a new resource, a changed or added or removed value, or an older state's map", () => {
    expect(unchangedSinceApplied(undefined, {})).to.equal(false);
    expect(unchangedSinceApplied({}, {})).to.equal(false);
    expect(unchangedSinceApplied({ __provider: "old" }, { accounts: text })).to.equal(false);
    expect(unchangedSinceApplied({ accounts: text }, { accounts: `${text}\nbob` })).to.equal(false);
    expect(unchangedSinceApplied({ accounts: text }, { accounts: text, deletionPolicy: "retain" })).to.equal(false);
    expect(unchangedSinceApplied({ accounts: text, deletionPolicy: "retain" }, { accounts: text })).to.equal(false);
    const map = { alice: {} };
    expect(unchangedSinceApplied({ accounts: map }, { accounts: { alice: {} } })).to.equal(false);
  });

  it("UNKNOWN_VALUE is the SDK's own marker of a value not known at preview", () => {
    expect(UNKNOWN_VALUE).to.equal(unknownValue);
  });
});
