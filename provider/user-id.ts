import { z } from "zod";
import { isPrintableAscii, LIMITS, utf8Bytes } from "./limits";
import { UNKEEPABLE_KEY, UNKEEPABLE_KEY_PROBLEM } from "./own-keys";

/**
 * A UserID as Tencent takes it: at most 32 bytes of printable ASCII. The one grammar of an account's ID, for the
 * resources, the manifest, the converters and the emulator alike.
 */
export const ChatUserId = z
  .string()
  .min(1, "must not be empty")
  .refine(isPrintableAscii, "must be printable ASCII")
  .refine((id) => utf8Bytes(id) <= LIMITS.userId, `must be at most ${LIMITS.userId} bytes`);

/** A UserID this tool can declare: Tencent's, but for the one no JavaScript map keeps (see ./own-keys.ts). */
export const UserId = ChatUserId.refine((id) => id !== UNKEEPABLE_KEY, UNKEEPABLE_KEY_PROBLEM);
