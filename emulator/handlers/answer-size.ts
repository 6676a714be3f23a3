/** The largest answer the read commands give: "10018: the response exceeds 1 MB". */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The commands whose documents list 10018 (get_group_info, get_group_member_info, get_appid_group_list). */
export const SIZE_LIMITED_COMMANDS: ReadonlySet<string> = new Set(["get_group_info", "get_group_member_info", "get_appid_group_list"]);
