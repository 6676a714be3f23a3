import { ImportGroupRequest, invoke, ModifyGroupBaseInfoRequest, type GroupInfo } from "../../api/commands";
import { isChatApiErrorOf } from "../../api/errors";
import { destroyGroup, getGroup, importMembers } from "../../api/operations";
import { LIMITS } from "../../limits";
import type { ProviderContext } from "../../runtime-context";
import { assertAdoptable, pickDefined } from "../adopt";
import { apiFields, type ApiFieldNames } from "../api-fields";
import { canonicalJson, changedKeys, diffByTable } from "../diff";
import { GROUP_REPLACE_ON_CHANGE, ImportedGroupInputs } from "./schema";

/**
 * The work on one group, in calls to Tencent: import (adopting the declared group found under its fixed ID),
 * modify, destroy, read back, and whether a change replaces it. The ImportedGroup provider and the group batch
 * both run these on validated inputs.
 */

/** Every input property, in schema order. */
export const GROUP_KEYS = Object.keys(ImportedGroupInputs.shape) as (keyof ImportedGroupInputs)[];

/** Group inputs import_group takes as they are, with their API names. */
const GROUP_IMPORT_FIELDS: ApiFieldNames<ImportedGroupInputs> = {
  type: "Type",
  name: "Name",
  groupId: "GroupId",
  ownerAccount: "Owner_Account",
  introduction: "Introduction",
  notification: "Notification",
  faceUrl: "FaceUrl",
  maxMemberCount: "MaxMemberCount",
  applyJoinOption: "ApplyJoinOption",
  createTime: "CreateTime",
};

/** The import_group request for validated inputs. */
export function importGroupRequest(inputs: ImportedGroupInputs): ImportGroupRequest {
  const request = apiFields(inputs, GROUP_IMPORT_FIELDS);
  if (inputs.supportTopic !== undefined) request.SupportTopic = inputs.supportTopic ? 1 : 0;
  if (inputs.appDefinedData !== undefined) {
    request.AppDefinedData = Object.entries(inputs.appDefinedData).map(([Key, Value]) => ({ Key, Value }));
  }
  return ImportGroupRequest.parse(request);
}

/**
 * What the service fills in for a property import_group is not given: not drift on refresh, and what a property
 * returns to when its declaration is removed (otherwise the old value would stay and every refresh bring it back).
 */
export function serviceDefaults(community: boolean): Pick<ImportedGroupInputs, "maxMemberCount" | "applyJoinOption" | "supportTopic"> {
  return community
    ? { maxMemberCount: LIMITS.communityDefaultMemberCount, supportTopic: false }
    : { maxMemberCount: LIMITS.defaultMemberCount, applyJoinOption: "NeedPermission" };
}

/**
 * The declared inputs as the live group shows them: a declared property takes the live value (so drift shows),
 * an undeclared one appears only when the live value differs from what the service defaults it to.
 */
export function liveInputs(declared: ImportedGroupInputs, live: GroupInfo): ImportedGroupInputs {
  const community = live.Type === "Community";
  const liveValues: Partial<Record<keyof ImportedGroupInputs, unknown>> = {
    type: live.Type,
    name: live.Name,
    ownerAccount: live.Owner_Account || undefined,
    introduction: live.Introduction || undefined,
    notification: live.Notification || undefined,
    faceUrl: live.FaceUrl || undefined,
    maxMemberCount: live.MaxMemberNum,
    applyJoinOption: live.ApplyJoinOption,
    createTime: live.CreateTime,
    supportTopic: community ? live.SupportTopic === 1 : undefined,
    appDefinedData:
      live.AppDefinedData && live.AppDefinedData.length > 0
        ? Object.fromEntries(live.AppDefinedData.map(({ Key, Value }) => [Key, Value]))
        : undefined,
  };
  const defaults: Partial<Record<keyof ImportedGroupInputs, unknown>> = serviceDefaults(community);
  const result: Record<string, unknown> = {};
  for (const key of GROUP_KEYS) {
    if (key === "groupId") {
      if (declared.groupId !== undefined) result.groupId = declared.groupId;
      continue;
    }
    const value = liveValues[key];
    const declaredValue = declared[key];
    if (declaredValue !== undefined) {
      // A declared map that the service reports as empty is an empty map, not a missing one.
      result[key] = value ?? (key === "appDefinedData" ? {} : undefined);
    } else if (
      key !== "createTime" &&
      key !== "ownerAccount" &&
      value !== undefined &&
      canonicalJson(value) !== canonicalJson(defaults[key])
    ) {
      // An undeclared owner is not managed: there is no call that removes an owner, so a removed declaration
      // leaves the owner in place, and that is no drift.
      result[key] = value;
    }
  }
  return result as ImportedGroupInputs;
}

/** What a refresh records for a group: the declared properties in `props` (recorded state) as `live` shows them. */
export function liveDeclaredInputs(props: Partial<ImportedGroupInputs>, live: GroupInfo): ImportedGroupInputs {
  return liveInputs(ImportedGroupInputs.parse(pickDefined(GROUP_KEYS, props)), live);
}

/** Imports a group; a fixed ID already in use by the same group (a create whose answer was lost) is adopted. */
export async function importGroup(context: ProviderContext, inputs: ImportedGroupInputs): Promise<string> {
  try {
    // A fixed ID makes the call idempotent: a repeat can only answer 10021, which is handled below.
    const answer = await invoke(context.client(), "import_group", importGroupRequest(inputs), { idempotent: inputs.groupId !== undefined });
    return answer.GroupId;
  } catch (error) {
    if (!isChatApiErrorOf(error, "conflict") || inputs.groupId === undefined) throw error;
    const live = await getGroup(context.client(), inputs.groupId);
    const differing = live && changedKeys(GROUP_KEYS, inputs, liveInputs(inputs, live));
    assertAdoptable("import_group", "group", inputs.groupId, "groupId", differing, ", or delete the existing group");
    return inputs.groupId;
  }
}

/** modify_group_base_info with what changed, and change_group_owner for a new owner (imported as a member first). */
export async function modifyGroup(
  context: ProviderContext,
  id: string,
  before: Partial<ImportedGroupInputs>,
  inputs: ImportedGroupInputs,
): Promise<void> {
  const request: Record<string, unknown> = { GroupId: id };
  const set = (field: string, oldValue: unknown, newValue: unknown, cleared: unknown) => {
    if (canonicalJson(oldValue) !== canonicalJson(newValue)) request[field] = newValue ?? cleared;
  };
  set("Name", before.name, inputs.name, inputs.name);
  set("Introduction", before.introduction, inputs.introduction, "");
  set("Notification", before.notification, inputs.notification, "");
  set("FaceUrl", before.faceUrl, inputs.faceUrl, "");
  // A removed declaration returns the group to the service's default, which refresh does not report as drift.
  const defaults = serviceDefaults(inputs.type === "Community");
  set("MaxMemberNum", before.maxMemberCount, inputs.maxMemberCount, defaults.maxMemberCount);
  if (inputs.type !== "Community") set("ApplyJoinOption", before.applyJoinOption, inputs.applyJoinOption, defaults.applyJoinOption);
  const oldData = before.appDefinedData ?? {};
  const newData = inputs.appDefinedData ?? {};
  const dataChanges = [
    ...Object.entries(newData)
      .filter(([key, value]) => oldData[key] !== value)
      .map(([Key, Value]) => ({ Key, Value })),
    // An empty value deletes a key (modify_group_base_info).
    ...Object.keys(oldData)
      .filter((key) => !(key in newData))
      .map((Key) => ({ Key, Value: "" })),
  ];
  if (dataChanges.length > 0) request.AppDefinedData = dataChanges;
  if (Object.keys(request).length > 1) {
    // Built field by field, so checked against the command's own schema before it is sent.
    await invoke(context.client(), "modify_group_base_info", ModifyGroupBaseInfoRequest.parse(request));
  }
  if (inputs.ownerAccount !== undefined && inputs.ownerAccount !== before.ownerAccount) {
    // change_group_owner needs the new owner to be a member: import them first (Result 2 if already one).
    await importMembers(context.client(), id, [{ Member_Account: inputs.ownerAccount }], 1);
    await invoke(context.client(), "change_group_owner", { GroupId: id, NewOwner_Account: inputs.ownerAccount });
  }
}

/** destroy_group, when the deletion policy allows it (see ../deletion.ts). */
export async function removeGroup(context: ProviderContext, id: string): Promise<void> {
  if (!context.mayDelete(`group ${id} (destroy_group)`)) return;
  await destroyGroup(context.client(), id);
}

/** A change from `before` to `after`, and whether it replaces the group (a property Tencent cannot modify). */
export function groupChange(before: Partial<ImportedGroupInputs> & { groupId?: string }, after: ImportedGroupInputs) {
  // Without a declared groupId the ID was derived or assigned; that is not a change to replace over.
  const declared = { ...after, groupId: after.groupId ?? before.groupId };
  return diffByTable(
    GROUP_KEYS,
    GROUP_REPLACE_ON_CHANGE,
    before,
    declared,
    after.groupId !== undefined && after.groupId === before.groupId,
  );
}
