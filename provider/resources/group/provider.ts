import type * as pulumi from "@pulumi/pulumi";
import { invoke, type GroupInfo, type ImportGroupRequest } from "../../api/commands";
import { ChatConflictError } from "../../api/errors";
import { assertAdoptable, pickDefined } from "../adopt";
import { destroyGroup, getGroup, importMembers } from "../../api/operations";
import { canonicalJson, changedKeys, diffByTable } from "../diff";
import { checkWith, withoutProvider } from "../check";
import type { ProviderContext } from "../../runtime-context";
import { LIMITS } from "../../limits";
import { GROUP_REPLACE_ON_CHANGE, groupCrossFieldRules, ImportedGroupInputs, type ImportedGroupOutputs } from "./schema";

/** Every input property, in schema order. */
const KEYS = Object.keys(ImportedGroupInputs.shape) as (keyof ImportedGroupInputs)[];


/** The import_group request for validated inputs. */
export function importGroupRequest(inputs: ImportedGroupInputs): ImportGroupRequest {
  const request: ImportGroupRequest = { Type: inputs.type, Name: inputs.name };
  if (inputs.groupId !== undefined) request.GroupId = inputs.groupId;
  if (inputs.ownerAccount !== undefined) request.Owner_Account = inputs.ownerAccount;
  if (inputs.introduction !== undefined) request.Introduction = inputs.introduction;
  if (inputs.notification !== undefined) request.Notification = inputs.notification;
  if (inputs.faceUrl !== undefined) request.FaceUrl = inputs.faceUrl;
  if (inputs.maxMemberCount !== undefined) request.MaxMemberCount = inputs.maxMemberCount;
  if (inputs.applyJoinOption !== undefined) request.ApplyJoinOption = inputs.applyJoinOption;
  if (inputs.createTime !== undefined) request.CreateTime = inputs.createTime;
  if (inputs.supportTopic !== undefined) request.SupportTopic = inputs.supportTopic ? 1 : 0;
  if (inputs.appDefinedData !== undefined) {
    request.AppDefinedData = Object.entries(inputs.appDefinedData).map(([Key, Value]) => ({ Key, Value }));
  }
  return request;
}

/**
 * What the service fills in for a property import_group is not given: not drift on refresh, and what a property
 * returns to when its declaration is removed (otherwise the old value would stay and every refresh bring it back).
 */
export function serviceDefaults(community: boolean): Pick<ImportedGroupInputs, "maxMemberCount" | "applyJoinOption" | "supportTopic"> {
  return community ? { maxMemberCount: LIMITS.communityDefaultMemberCount, supportTopic: false } : { maxMemberCount: LIMITS.defaultMemberCount, applyJoinOption: "NeedPermission" };
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
    appDefinedData: live.AppDefinedData && live.AppDefinedData.length > 0
      ? Object.fromEntries(live.AppDefinedData.map(({ Key, Value }) => [Key, Value]))
      : undefined,
  };
  const defaults: Partial<Record<keyof ImportedGroupInputs, unknown>> = serviceDefaults(community);
  const result: Record<string, unknown> = {};
  for (const key of KEYS) {
    if (key === "groupId") {
      if (declared.groupId !== undefined) result.groupId = declared.groupId;
      continue;
    }
    const value = liveValues[key];
    const declaredValue = declared[key];
    if (declaredValue !== undefined) {
      // A declared map that the service reports as empty is an empty map, not a missing one.
      result[key] = value ?? (key === "appDefinedData" ? {} : undefined);
    } else if (key !== "createTime" && key !== "ownerAccount" && value !== undefined && canonicalJson(value) !== canonicalJson(defaults[key])) {
      // An undeclared owner is not managed: there is no call that removes an owner, so a removed declaration
      // leaves the owner in place, and that is no drift.
      result[key] = value;
    }
  }
  return result as ImportedGroupInputs;
}

/** What a refresh records for a group: the declared properties in `props` (recorded state) as `live` shows them. */
export function liveDeclaredInputs(props: Partial<ImportedGroupInputs>, live: GroupInfo): ImportedGroupInputs {
  return liveInputs(ImportedGroupInputs.parse(pickDefined(KEYS, props)), live);
}

/** The ImportedGroup lifecycle. */
export function groupProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      const { inputs, failures } = checkWith(ImportedGroupInputs, news, (raw) => groupCrossFieldRules(raw));
      return { inputs, failures };
    },

    async diff(_id, olds: ImportedGroupOutputs, news: ImportedGroupInputs) {
      // Without a declared groupId the service chose one; that is not a change to replace over.
      const declared = { ...withoutProvider(news), groupId: news.groupId ?? olds.groupId };
      return diffByTable(KEYS, GROUP_REPLACE_ON_CHANGE, withoutProvider(olds), declared, news.groupId !== undefined && news.groupId === olds.groupId);
    },

    async create(raw: ImportedGroupInputs) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(raw));
      const request = importGroupRequest(inputs);
      let groupId: string;
      try {
        // A fixed ID makes the call idempotent: a repeat can only answer 10021, which is handled below.
        const answer = await invoke(context.client(), "import_group", request, { idempotent: inputs.groupId !== undefined });
        groupId = answer.GroupId;
      } catch (error) {
        if (!(error instanceof ChatConflictError) || inputs.groupId === undefined) throw error;
        const live = await getGroup(context.client(), inputs.groupId);
        const differing = live && changedKeys(KEYS, inputs, liveInputs(inputs, live));
        assertAdoptable("import_group", "group", inputs.groupId, "groupId", differing, ", or delete the existing group");
        groupId = inputs.groupId;
      }
      return { id: groupId, outs: { ...inputs, groupId } satisfies ImportedGroupOutputs };
    },

    async read(id, props: ImportedGroupOutputs) {
      const live = await getGroup(context.client(), id);
      // A blank ID tells the engine the group is gone, so refresh drops it from state.
      if (!live) return { id: "", props: {} };
      const inputs = liveDeclaredInputs(props, live);
      return { id, props: { ...inputs, groupId: id }, inputs };
    },

    async update(id, olds: ImportedGroupOutputs, news: ImportedGroupInputs) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(news));
      const request: Record<string, unknown> = { GroupId: id };
      const set = (field: string, oldValue: unknown, newValue: unknown, cleared: unknown) => {
        if (canonicalJson(oldValue) !== canonicalJson(newValue)) request[field] = newValue ?? cleared;
      };
      set("Name", olds.name, inputs.name, inputs.name);
      set("Introduction", olds.introduction, inputs.introduction, "");
      set("Notification", olds.notification, inputs.notification, "");
      set("FaceUrl", olds.faceUrl, inputs.faceUrl, "");
      // A removed declaration returns the group to the service's default, which refresh does not report as drift.
      const defaults = serviceDefaults(inputs.type === "Community");
      set("MaxMemberNum", olds.maxMemberCount, inputs.maxMemberCount, defaults.maxMemberCount);
      if (inputs.type !== "Community") set("ApplyJoinOption", olds.applyJoinOption, inputs.applyJoinOption, defaults.applyJoinOption);
      const oldData = olds.appDefinedData ?? {};
      const newData = inputs.appDefinedData ?? {};
      const dataChanges = [
        ...Object.entries(newData).filter(([key, value]) => oldData[key] !== value).map(([Key, Value]) => ({ Key, Value })),
        // An empty value deletes a key (modify_group_base_info).
        ...Object.keys(oldData).filter((key) => !(key in newData)).map((Key) => ({ Key, Value: "" })),
      ];
      if (dataChanges.length > 0) request.AppDefinedData = dataChanges;
      if (Object.keys(request).length > 1) {
        await invoke(context.client(), "modify_group_base_info", request as never);
      }
      if (inputs.ownerAccount !== undefined && inputs.ownerAccount !== olds.ownerAccount) {
        // change_group_owner needs the new owner to be a member: import them first (Result 2 if already one).
        await importMembers(context.client(), id, [{ account: inputs.ownerAccount }], 1);
        await invoke(context.client(), "change_group_owner", { GroupId: id, NewOwner_Account: inputs.ownerAccount });
      }
      return { outs: { ...inputs, groupId: id } satisfies ImportedGroupOutputs };
    },

    async delete(id) {
      if (!context.mayDelete(`group ${id} (destroy_group)`)) return;
      await destroyGroup(context.client(), id);
    },
  };
}
