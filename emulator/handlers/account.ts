import type { z } from "zod";
import type {
  AccountCheckRequest,
  AccountDeleteRequest,
  AccountImportRequest,
  MultiAccountImportRequest,
} from "../../provider/api/commands";
import { byteLimitProblem, LIMITS } from "../../provider/limits";
import { ChatUserId } from "../../provider/user-id";
import { ErrorCode } from "../../provider/api/error-codes";
import { BATCH } from "../../provider/api/operations";
import { EmulatorError } from "../errors";
import type { Handler, HandlerContext } from "./context";

/** The UserID rule, from its one home (the provider's schema, which preview checks with). */
function userIdProblem(userId: string): string | undefined {
  const parsed = ChatUserId.safeParse(userId);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

function upsertAccount(ctx: HandlerContext, userId: string, nick?: string, faceUrl?: string): void {
  // Importing an existing account is idempotent and updates the supplied profile (page 1047/34954, 2024-12-25).
  const account = ctx.store.account(userId) ?? { userId };
  if (nick !== undefined) account.nick = nick;
  if (faceUrl !== undefined) account.faceUrl = faceUrl;
  ctx.store.putAccount(account);
}

/** account_import: one account; 70402 for a bad UserID or profile value. */
export const accountImport: Handler<z.infer<typeof AccountImportRequest>> = (ctx, body) => {
  const problem = userIdProblem(body.UserID);
  if (problem) throw new EmulatorError(ErrorCode.AccountInvalidParameter, `UserID ${problem}`);
  for (const [field, value] of [
    ["Nick", body.Nick],
    ["FaceUrl", body.FaceUrl],
  ] as const) {
    const tooLong = value === undefined ? undefined : byteLimitProblem(value, LIMITS.profileValue);
    if (tooLong) throw new EmulatorError(ErrorCode.ProfileValueTooLong, `${field} ${tooLong}`);
  }
  upsertAccount(ctx, body.UserID, body.Nick, body.FaceUrl);
  return {};
};

/** multiaccount_import: at most 100 accounts; invalid ones are listed in FailAccounts. */
export const multiAccountImport: Handler<z.infer<typeof MultiAccountImportRequest>> = (ctx, body) => {
  const items = "AccountList" in body ? body.AccountList : body.Accounts.map((UserID) => ({ UserID }));
  if (items.length === 0) throw new EmulatorError(ErrorCode.AccountInvalidParameter, "AccountList must not be empty");
  if (items.length > BATCH.accounts) throw new EmulatorError(ErrorCode.InvalidBatchCount, `at most ${BATCH.accounts} accounts per request`);
  const FailAccounts: string[] = [];
  for (const item of items) {
    const { UserID, Nick, FaceUrl } = item as { UserID: string; Nick?: string; FaceUrl?: string };
    const bad =
      userIdProblem(UserID) ??
      (Nick !== undefined ? byteLimitProblem(Nick, LIMITS.profileValue) : undefined) ??
      (FaceUrl !== undefined ? byteLimitProblem(FaceUrl, LIMITS.profileValue) : undefined);
    if (bad) FailAccounts.push(UserID);
    else upsertAccount(ctx, UserID, Nick, FaceUrl);
  }
  return { FailAccounts };
};

/** account_check: at most 100; AccountStatus Imported or NotImported. */
export const accountCheck: Handler<z.infer<typeof AccountCheckRequest>> = (ctx, body) => {
  if (body.CheckItem.length === 0 || body.CheckItem.length > BATCH.accounts)
    throw new EmulatorError(ErrorCode.InvalidBatchCount, `CheckItem holds 1 to ${BATCH.accounts} accounts`);
  const ResultItem = body.CheckItem.map(({ UserID }) => ({
    UserID,
    ResultCode: 0,
    ResultInfo: "",
    AccountStatus: ctx.store.hasAccount(UserID) ? "Imported" : "NotImported",
  }));
  return { ResultItem };
};

/** account_delete: at most 100; an unknown user gets a per-item 70107; memberships go with the account. */
export const accountDelete: Handler<z.infer<typeof AccountDeleteRequest>> = (ctx, body) => {
  if (body.DeleteItem.length === 0 || body.DeleteItem.length > BATCH.accounts)
    throw new EmulatorError(ErrorCode.InvalidBatchCount, `DeleteItem holds 1 to ${BATCH.accounts} accounts`);
  const ResultItem = body.DeleteItem.map(({ UserID }) => {
    if (!ctx.store.hasAccount(UserID)) {
      return { UserID, ResultCode: ErrorCode.LoginAccountNotFound, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist" };
    }
    ctx.store.deleteAccount(UserID);
    return { UserID, ResultCode: 0, ResultInfo: "" };
  });
  return { ResultItem };
};
