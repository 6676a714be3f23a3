import fc from "fast-check";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { encodeAccounts } from "../../../provider/resources/accounts/accounts-text";
import { accountsProvider } from "../../../provider/resources/accounts/provider";
import { batchProvider } from "../../../provider/resources/batch/provider";
import { encodeBatch } from "../../../provider/resources/batch/batch-text";
import { withDerivedIds, type BatchGroupArgs } from "../../../provider/resources/batch/resource";
import { groupProvider } from "../../../provider/resources/group/provider";
import { membersProvider } from "../../../provider/resources/members/provider";
import { topicProvider } from "../../../provider/resources/topic/provider";
import { importAccounts } from "../../../provider/api/operations";
import { emulatorContext } from "../../helpers/emulator-context";
import { SimulatedResource } from "../../helpers/engine";
import { CONVERGENCE_RUNS } from "../../helpers/run-counts";

const T0 = 1_600_000_000;
// "constructor" and "toString" are valid UserIDs and keys that every JavaScript object inherits.
const POOL = ["a0", "a1", "a2", "constructor", "toString"];

// Text within the byte limits, mixing ASCII with 2- and 3-byte characters.
const text = (maxChars: number) =>
  fc.array(fc.constantFrom("a", "Z", "0", " ", "-", "é", "群"), { minLength: 1, maxLength: maxChars }).map((c) => c.join(""));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A group's own properties, set or left out; `type` fixed so that most changes update in place. */
const groupFields = (type: "Public" | "Community") =>
  fc.record({
    name: text(10),
    introduction: optional(text(20)),
    notification: optional(text(20)),
    faceUrl: optional(fc.constantFrom("https://a.example/1.png", "https://a.example/2.png")),
    maxMemberCount: optional(fc.integer({ min: 50, max: 3000 })),
    applyJoinOption:
      type === "Community" ? fc.constant(undefined) : optional(fc.constantFrom("FreeAccess", "NeedPermission", "DisableApply")),
    appDefinedData: optional(fc.dictionary(fc.constantFrom("legacy", "tier", "k3"), text(8), { maxKeys: 3 })),
    ownerAccount: optional(fc.constantFrom("a0", "a1")),
    createTime: fc.constantFrom(T0, T0 - 3600), // a change replaces the group
  });

const member = fc.record({
  role: optional(fc.constantFrom("Admin", "Member") as fc.Arbitrary<"Admin" | "Member">),
  joinTime: optional(fc.integer({ min: T0 + 1, max: T0 + 1000 })),
  unreadMsgNum: optional(fc.integer({ min: 0, max: 3 })),
});
const members = fc.dictionary(fc.constantFrom(...POOL), member, { maxKeys: POOL.length });

/** Removes undefined values, as the engine does with inputs. */
const defined = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("convergence: after every up, refresh and preview show no changes (generated inputs, emulator over HTTP)", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${++counter}`;

  before(async () => {
    emulator = await startEmulator();
    const context = emulatorContext(emulator);
    await importAccounts(
      context.client(),
      POOL.map((UserID) => ({ UserID })),
    );
  });
  after(async () => emulator?.close());

  it("ImportedGroup: declared, changed and removed properties", () =>
    fc.assert(
      fc.asyncProperty(
        fc.constantFrom("Public" as const, "Community" as const),
        fc.tuple(groupFields("Public"), groupFields("Public")),
        async (type, [first, second]) => {
          const fields = type === "Community" ? [first, second].map(({ applyJoinOption: _a, ...rest }) => rest) : [first, second];
          const groupId = type === "Community" ? nextId("@TGS#_c") : nextId("g");
          const group = new SimulatedResource(groupProvider(emulatorContext(emulator)));
          for (const declared of fields) {
            await group.up(defined({ type, groupId, ...declared, ...(type === "Community" ? { supportTopic: true } : {}) }));
            await group.expectSettled();
          }
          await group.destroy();
        },
      ),
      { numRuns: CONVERGENCE_RUNS, seed: 13 },
    ));

  it("ImportedGroupMembers: members added, changed and removed, and an owner change", () =>
    fc.assert(
      fc.asyncProperty(
        fc.tuple(members, members),
        fc.tuple(fc.constantFrom("a0", "a1"), fc.constantFrom("a0", "a1")),
        async ([first, second], [ownerBefore, ownerAfter]) => {
          const context = emulatorContext(emulator);
          const groupId = nextId("m");
          const group = new SimulatedResource(groupProvider(context));
          const list = new SimulatedResource(membersProvider(context));
          for (const [declared, owner] of [
            [first, ownerBefore],
            [second, ownerAfter],
          ] as const) {
            // The engine updates the group before its members, which take the owner from it.
            await group.up({ type: "Public", name: "Members", groupId, ownerAccount: owner, createTime: T0 });
            await list.up(defined({ groupId, groupCreateTime: T0, groupOwner: owner, members: declared }));
            await group.expectSettled();
            await list.expectSettled();
          }
          await group.destroy();
        },
      ),
      { numRuns: CONVERGENCE_RUNS, seed: 17 },
    ));

  it("ImportedTopic: declared, changed and removed properties", () =>
    fc.assert(
      fc.asyncProperty(
        fc.tuple(
          ...[0, 1].map(() =>
            fc.record({
              topicName: text(10),
              introduction: optional(text(20)),
              notification: optional(text(20)),
              customString: optional(text(30)),
              faceUrl: optional(fc.constantFrom("https://a.example/t.png")),
              fromAccount: optional(fc.constantFrom("a0", "a1")),
              createTime: optional(fc.constantFrom(T0, T0 + 60)),
            }),
          ),
        ),
        async (declarations) => {
          const context = emulatorContext(emulator);
          const groupId = nextId("@TGS#_t");
          const community = new SimulatedResource(groupProvider(context));
          await community.up({ type: "Community", name: "Topics", groupId, supportTopic: true, createTime: T0 - 60 });
          const topic = new SimulatedResource(topicProvider(context));
          for (const declared of declarations) {
            await topic.up(
              defined({ groupId, topicId: `${groupId}@TOPIC#_general`, groupType: "Community", groupSupportTopic: true, ...declared }),
            );
            await topic.expectSettled();
          }
          await community.destroy();
        },
      ),
      { numRuns: CONVERGENCE_RUNS, seed: 19 },
    ));

  it("ImportedAccounts: profiles added, changed and removed", () =>
    fc.assert(
      fc.asyncProperty(
        fc.tuple(
          ...[0, 1].map(() =>
            fc.dictionary(
              fc.constantFrom("p0", "p1", "p2", "p3"),
              fc.record({ nick: optional(text(10)), faceUrl: optional(fc.constantFrom("https://a.example/f.png")) }),
              { minKeys: 1, maxKeys: 4 },
            ),
          ),
        ),
        fc.constantFrom("delete" as const, undefined),
        async (declarations, deletionPolicy) => {
          const prefix = nextId("x");
          const accounts = new SimulatedResource(accountsProvider(emulatorContext(emulator)));
          for (const declared of declarations) {
            const renamed = Object.fromEntries(Object.entries(declared).map(([id, profile]) => [`${prefix}${id}`, profile]));
            await accounts.up(defined({ accounts: encodeAccounts(renamed), deletionPolicy }));
            await accounts.expectSettled();
          }
        },
      ),
      { numRuns: CONVERGENCE_RUNS, seed: 23 },
    ));

  it("ImportedGroupBatch: groups, members and topics added, changed, replaced and removed", () => {
    const batchGroup: fc.Arbitrary<BatchGroupArgs> = fc
      .tuple(
        fc.constantFrom("Public" as const, "Community" as const),
        groupFields("Public"),
        members,
        fc.dictionary(fc.constantFrom("news", "chat"), fc.record({ topicName: text(8), introduction: optional(text(10)) }), { maxKeys: 2 }),
      )
      .map(([type, fields, declaredMembers, topics]) => {
        const { applyJoinOption, ...rest } = fields;
        return defined({
          type,
          ...rest,
          ...(type === "Community" ? { supportTopic: true, topics } : { applyJoinOption }),
          members: declaredMembers,
          allowReplace: true, // generated changes may replace: accepted, so the convergence of replacements is tried too
        }) as BatchGroupArgs;
      });
    return fc.assert(
      fc.asyncProperty(
        fc.tuple(...[0, 1].map(() => fc.dictionary(fc.constantFrom("g1", "g2", "constructor"), batchGroup, { minKeys: 1, maxKeys: 3 }))),
        async (declarations) => {
          const stack = nextId("s");
          const batch = new SimulatedResource(batchProvider(emulatorContext(emulator)));
          for (const groups of declarations) {
            await batch.up({ groups: encodeBatch(withDerivedIds(groups, "convergence", stack)) });
            await batch.expectSettled();
          }
          await batch.destroy();
        },
      ),
      { numRuns: CONVERGENCE_RUNS, seed: 29 },
    );
  });
});
