import { expect } from "chai";
import { COMMANDS, isCommandName, regionBaseUrl, REGIONS, SERVICES } from "../../../provider/api/endpoints";
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from "../../../provider/api/commands";

describe("endpoints", () => {
  it("names a regional HTTPS domain per region, and every command a documented service and rate", () => {
    expect(regionBaseUrl("singapore")).to.equal("https://adminapisgp.im.qcloud.com");
    expect(regionBaseUrl("china")).to.equal("https://console.tim.qq.com");
    for (const region of REGIONS) expect(regionBaseUrl(region)).to.match(/^https:\/\/[a-z.]+\.(qq|qcloud)\.com$/);
    for (const [command, { service, perSecond }] of Object.entries(COMMANDS)) {
      expect(Object.values(SERVICES), command).to.include(service);
      expect(perSecond, command).to.be.oneOf([1, 100, 200]);
    }
    expect(COMMANDS.get_appid_group_list.perSecond, "get_appid_group_list: at most once per second").to.equal(1);
    expect(COMMANDS.portrait_get.service).to.equal("profile");
  });

  it("knows per command whether it changes anything, whether its answer is limited to 1 MB, and its invalid-parameter code", () => {
    const where = (fact: (facts: (typeof COMMANDS)[keyof typeof COMMANDS]) => boolean) =>
      Object.entries(COMMANDS)
        .filter(([, facts]) => fact(facts))
        .map(([command]) => command)
        .sort();
    expect(where((f) => f.readOnly)).to.deep.equal([
      "account_check",
      "admin_getroammsg",
      "get_appid_group_list",
      "get_group_info",
      "get_group_member_info",
      "get_topic",
      "group_msg_get_simple",
      "portrait_get",
    ]);
    expect(where((f) => f.answerSizeLimited)).to.deep.equal(["get_appid_group_list", "get_group_info", "get_group_member_info"]);
    for (const [command, { service, invalidParameter }] of Object.entries(COMMANDS)) {
      const expected = { im_open_login_svc: 70402, profile: 40001, openim: "by-field" }[service as string] ?? 10004;
      expect(invalidParameter, command).to.equal(expected);
    }
  });

  it("has request and response schemas for every command, and knows no other", () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).to.deep.equal(Object.keys(COMMANDS).sort());
    expect(Object.keys(RESPONSE_SCHEMAS).sort()).to.deep.equal(Object.keys(COMMANDS).sort());
    expect(isCommandName("import_group")).to.equal(true);
    expect(isCommandName("toString")).to.equal(false);
  });
});
