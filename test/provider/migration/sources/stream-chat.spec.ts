import { expect } from "chai";
import { join } from "node:path";
import { LIMITS } from "../../../../provider/limits";
import { convertStreamExport } from "../../../../provider/migration/sources/stream-chat";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;
const user = (id: string, extra: object = {}) => ({ type: "user", data: { id, ...extra } });
const channel = (type: string, id: string, createdBy: string, extra: object = {}) => ({
  type: "channel",
  data: { type, id, created_by: createdBy, ...extra },
});
const member = (channelType: string, channelId: string, userId: string, extra: object = {}) => ({
  type: "member",
  data: { channel_type: channelType, channel_id: channelId, user_id: userId, ...extra },
});
const convert = async (content: string, options = {}) =>
  convertStreamExport(join(folderWith({ "export.jsonl": content }), "export.jsonl"), { now: NOW, ...options });

describe("sources/stream-chat (from-stream)", () => {
  it("converts the example: users to accounts, channels to groups by type, roles, created_at as times, distinct channels named by their members", async () => {
    const { manifest, report } = await convertStreamExport(join(REPO_ROOT, "examples/stream-migration/export.jsonl"));
    expect(manifest!.accounts).to.deep.equal({
      alice: { nick: "Alice Martin", faceUrl: "https://cdn.example.com/a.png" },
      bob: { nick: "Bob Chen" },
      carol: { nick: "Carol Diaz" },
      dave: { nick: "Dave" },
      "li-wei": { nick: "李伟", faceUrl: "https://cdn.example.com/liwei.png" },
    });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, g.ownerAccount])).to.deep.equal([
      ["messaging.general", "Private", "general", "alice"],
      ["livestream.launch-event", "ChatRoom", "launch-event", "bob"],
      ["messaging.distinct-0a12b9884ccb037a", "Private", undefined, "alice"],
      ["commerce.support-4711", "Private", "support-4711", "dave"],
    ]);
    expect(manifest!.groups[0]!.members).to.deep.equal({
      bob: { role: "Admin", joinTime: 1672737000 },
      carol: { joinTime: 1672819200 },
      dave: { joinTime: 1672905600 },
    });
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "export.jsonl:2",
      "export.jsonl:15",
      "export.jsonl:6",
      "export.jsonl:24 and 1 more",
      "export.jsonl:26",
    ]);
    expect(report.unmapped[3]!.reason).to.equal("2 message line(s): message history is not imported by this tool");
  });

  it('reads the older "item" envelope and the schema\'s channel_member type, and maps types through typeMap', async () => {
    const content = jsonl(
      { type: "user", item: { id: "a" } },
      user("b"),
      channel("livestream", "live", "a"),
      channel("support", "s1", "a"),
      channel("support", "s2", "b"),
      { type: "channel_member", data: { channel_type: "livestream", channel_id: "live", user_id: "b", is_moderator: true } },
      member("support", "s1", "b", { channel_role: "agent" }),
    );
    const { manifest, report } = await convert(content);
    expect(manifest!.groups.map((g) => g.type)).to.deep.equal(["ChatRoom", "Private", "Private"]);
    expect(manifest!.groups[0]!.members).to.deep.equal({ b: { role: "Admin" } });
    expect(report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:4", "export.jsonl:7"]);
    expect(report.adjusted[0]!.reason).to.include(
      `channel type "support" is not one of Stream's built-in types; its channels are imported as Private groups`,
    );
    const mapped = await convert(content, { typeMap: { support: "Public", livestream: "Public" } });
    expect(mapped.manifest!.groups.map((g) => [g.type, g.applyJoinOption])).to.deep.equal([
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
      ["Public", "FreeAccess"],
    ]);
    expect(mapped.report.adjusted.map((i) => i.source)).to.deep.equal(["export.jsonl:7"]);
  });

  it("reports every broken line at once with its line number, and writes no manifest", async () => {
    const content =
      jsonl(
        user("a"),
        { type: "user", data: {} },
        { data: { id: "x" } },
        { type: "user" },
        { type: "poll", data: {} },
        { type: "channel", data: { type: "messaging", id: "c" } },
        { type: "channel", data: { type: "messaging", created_by: "a" } },
        channel("messaging", "ok", "a", { created_at: "last tuesday" }),
        { type: "member", data: { channel_type: "messaging", channel_id: "ok", channel_member_ids: ["a"], user_id: "a" } },
      ) + "not json\n";
    const { manifest, report } = await convert(content);
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:2 user.id is required",
      `export.jsonl:3 has no "type"`,
      `export.jsonl:4 has no "data" object`,
      `export.jsonl:5 type "poll" is not one of this format's (user, channel, member, message, reaction, device, future_channel_ban)`,
      "export.jsonl:6 channel.created_by is required",
      "export.jsonl:7 channel needs type and exactly one of id and member_ids",
      `export.jsonl:8 created_at: "last tuesday" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
      "export.jsonl:9 member needs channel_type and exactly one of channel_id and channel_member_ids",
      `export.jsonl:10 not valid JSON: Unexpected token 'o', "not json" is not valid JSON`,
    ]);
  });

  it("turns a channel with more members than a group holds into a Community, and leaves out members of unknown users", async () => {
    const users = Array.from({ length: LIMITS.maxMemberCount + 1 }, (_, i) => user(`u${i}`));
    const members = users.map((_, i) => member("livestream", "stadium", `u${i}`));
    const { manifest, report } = await convert(
      jsonl(...users, channel("livestream", "stadium", "u0"), ...members, member("livestream", "stadium", "ghost")),
    );
    expect(manifest!.groups[0]).to.deep.include({ type: "Community", groupId: "@TGS#_stadium", ownerAccount: "u0" });
    expect(Object.keys(manifest!.groups[0]!.members)).to.have.length(LIMITS.maxMemberCount);
    expect(report.unmapped.map((i) => i.reason)).to.deep.equal([
      "user ghost is not declared (before this line); membership of livestream.stadium left out",
    ]);
  });
});
