import { createHash } from "node:crypto";
import { mapConcurrent, Slots } from "../../api/concurrency";
import { ChatError } from "../../api/errors";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, isKnown, unchangedSinceApplied, withoutProvider, type CheckFailure } from "../check";
import { canonicalJson } from "../diff";
import { getGroups } from "../../api/operations";
import type { ImportedGroupInputs } from "../group/schema";
import { groupChange, importGroup as importOneGroup, liveDeclaredInputs, modifyGroup, removeGroup } from "../group/sync";
import { liveDeclaredMembers, MembersNotImported, syncMembers } from "../members/sync";
import { listSome, PartialFailure } from "../partial";
import { ownValue } from "../../own-keys";
import { progressLogger } from "../progress";
import type { ImportedTopicInputs } from "../topic/schema";
import { importTopic, modifyTopic, readTopics, removeTopic, topicChange } from "../topic/sync";
import {
  BatchDeclaration,
  batchCrossFieldRules,
  hiddenReplacements,
  ImportedGroupBatchInputs,
  type BatchGroup,
  type BatchTopic,
  type ImportedGroupBatchOutputs,
} from "./schema";
import { decodeMembers, encodeMembers } from "./compact-member";
import { isDeclaredInThisRun } from "./declared-groups";
import { batchTextVersion, currentBatchText, encodeBatch, parseBatch, readBatch } from "./batch-text";
import { recordedOutputs, type ChatProvider } from "../dynamic-resource";

/**
 * Groups of one batch worked on at once. The client's per-command rate limiters set the pace; this only has to
 * keep enough calls in flight to reach them (200 calls/s at 30-100 ms per answer needs 6 to 20).
 */
const GROUPS_IN_FLIGHT = 32;

/**
 * Batches read at once by one provider process. The engine refreshes 4 resources per CPU at once, but reads are
 * paced by the API's rate, not by how many run: two keep it busy (32 groups each in flight), and each one more
 * held its batch's declared and live members (a 1,000-group batch is hundreds of MiB while read) for nothing:
 * the provider's memory in a refresh at XL was 2 GiB with eight.
 */
const BATCHES_READ_AT_ONCE = 2;

type Groups = Record<string, BatchGroup>;

/** A text's digest, to remember texts this process has checked. */
const digestOf = (text: string) => createHash("sha256").update(text).digest("base64");

/**
 * The groups of inputs, read from their text. A text this process's `check` passed (the engine checks before every
 * create and update) is not validated a second time: at 100,000 members a batch, that is a second of the provider's
 * only thread, during which no answer of the groups in flight is read.
 */
function declarationOf(raw: Record<string, unknown>, checked: ReadonlySet<string>): BatchDeclaration {
  const { groups } = ImportedGroupBatchInputs.parse(withoutProvider(raw));
  if (checked.has(digestOf(groups))) return { groups: readBatch(groups) };
  return BatchDeclaration.parse({ groups: readBatch(groups) });
}

/**
 * Whether the applied inputs hold the same groups as `inputs` in an earlier version of the text: they passed check
 * then, and writing them in the current version to compare costs a fraction of checking every member again, which
 * each preview would do until the next `pulumi up` records the inputs in the current version.
 */
function appliedInEarlierFormat(olds: Record<string, unknown> | undefined, inputs: Record<string, unknown>): boolean {
  const before = olds?.groups;
  if (typeof before !== "string" || typeof inputs.groups !== "string" || batchTextVersion(before) === batchTextVersion(inputs.groups))
    return false;
  try {
    return currentBatchText(before) === inputs.groups;
  } catch {
    return false; // does not read: check the new text as usual
  }
}

/** A group's own inputs, as ImportedGroup takes them. */
function groupPart(group: BatchGroup): ImportedGroupInputs & { groupId: string } {
  const { members: _members, topics: _topics, allowReplace: _allowReplace, ...inputs } = group;
  return inputs;
}

/** A topic of a group, as ImportedTopic takes it. */
function topicPart(group: BatchGroup, topic: BatchTopic): ImportedTopicInputs & { topicId: string } {
  const { allowReplace: _allowReplace, ...inputs } = topic;
  return { ...inputs, groupId: group.groupId };
}

/** A topic as a batch holds it: without the enclosing group's ID. */
function asBatchTopic(topic: Record<string, unknown>): BatchTopic {
  const { groupId: _groupId, ...rest } = topic;
  return rest as BatchTopic;
}

/** A step of one group failed; `applied` is what of the group is in place (undefined: nothing, or not known). */
class GroupFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly applied: BatchGroup | undefined,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The result of working on one group: what is in place afterwards, and the error if a step failed. */
interface GroupOutcome {
  key: string;
  groupId: string;
  applied: BatchGroup | undefined;
  error?: unknown;
}

/** How many members a group declares. */
function memberCount(group: BatchGroup): number {
  return group.members === undefined ? 0 : Object.keys(group.members).length;
}

/**
 * The ImportedGroupBatch lifecycle: many groups, each with its members and topics, in one resource. Each group
 * goes through the same steps as its own ImportedGroup, ImportedGroupMembers and ImportedTopic would (the same
 * work: group/sync.ts, members/sync.ts, topic/sync.ts), many at once; the engine sees one resource instead of hundreds. A group that fails does not
 * stop the others: what is in place is recorded as partial state, and the next `pulumi up` completes the rest.
 */
export function batchProvider(context: ProviderContext): ChatProvider<ImportedGroupBatchInputs, ImportedGroupBatchOutputs> {
  /** Digests of the texts `check` passed in this process. */
  const checked = new Set<string>();
  /** Reads wait here for one of {@link BATCHES_READ_AT_ONCE}, in the order the engine started them. */
  const readSlots = new Slots(BATCHES_READ_AT_ONCE);

  /** Runs `step`; a failure not yet wrapped carries `fallback` as what of the group is in place. */
  async function tracked(fallback: BatchGroup | undefined, step: () => Promise<BatchGroup | undefined>): Promise<BatchGroup | undefined> {
    try {
      return await step();
    } catch (error) {
      throw error instanceof GroupFailure ? error : new GroupFailure(error, fallback);
    }
  }

  /** Imports a group's members; a partial failure leaves the imported ones recorded. */
  async function syncMembersOf(applied: BatchGroup, next: BatchGroup, previous: BatchGroup | undefined): Promise<void> {
    // An owner change counts too: the members step sets the previous owner's declared role again.
    const before = previous?.members !== undefined ? decodeMembers(previous.members) : undefined;
    const after = next.members !== undefined ? decodeMembers(next.members) : {};
    if (canonicalJson(before ?? {}) !== canonicalJson(after) || (previous !== undefined && previous.ownerAccount !== next.ownerAccount)) {
      const had = before !== undefined && Object.keys(before).length > 0;
      try {
        await syncMembers(
          context,
          { groupId: next.groupId, groupOwner: next.ownerAccount },
          had ? before : undefined,
          after,
          previous?.ownerAccount,
        );
      } catch (error) {
        if (error instanceof MembersNotImported) applied.members = encodeMembers(error.inPlace);
        throw new GroupFailure(error, applied);
      }
    }
    if (next.members !== undefined) applied.members = next.members;
    else delete applied.members;
  }

  /** Brings a group's topics from `previous` to `next`, recording each one as it lands. */
  async function syncTopics(applied: BatchGroup, next: BatchGroup, previous: BatchGroup | undefined): Promise<void> {
    const before = previous?.topics ?? {};
    const after = next.topics ?? {};
    const done: Record<string, BatchTopic> = { ...before };
    const record = () => {
      if (Object.keys(done).length > 0 || next.topics !== undefined) applied.topics = { ...done };
      else delete applied.topics;
    };
    try {
      for (const key of Object.keys(before).filter((k) => !Object.hasOwn(after, k))) {
        await removeTopic(context, next.groupId, before[key]!.topicId);
        delete done[key];
      }
      for (const [key, topic] of Object.entries(after)) {
        const old = ownValue(before, key);
        if (old && canonicalJson(old) === canonicalJson(topic)) continue;
        if (old) {
          const change = topicChange(topicPart(next, old), topicPart(next, topic));
          if (change.replaces && change.replaces.length > 0) {
            await removeTopic(context, next.groupId, old.topicId);
            delete done[key];
            await importTopic(context, topicPart(next, topic));
          } else {
            await modifyTopic(context, old.topicId, topicPart(next, old), topicPart(next, topic));
          }
        } else {
          await importTopic(context, topicPart(next, topic));
        }
        done[key] = topic;
      }
    } finally {
      record();
    }
  }

  /** Brings a group's members and topics from `previous` to `next`; a failure carries what is in place. */
  async function syncContents(applied: BatchGroup, next: BatchGroup, previous: BatchGroup | undefined): Promise<BatchGroup> {
    try {
      await syncMembersOf(applied, next, previous);
      await syncTopics(applied, next, previous);
    } catch (error) {
      throw error instanceof GroupFailure ? error : new GroupFailure(error, applied);
    }
    // allowReplace is a declaration, not a property of the group: recorded as declared, so it is no change.
    if (next.allowReplace !== undefined) applied.allowReplace = next.allowReplace;
    return applied;
  }

  /** Imports one group, then its members, then its topics. */
  function importGroup(next: BatchGroup): Promise<BatchGroup | undefined> {
    return tracked(undefined, async () => {
      await importOneGroup(context, groupPart(next));
      return syncContents(groupPart(next), next, undefined);
    });
  }

  /** Brings one group from its recorded state to the declared one; undefined means it is gone. */
  function updateGroup(previous: BatchGroup | undefined, next: BatchGroup | undefined): Promise<BatchGroup | undefined> {
    if (!previous) return importGroup(next!);
    if (!next) {
      return tracked(previous, async () => {
        // Moved to another batch of this run (see ./declared-groups.ts): that batch adopts it; destroying it here would
        // delete it under the other's feet.
        if (isDeclaredInThisRun(context.stack?.(), previous.groupId))
          console.log(`${previous.groupId}: left this batch for another of the same migration: forgotten here, not destroyed`);
        else await removeGroup(context, previous.groupId);
        return undefined;
      });
    }
    if (canonicalJson(previous) === canonicalJson(next)) return Promise.resolve(previous);
    return tracked(previous, async () => {
      const change = groupChange(groupPart(previous), groupPart(next));
      if (change.replaces && change.replaces.length > 0) {
        // Replaced: the old group (and with it its members and topics) goes first, as it may hold the same ID.
        await removeGroup(context, previous.groupId);
        return importGroup(next);
      }
      if (change.changes) await modifyGroup(context, previous.groupId, groupPart(previous), groupPart(next));
      const applied: BatchGroup = {
        ...groupPart(next),
        ...(previous.members ? { members: previous.members } : {}),
        ...(previous.topics ? { topics: previous.topics } : {}),
      };
      return syncContents(applied, next, previous);
    });
  }

  /** Works on every group (at most {@link GROUPS_IN_FLIGHT} at once) and collects what each left in place. */
  async function forEachGroup(
    id: string,
    known: Groups,
    work: (key: string) => Promise<BatchGroup | undefined>,
    fallback: (key: string) => BatchGroup | undefined,
  ): Promise<GroupOutcome[]> {
    const progress = progressLogger(`${id}: `, "groups");
    const keys = Object.keys(known);
    let done = 0;
    return mapConcurrent(keys, GROUPS_IN_FLIGHT, async (key): Promise<GroupOutcome> => {
      const groupId = known[key]!.groupId;
      try {
        return { key, groupId, applied: await work(key) };
      } catch (error) {
        return {
          key,
          groupId,
          applied: error instanceof GroupFailure ? error.applied : fallback(key),
          error: error instanceof GroupFailure ? error.cause : error,
        };
      } finally {
        progress(++done, keys.length);
      }
    });
  }

  /** One line per failed group: its key, its ID and why. */
  function failureReasons(outcomes: GroupOutcome[]): string[] {
    return outcomes
      .filter((o) => o.error !== undefined)
      .map(({ key, groupId, error }) => `${key} (${groupId}): ${error instanceof Error ? error.message : String(error)}`);
  }

  /** The outputs of what is in place; when some groups failed, a partial failure naming each and why. */
  function settle(id: string, outcomes: GroupOutcome[], providerText: unknown, verb: string): ImportedGroupBatchOutputs {
    const applied: Groups = {};
    for (const { key, applied: group } of outcomes) if (group) applied[key] = group;
    const outs: ImportedGroupBatchOutputs = { groups: encodeBatch(applied), groupCount: Object.keys(applied).length };
    const reasons = failureReasons(outcomes);
    if (reasons.length === 0) return outs;
    throw new PartialFailure(
      `${verb} failed for ${reasons.length} of ${outcomes.length} groups of ${id} (the others are in place; run \`pulumi up\` again to finish): ${listSome(reasons, 5)}`,
      id,
      { ...outs, __provider: providerText },
      reasons,
    );
  }

  /** Reads a batch's groups as they are live: what refresh records. */
  async function readLive(id: string, outputs: ImportedGroupBatchOutputs | undefined) {
    const props = recordedOutputs(outputs, "ImportedGroupBatch");
    const declared = readBatch(props.groups);
    const client = context.client();
    // One get_group_info per 50 groups, instead of one per group for the group and again for its members.
    const infos = await getGroups(
      client,
      Object.values(declared).map((g) => g.groupId),
    );
    const live: Groups = {};
    // Largest first: a community's member pages follow a cursor, one call after another, so it is the longest
    // chain and starts at once instead of after the groups that each take one call.
    const bySize = Object.entries(declared)
      .map((entry) => ({ entry, members: memberCount(entry[1]) }))
      .sort((a, b) => b.members - a.members)
      .map(({ entry }) => entry);
    await mapConcurrent(bySize, GROUPS_IN_FLIGHT, async ([key, group]) => {
      const info = infos.get(group.groupId);
      if (!info) return; // gone: refresh drops it, and the next `up` imports it again
      // allowReplace is a declaration, not something to read back: kept as recorded.
      const entry: BatchGroup = {
        ...liveDeclaredInputs(groupPart(group), info),
        groupId: group.groupId,
        ...(group.allowReplace !== undefined ? { allowReplace: group.allowReplace } : {}),
      };
      if (group.members !== undefined) {
        entry.members = encodeMembers(await liveDeclaredMembers(client, info, decodeMembers(group.members)));
      }
      if (group.topics !== undefined) {
        entry.topics = {};
        // One get_topic for all of the group's topics.
        const topics = Object.entries(group.topics);
        const read = await readTopics(context, group.groupId, new Map(topics.map(([, topic]) => [topic.topicId, topicPart(group, topic)])));
        for (const [topicKey, topic] of topics) {
          const live = read.get(topic.topicId);
          if (live)
            entry.topics[topicKey] = {
              ...asBatchTopic({ ...live, topicId: topic.topicId }),
              ...(topic.allowReplace !== undefined ? { allowReplace: topic.allowReplace } : {}),
            };
        }
      }
      live[key] = entry;
    });
    if (Object.keys(declared).length > 0 && Object.keys(live).length === 0) return { id: "" };
    // The text is canonical (keys sorted), so a refresh without drift changes nothing; written in the recorded
    // text's version, so a state recorded in an earlier one shows drift only, not the format.
    const text = encodeBatch(live, batchTextVersion(props.groups));
    return { id, props: { groups: text, groupCount: Object.keys(live).length }, inputs: { groups: text } };
  }

  return {
    async check(olds, news) {
      context.assertConfigured();
      const inputs = withoutProvider(news);
      // The text is unknown at preview when a group takes an output not known yet: checked at `up`.
      if (!isKnown(inputs.groups)) return { inputs, failures: [] };
      // Reading a hundred thousand members again cost every no-op preview half a second per batch.
      if (unchangedSinceApplied(olds, inputs) || appliedInEarlierFormat(olds, inputs)) return { inputs, failures: [] };
      const shape = checkWith(ImportedGroupBatchInputs, inputs);
      if (shape.failures.length > 0) return shape;
      // The text read back into groups, checked as the map form would be, so problems name groups and members.
      const declared = parseBatch(inputs.groups as string);
      if ("problems" in declared)
        return { inputs, failures: declared.problems.map(({ property, reason }): CheckFailure => ({ property, reason })) };
      const previous =
        typeof olds?.groups === "string" ? parseBatch(olds.groups) : { groups: (olds?.groups ?? {}) as Record<string, unknown> };
      const before = { groups: "groups" in previous ? previous.groups : {} };
      const { failures } = checkWith(BatchDeclaration, { groups: declared.groups }, (raw) => [
        ...batchCrossFieldRules(raw),
        ...hiddenReplacements(before, raw),
      ]);
      if (failures.length === 0) checked.add(digestOf(inputs.groups as string));
      return { inputs, failures };
    },

    async diff(_id, olds, raw) {
      const news = withoutProvider(raw) as ImportedGroupBatchInputs;
      // Every change, even one that replaces a group, is an update of the batch: the batch itself stays. The groups
      // are compared, not their format: texts of the current version are canonical (equal groups, equal texts), and
      // a state recorded in an earlier version (or as a map) is read and written in it, so a new format alone is
      // no change and no call.
      return { changes: currentBatchText(olds.groups) !== currentBatchText(news.groups), replaces: [], deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = declarationOf(raw, checked);
      const groupIds = Object.values(inputs.groups)
        .map((g) => g.groupId)
        .sort();
      const id = `batch-${createHash("sha256").update(groupIds.join("\n")).digest("hex").slice(0, 16)}`;
      const outcomes = await forEachGroup(
        id,
        inputs.groups,
        (key) => importGroup(inputs.groups[key]!),
        () => undefined,
      );
      return { id, outs: settle(id, outcomes, raw.__provider, "import") };
    },

    read(id, outputs) {
      return readSlots.run(() => readLive(id, outputs));
    },

    async update(id, olds, news) {
      const inputs = declarationOf(news, checked);
      const previous = readBatch(olds.groups);
      // Declared groups in declared order, then the recorded ones to remove; outcomes keep this order.
      const known: Groups = { ...inputs.groups };
      // Own keys only: a group key may be "constructor" or "toString", which every object inherits.
      for (const [key, group] of Object.entries(previous)) if (!Object.hasOwn(known, key)) known[key] = group;
      const outcomes = await forEachGroup(
        id,
        known,
        (key) => updateGroup(ownValue(previous, key), ownValue(inputs.groups, key)),
        (key) => ownValue(previous, key),
      );
      return { outs: settle(id, outcomes, news.__provider, "update") };
    },

    async delete(id, props) {
      const declared = readBatch(props.groups);
      if (!context.mayDelete(`${Object.keys(declared).length} groups of ${id} (destroy_group)`)) return;
      const outcomes = await forEachGroup(
        id,
        declared,
        async (key) => {
          await removeGroup(context, declared[key]!.groupId);
          return undefined;
        },
        (key) => declared[key],
      );
      const reasons = failureReasons(outcomes);
      if (reasons.length > 0) {
        throw new ChatError(
          "destroy_group",
          `destroy_group failed for ${reasons.length} of ${outcomes.length} groups of ${id} (run again to finish): ${listSome(reasons, 5)}`,
        );
      }
    },
  };
}
