import type { EmulatorState } from "../../emulator/store";

/** An emulator group as the specs seed it. */
export type SeedGroup = EmulatorState["groups"][string];
/** A group's type as the emulator holds it. */
export type SeedGroupType = SeedGroup["type"];
/** A member as the emulator holds it. */
type SeedMember = SeedGroup["members"][string];

/** Accounts the emulator holds, by UserID. */
export function seedAccounts(ids: readonly string[]): EmulatorState["accounts"] {
  return Object.fromEntries(ids.map((userId) => [userId, { userId }]));
}

/** A member as the emulator holds it: a Member who joined at `joinTime` with no unread messages, unless told otherwise. */
export function seedMember(account: string, joinTime: number, fields: Partial<Omit<SeedMember, "account">> = {}): SeedMember {
  return { account, role: "Member", joinTime, unreadMsgNum: 0, ...fields };
}

/**
 * A Public group of the emulator's state named by its ID, made at `createTime`, up to 2,000 members, no topics and
 * no custom fields, owned by `owner` (its Owner member, joined at `createTime` unless the members say otherwise):
 * the group most specs start from. `fields` overrides any of it.
 */
export function seedGroup(groupId: string, createTime: number, owner: string, fields: Partial<SeedGroup> = {}): SeedGroup {
  return {
    groupId,
    type: "Public",
    name: groupId,
    createTime,
    maxMemberCount: 2000,
    supportTopic: false,
    appDefinedData: {},
    topics: {},
    ownerAccount: owner,
    members: { [owner]: seedMember(owner, createTime, { role: "Owner" }) },
    ...fields,
  };
}
