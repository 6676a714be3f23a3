import { timingSafeEqual } from "node:crypto";
import { decodeUserSig, userSigContent, userSigHmac, type UserSigDocument } from "../provider/api/usersig";
import { ErrorCode } from "../provider/api/error-codes";
import { EmulatorError } from "./errors";

/** The app an emulator serves. */
export interface EmulatedApp {
  sdkAppId: number;
  secretKey: string;
  /** App admin accounts; only they may call the REST API. */
  admins: string[];
}

/** Compares a secret given by a caller with the expected one in constant time (no timing hint of a partial match). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The query parameters every REST call carries. */
const AUTH_PARAMETERS = ["sdkappid", "identifier", "usersig", "random", "contenttype"] as const;

/**
 * Verifies the query string of a REST call the way the service does, in the order of Tencent's official verifier
 * (tls-sig-api-v2-golang VerifyUserSig), and throws the documented ErrorCode for the first problem.
 */
export function verifyRequestAuth(query: URLSearchParams, app: EmulatedApp, nowSeconds: number): string {
  // A parameter given twice could be read one way here and another way by a proxy in front: refused.
  for (const name of AUTH_PARAMETERS) {
    if (query.getAll(name).length > 1) throw new EmulatorError(ErrorCode.HttpParseError, `${name} appears more than once in the URL`);
  }
  const sdkAppIdText = query.get("sdkappid");
  if (!sdkAppIdText) throw new EmulatorError(ErrorCode.SdkAppIdMissing, "SDKAppID is missing from the URL");
  if (!/^[1-9]\d{0,15}$/.test(sdkAppIdText))
    throw new EmulatorError(ErrorCode.InvalidSdkAppId, "SDKAppID is invalid: digits without a leading zero");
  const sdkAppId = Number(sdkAppIdText);
  if (sdkAppId !== app.sdkAppId) throw new EmulatorError(ErrorCode.SdkAppIdNotFound, `SDKAppID ${sdkAppId} not found`);

  const identifier = query.get("identifier");
  if (!identifier) throw new EmulatorError(ErrorCode.AccountOrSignatureError, "identifier is missing from the URL");
  const random = query.get("random");
  if (random === null || !/^\d{1,10}$/.test(random) || Number(random) > 0xffffffff) {
    throw new EmulatorError(ErrorCode.HttpParseError, "random must be a 32-bit unsigned integer");
  }
  if (query.get("contenttype") !== "json") throw new EmulatorError(ErrorCode.HttpParseError, "contenttype must be json");

  const userSig = query.get("usersig");
  if (!userSig) throw new EmulatorError(ErrorCode.UserSigEmpty, "UserSig is empty");
  const verified = signedBy(app).get(userSig);
  const doc = verified ?? decodeUserSig(userSig);
  if (!doc) throw new EmulatorError(ErrorCode.UserSigInvalid, "UserSig invalid: failed to decode");
  if (doc["TLS.sdkappid"] !== sdkAppId)
    throw new EmulatorError(ErrorCode.SdkAppIdMismatch, "SDKAppID in the request differs from the UserSig's");
  if (doc["TLS.identifier"] !== identifier)
    throw new EmulatorError(ErrorCode.IdentifierMismatch, "identifier in the request differs from the UserSig's");
  if (nowSeconds > doc["TLS.time"] + doc["TLS.expire"]) throw new EmulatorError(ErrorCode.UserSigExpired, "UserSig expired");
  if (!verified) {
    const expected = userSigHmac(app.secretKey, userSigContent(identifier, sdkAppId, doc["TLS.time"], doc["TLS.expire"]));
    if (!sameSecret(doc["TLS.sig"], expected)) {
      throw new EmulatorError(ErrorCode.UserSigVerificationFailed, "UserSig verification failed: signed with another key");
    }
    remember(app, userSig, doc);
  }
  if (!app.admins.includes(identifier)) throw new EmulatorError(ErrorCode.AdminRequired, "the request needs app admin permission");
  return identifier;
}

/**
 * UserSigs whose signature this app has verified, with their decoded document. A client signs once and sends the
 * same UserSig with every call (hundreds a second in a migration): inflating and checking its HMAC each time was
 * a tenth of the emulator's CPU, on the same cores as the run it serves. Every other check (app, identifier,
 * expiry, admin) still runs on each call. Bounded: emptied when full.
 */
const verifiedUserSigs = new WeakMap<EmulatedApp, Map<string, UserSigDocument>>();
const VERIFIED_USERSIGS_KEPT = 64;

function signedBy(app: EmulatedApp): Map<string, UserSigDocument> {
  let sigs = verifiedUserSigs.get(app);
  if (!sigs) {
    sigs = new Map();
    verifiedUserSigs.set(app, sigs);
  }
  return sigs;
}

function remember(app: EmulatedApp, userSig: string, doc: UserSigDocument): void {
  const sigs = signedBy(app);
  if (sigs.size >= VERIFIED_USERSIGS_KEPT) sigs.clear();
  sigs.set(userSig, doc);
}
