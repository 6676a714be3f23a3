import { z } from "zod";
import { createHmac } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

/** Inputs of a TLS sig API v2 UserSig (HMAC-SHA256). */
export interface UserSigParams {
  /** The app's SDKAppID. */
  sdkAppId: number;
  /** The console's secret key, used as a UTF-8 string (not hex-decoded), as the official libraries do. */
  secretKey: string;
  /** The UserID the signature is for; for REST calls, an app admin. */
  identifier: string;
  /** Validity in seconds from `time`. */
  expireSeconds: number;
  /** Signing time in Unix seconds; defaults to now. */
  time?: number;
}

/** The JSON document inside a v2 UserSig, as decoded. */
export const UserSigDocument = z.looseObject({
  "TLS.ver": z.string(),
  "TLS.identifier": z.string(),
  "TLS.sdkappid": z.number(),
  "TLS.time": z.number(),
  "TLS.expire": z.number(),
  "TLS.userbuf": z.string().optional(),
  "TLS.sig": z.string(),
});
export type UserSigDocument = z.infer<typeof UserSigDocument>;

/** The content string that is HMAC-signed: each line ends with "\n", including the last. */
export function userSigContent(identifier: string, sdkAppId: number, time: number, expire: number): string {
  return `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
}

/** HMAC-SHA256 of the content, standard base64: the `TLS.sig` field. */
export function userSigHmac(secretKey: string, content: string): string {
  return createHmac("sha256", secretKey).update(content, "utf8").digest("base64");
}

/** Tencent's URL-safe base64: standard base64 with `+`→`*`, `/`→`-`, `=`→`_` (not RFC 4648 base64url). */
export function tencentBase64Encode(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

/** Reverses {@link tencentBase64Encode}. */
export function tencentBase64Decode(text: string): Buffer {
  return Buffer.from(text.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
}

/**
 * Generates a v2 UserSig the way Tencent's tls-sig-api-v2 libraries do: sign, build the JSON document, zlib it,
 * encode it with Tencent's base64 alphabet.
 */
export function generateUserSig(params: UserSigParams): string {
  const time = params.time ?? Math.floor(Date.now() / 1000);
  const content = userSigContent(params.identifier, params.sdkAppId, time, params.expireSeconds);
  const doc: UserSigDocument = {
    "TLS.ver": "2.0",
    "TLS.identifier": params.identifier,
    "TLS.sdkappid": params.sdkAppId,
    "TLS.time": time,
    "TLS.expire": params.expireSeconds,
    "TLS.sig": userSigHmac(params.secretKey, content),
  };
  return tencentBase64Encode(deflateSync(Buffer.from(JSON.stringify(doc), "utf8")));
}

/**
 * Decodes a UserSig into its JSON document without verifying it; returns undefined when it is not a
 * well-formed v2 signature (bad base64, not zlib, not JSON, or missing fields).
 */
export function decodeUserSig(userSig: string): UserSigDocument | undefined {
  try {
    const parsed = UserSigDocument.safeParse(JSON.parse(inflateSync(tencentBase64Decode(userSig)).toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
