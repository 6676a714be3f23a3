import type { z } from "zod";
import type { PortraitGetRequest, PortraitSetRequest } from "../../provider/api/commands";
import { byteLimitProblem, LIMITS } from "../../provider/limits";
import { ErrorCode } from "../../provider/api/error-codes";
import { BATCH } from "../../provider/api/operations";
import { EmulatorError } from "../errors";
import type { AccountRecord } from "../store";
import type { Handler } from "./context";

/**
 * portrait_get and portrait_set: the profile of an imported account (its nick and face, which account import
 * sets too, and the other standard and custom tags). Tags and their values: "Profile Management" (page 33520).
 */

/** The standard tags: their kind, and the values a text tag takes when it has a fixed set. */
const STANDARD_TAGS: Record<string, { kind: "text"; values?: readonly string[]; maxBytes?: number } | { kind: "integer" }> = {
  Tag_Profile_IM_Nick: { kind: "text" },
  Tag_Profile_IM_Gender: { kind: "text", values: ["Gender_Type_Unknown", "Gender_Type_Female", "Gender_Type_Male"] },
  Tag_Profile_IM_BirthDay: { kind: "integer" },
  Tag_Profile_IM_Location: { kind: "text", maxBytes: 16 },
  Tag_Profile_IM_SelfSignature: { kind: "text" },
  Tag_Profile_IM_AllowType: { kind: "text", values: ["AllowType_Type_NeedConfirm", "AllowType_Type_AllowAny", "AllowType_Type_DenyAny"] },
  Tag_Profile_IM_Language: { kind: "integer" },
  Tag_Profile_IM_Image: { kind: "text" },
  Tag_Profile_IM_MsgSettings: { kind: "integer" },
  Tag_Profile_IM_AdminForbidType: { kind: "text", values: ["AdminForbid_Type_None", "AdminForbid_Type_SendOut"] },
  Tag_Profile_IM_Level: { kind: "integer" },
  Tag_Profile_IM_Role: { kind: "integer" },
};

/** "Tag_Profile_Custom_<keyword>: letters only, at most 8 bytes" (set up in the console; any such tag here). */
const CUSTOM_TAG = /^Tag_Profile_Custom_[A-Za-z]{1,8}$/;

function checkTag(tag: string): void {
  if (!(tag in STANDARD_TAGS) && !CUSTOM_TAG.test(tag))
    throw new EmulatorError(ErrorCode.ProfileTagNotFound, `profile tag ${tag} does not exist`);
}

/** A tag's value on an account, or undefined when it was never set. */
function tagValue(account: AccountRecord, tag: string): string | number | undefined {
  if (tag === "Tag_Profile_IM_Nick") return account.nick;
  if (tag === "Tag_Profile_IM_Image") return account.faceUrl;
  return account.profile?.[tag];
}

/**
 * portrait_get: at most 100 accounts. An account that does not exist gets its own ResultCode 40003 and is listed
 * in Fail_Account (the page lists 40003 without saying whether it fails the call; the per-account ResultCode it
 * documents is there for this). Tags never set are left out of ProfileItem.
 */
export const portraitGet: Handler<z.infer<typeof PortraitGetRequest>> = (ctx, body) => {
  if (body.To_Account.length > BATCH.accounts)
    throw new EmulatorError(ErrorCode.ProfileInvalidParameter, `To_Account holds at most ${BATCH.accounts} accounts`);
  for (const tag of body.TagList) checkTag(tag);
  const failed: string[] = [];
  const UserProfileItem = body.To_Account.map((userId) => {
    const account = ctx.store.account(userId);
    if (!account) {
      failed.push(userId);
      return { To_Account: userId, ResultCode: ErrorCode.ProfileAccountNotFound, ResultInfo: "Err_Profile_Account_Not_Exist" };
    }
    const ProfileItem = body.TagList.flatMap((Tag) => {
      const Value = tagValue(account, Tag);
      return Value === undefined ? [] : [{ Tag, Value }];
    });
    return { To_Account: userId, ProfileItem, ResultCode: 0, ResultInfo: "" };
  });
  return failed.length > 0 ? { UserProfileItem, Fail_Account: failed } : { UserProfileItem };
};

/**
 * portrait_set: every item checked before any is applied: the tag exists (40009), the value has the tag's type
 * (40610), a standard field's value is one it takes (40605), and text is at most 500 bytes (40601; 16 for the
 * location).
 */
export const portraitSet: Handler<z.infer<typeof PortraitSetRequest>> = (ctx, body) => {
  const account = ctx.store.account(body.From_Account);
  if (!account) throw new EmulatorError(ErrorCode.ProfileAccountNotFound, `${body.From_Account} is not an imported account`);
  for (const { Tag, Value } of body.ProfileItem) {
    checkTag(Tag);
    const rule = STANDARD_TAGS[Tag] ?? { kind: "text" };
    if (rule.kind === "integer") {
      if (typeof Value !== "number" || !Number.isInteger(Value) || Value < 0 || Value > 0xffffffff)
        throw new EmulatorError(ErrorCode.ProfileValueWrongType, `${Tag} takes an unsigned 32-bit integer`);
      continue;
    }
    if (typeof Value !== "string") throw new EmulatorError(ErrorCode.ProfileValueWrongType, `${Tag} takes text`);
    if (rule.values && !rule.values.includes(Value))
      throw new EmulatorError(ErrorCode.ProfileValueNotAllowed, `${Tag} must be one of ${rule.values.join(", ")}`);
    const tooLong = byteLimitProblem(Value, rule.maxBytes ?? LIMITS.profileValue);
    if (tooLong) throw new EmulatorError(ErrorCode.ProfileValueTooLong, `${Tag} ${tooLong}`);
  }
  for (const { Tag, Value } of body.ProfileItem) {
    if (Tag === "Tag_Profile_IM_Nick") account.nick = Value as string;
    else if (Tag === "Tag_Profile_IM_Image") account.faceUrl = Value as string;
    else account.profile = { ...account.profile, [Tag]: Value };
  }
  return {};
};
