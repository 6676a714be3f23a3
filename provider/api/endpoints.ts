import { ErrorCode } from "./error-codes";

/**
 * Where the Chat REST API lives and what each command is: regional domains, and one table of every command's facts
 * (service path, rate, whether it changes anything, its answer-size limit, its invalid-parameter code).
 * Sources: the REST API overview (domains, https://trtc.io/document/34620), each command's page
 * (https://trtc.io/document/<page>) and the error codes page (https://trtc.io/document/34348).
 */

/** Regional admin-API domains. An app's SDKAppID lives in exactly one region. */
export const REGION_DOMAINS = {
  china: "console.tim.qq.com",
  singapore: "adminapisgp.im.qcloud.com",
  seoul: "adminapikr.im.qcloud.com",
  frankfurt: "adminapiger.im.qcloud.com",
  "silicon-valley": "adminapiusa.im.qcloud.com",
  jakarta: "adminapiidn.im.qcloud.com",
  // Listed only by the newest pages (trtc.io/document/34969); kept so apps created there work.
  tokyo: "adminapijpn.im.qcloud.com",
} as const;

/** A region name accepted by the `region` setting. */
export type Region = keyof typeof REGION_DOMAINS;

/** The region names, for validation and documentation. */
export const REGIONS = Object.keys(REGION_DOMAINS) as Region[];

/** The base URL for a region, e.g. `https://adminapisgp.im.qcloud.com`. */
export function regionBaseUrl(region: Region): string {
  return `https://${REGION_DOMAINS[region]}`;
}

/** The documented service paths. */
export const SERVICES = {
  group: "group_open_http_svc",
  communityTopic: "million_group_open_http_svc",
  account: "im_open_login_svc",
  profile: "profile",
  /** One-to-one messages (importmsg, admin_getroammsg). */
  openim: "openim",
} as const;

/** The largest answer of a command whose page lists 10018, "the response exceeds 1 MB". */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** What one REST command is, as its page documents it. */
export interface CommandFacts {
  /** The service path it lives under by default. */
  readonly service: string;
  /** Its documented rate, calls per second (per command and SDKAppID). */
  readonly perSecond: number;
  /** True when it changes nothing (a read). */
  readonly readOnly: boolean;
  /** True when its page lists 10018: an answer over {@link MAX_ANSWER_BYTES} is refused, not sent. */
  readonly answerSizeLimited: boolean;
  /**
   * The ErrorCode of a body that breaks the request's rules: one code per service (group 10004, account 70402,
   * profile 40001), or `by-field` for the message service, whose pages give a code per field at fault.
   */
  readonly invalidParameter: number | "by-field";
}

/** A command of the group service at the default 200 calls per second that changes something; the others differ from it. */
const GROUP = {
  service: SERVICES.group,
  perSecond: 200,
  readOnly: false,
  answerSizeLimited: false,
  invalidParameter: ErrorCode.InvalidParameter,
} as const satisfies CommandFacts;
const TOPIC = { ...GROUP, service: SERVICES.communityTopic } as const;
const ACCOUNT = { ...GROUP, service: SERVICES.account, invalidParameter: ErrorCode.AccountInvalidParameter } as const;
const PROFILE = { ...GROUP, service: SERVICES.profile, invalidParameter: ErrorCode.ProfileInvalidParameter } as const;
const MESSAGE = { ...GROUP, service: SERVICES.openim, invalidParameter: "by-field" } as const;

/** Every REST command this project speaks, with its facts: one table, read by the client and by the emulator. */
export const COMMANDS = {
  import_group: GROUP,
  import_group_member: GROUP,
  // The English import_topic page says group_open_http_svc; the newest Chinese page says
  // million_group_open_http_svc. Default to the English page; the `topicImportServicePath` setting overrides it.
  import_topic: GROUP,
  get_group_info: { ...GROUP, readOnly: true, answerSizeLimited: true },
  modify_group_base_info: GROUP,
  destroy_group: GROUP,
  get_group_member_info: { ...GROUP, readOnly: true, answerSizeLimited: true },
  delete_group_member: GROUP,
  modify_group_member_info: GROUP,
  set_unread_msg_num: GROUP,
  change_group_owner: GROUP,
  get_topic: { ...TOPIC, readOnly: true },
  modify_topic: TOPIC,
  destroy_topic: TOPIC,
  account_import: ACCOUNT,
  multiaccount_import: { ...ACCOUNT, perSecond: 100 },
  account_check: { ...ACCOUNT, perSecond: 100, readOnly: true },
  account_delete: { ...ACCOUNT, perSecond: 100 },
  // Reads and creates an audit or a rehearsal uses beside the imports.
  create_group: GROUP,
  add_group_member: GROUP,
  // "This API can be called at most once per second" (get_appid_group_list, https://trtc.io/document/34960).
  get_appid_group_list: { ...GROUP, perSecond: 1, readOnly: true, answerSizeLimited: true },
  portrait_get: { ...PROFILE, readOnly: true },
  portrait_set: PROFILE,
  // Message history: "200 calls per second" on each page (trtc.io/document/34968, 35014, 34971, 35478).
  import_group_msg: GROUP,
  group_msg_get_simple: { ...GROUP, readOnly: true },
  importmsg: MESSAGE,
  admin_getroammsg: { ...MESSAGE, readOnly: true },
} as const satisfies Record<string, CommandFacts>;

/** The name of a REST command. */
export type CommandName = keyof typeof COMMANDS;

/** True when `name` is a command this project knows. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
