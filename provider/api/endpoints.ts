/**
 * Where the Chat REST API lives: regional domains and the service path of each command, in one table each.
 * Sources: the import_group seed (domains), tencent-chat-api.md §1 and §4 (service names).
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

/** Every REST command this project speaks, with the service it lives under by default and its documented rate. */
export const COMMANDS = {
  import_group: { service: SERVICES.group, perSecond: 200 },
  import_group_member: { service: SERVICES.group, perSecond: 200 },
  // The English import_topic page says group_open_http_svc; the newest Chinese page says
  // million_group_open_http_svc. Default to the English page; the `topicImportServicePath` setting overrides it.
  import_topic: { service: SERVICES.group, perSecond: 200 },
  get_group_info: { service: SERVICES.group, perSecond: 200 },
  modify_group_base_info: { service: SERVICES.group, perSecond: 200 },
  destroy_group: { service: SERVICES.group, perSecond: 200 },
  get_group_member_info: { service: SERVICES.group, perSecond: 200 },
  delete_group_member: { service: SERVICES.group, perSecond: 200 },
  modify_group_member_info: { service: SERVICES.group, perSecond: 200 },
  set_unread_msg_num: { service: SERVICES.group, perSecond: 200 },
  change_group_owner: { service: SERVICES.group, perSecond: 200 },
  get_topic: { service: SERVICES.communityTopic, perSecond: 200 },
  modify_topic: { service: SERVICES.communityTopic, perSecond: 200 },
  destroy_topic: { service: SERVICES.communityTopic, perSecond: 200 },
  account_import: { service: SERVICES.account, perSecond: 200 },
  multiaccount_import: { service: SERVICES.account, perSecond: 100 },
  account_check: { service: SERVICES.account, perSecond: 100 },
  account_delete: { service: SERVICES.account, perSecond: 100 },
  // Reads and creates an audit or a rehearsal uses beside the imports.
  create_group: { service: SERVICES.group, perSecond: 200 },
  add_group_member: { service: SERVICES.group, perSecond: 200 },
  // "This API can be called at most once per second" (get_appid_group_list, page 34960).
  get_appid_group_list: { service: SERVICES.group, perSecond: 1 },
  portrait_get: { service: SERVICES.profile, perSecond: 200 },
  portrait_set: { service: SERVICES.profile, perSecond: 200 },
  // Message history: "200 calls per second" on each page (trtc.io/document/34968, 35014, 34971, 35478).
  import_group_msg: { service: SERVICES.group, perSecond: 200 },
  group_msg_get_simple: { service: SERVICES.group, perSecond: 200 },
  importmsg: { service: SERVICES.openim, perSecond: 200 },
  admin_getroammsg: { service: SERVICES.openim, perSecond: 200 },
} as const;

/** The name of a REST command. */
export type CommandName = keyof typeof COMMANDS;

/** True when `name` is a command this project knows. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
