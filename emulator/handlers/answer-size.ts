import { EmulatorError } from "../errors";

/** The largest answer the read commands give: "10018: the response exceeds 1 MB" (get_group_info, get_group_member_info, get_appid_group_list). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The answer, or 10018 when its JSON would be over 1 MB: the caller must ask for less per call. */
export function withinAnswerLimit<T extends Record<string, unknown>>(answer: T): T {
  const bytes = Buffer.byteLength(JSON.stringify(answer));
  if (bytes > MAX_ANSWER_BYTES) throw new EmulatorError(10018, `the answer would be ${bytes} bytes, over 1 MB: ask for fewer per call`);
  return answer;
}
