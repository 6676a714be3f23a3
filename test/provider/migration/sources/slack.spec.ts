import { expect } from "chai";
import { join } from "node:path";
import { convertSlackExport } from "../../../../provider/migration/sources/slack";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith } from "./temp-files";

const NOW = 1_700_000_000;
const users = (...ids: string[]) => JSON.stringify(ids.map((id) => ({ id, name: id.toLowerCase() })));
const channel = (id: string, members: string[], extra: object = {}) => ({
  id,
  name: id.toLowerCase(),
  created: 1_600_000_000,
  creator: members[0],
  members,
  ...extra,
});
const convert = (files: Record<string, unknown>) =>
  convertSlackExport(
    folderWith(
      Object.fromEntries(Object.entries(files).map(([name, value]) => [name, typeof value === "string" ? value : JSON.stringify(value)])),
    ),
    { now: NOW },
  );

describe("sources/slack (from-slack)", () => {
  it("converts the example: nicks and avatars, channel types, purpose and topic, creators as owners, multi-party DMs named by their people", () => {
    const { manifest, report } = convertSlackExport(join(REPO_ROOT, "examples/slack-migration/export"));
    expect(manifest!.accounts.U02BOB).to.deep.equal({ nick: "Bob Builder", faceUrl: "https://avatars.slack-edge.com/bob_192.png" });
    expect(manifest!.accounts.U05DAVE, "an avatar URL over 500 bytes is left out, not cut").to.deep.equal({ nick: "Dave" });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, g.ownerAccount, g.applyJoinOption])).to.deep.equal([
      ["C01GENERAL", "Public", "C01GENERAL", "U01ALICE", "FreeAccess"],
      ["C02ENGINEERING", "Public", "C02ENGINEERING", "U02BOB", "FreeAccess"],
      ["C03OLD", "Public", "C03OLD", undefined, "FreeAccess"],
      ["G01LEADS", "Private", "G01LEADS", "U01ALICE", undefined],
      ["G02INCIDENTS", "Private", "G02INCIDENTS", "U05DAVE", undefined],
      ["G03MPDM", "Private", "G03MPDM", "U01ALICE", undefined],
    ]);
    const general = manifest!.groups[0]!;
    expect(general).to.include({
      introduction: "This channel is for team-wide communication and announcements.",
      notification: "Company-wide announcements 全员公告",
    });
    expect(Object.keys(general.members), "the owner is not also a member").to.deep.equal(["U02BOB", "U03WANG", "U05DAVE", "B01DEPLOY"]);
    expect(manifest!.groups[1]!.name).to.equal("engineering-platform-infrastru");
    expect(manifest!.groups[5]!.name).to.equal("alice, bob, wang.wei");
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "channels.json[0] C01GENERAL.pins",
      "channels.json[2] C03OLD.members",
      "channels.json[2] C03OLD.previous_names",
      "dms.json[0] D01AB",
      "<conversation>/<date>.json",
    ]);
    expect(report.unmapped[1]!.reason).to.equal("U99GHOST is not in users.json; membership left out");
    expect(report.adjusted.map((i) => i.reason)).to.include.members([
      "creator U04CAROL is not a member; imported without an owner",
      `name "engineering-platform-infrastructure-team" is over 30 bytes; truncated to "engineering-platform-infrastru"`,
      "archived in Slack; Tencent has no archived state, imported as an active group",
    ]);
    expect(report.counts).to.deep.equal({ adjusted: 7, unmapped: 5, problems: 0 });
  });

  it("fits channels over a group's member limit: a larger maxMemberCount up to 6,000, a Community beyond", () => {
    const ids = Array.from({ length: 6_001 }, (_, i) => `U${i}`);
    const { manifest, report } = convert({
      "users.json": users(...ids),
      "channels.json": [channel("CBIG", ids), channel("CMID", ids.slice(0, 2_500))],
      "groups.json": [channel("GBIG", ids)],
    });
    const [big, mid, privateBig] = manifest!.groups;
    expect(big).to.include({ type: "Community", groupId: "@TGS#_CBIG", ownerAccount: "U0" });
    expect(big!.applyJoinOption, "a Community has no join option").to.equal(undefined);
    expect(Object.keys(big!.members)).to.have.length(6_000);
    expect(mid).to.include({ type: "Public", groupId: "CMID", maxMemberCount: 2_500 });
    expect(privateBig).to.include({ type: "Community", groupId: "@TGS#_GBIG" });
    expect(report.adjusted.map((i) => i.reason)).to.include("6001 members exceed the 6000 a Public group holds; imported as a Community");
  });

  it("leaves out users Tencent cannot take and their memberships, each reported; the rest converts", () => {
    const long = "U".repeat(33);
    const { manifest, report } = convert({ "users.json": users("U1", "Ü2", long), "channels.json": [channel("C1", ["U1", "Ü2", long])] });
    expect(Object.keys(manifest!.accounts)).to.deep.equal(["U1"]);
    expect(manifest!.groups[0]!.members).to.deep.equal({});
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "users.json[1] Ü2",
      `users.json[2] ${long}`,
      "channels.json[0] C1.members",
      "channels.json[0] C1.members",
      "<conversation>/<date>.json",
    ]);
    expect(report.unmapped[0]!.reason).to.include("printable ASCII");
  });

  it("writes no manifest when the export has problems, and names each", () => {
    const { manifest, report } = convert({
      "users.json": users("U1"),
      "channels.json": [channel("C1", ["U1"], { created: NOW + 60 }), channel("C2", ["U1"], { name: "   " })],
    });
    expect(manifest).to.equal(undefined);
    expect(report.problems).to.deep.equal([
      { source: "channels.json[0] C1", reason: `createTime ${NOW + 60} is in the future (now ${NOW})` },
      { source: "channels.json[1] C2", reason: "the group has no name" },
    ]);
  });

  it("refuses a list file that is not Slack's, naming the file and the field", () => {
    expect(() => convert({ "users.json": [{ name: "no id" }] })).to.throw("users.json is not a Slack export list: 0.id");
    expect(() => convert({ "channels.json": [{ id: "C1" }] })).to.throw("channels.json is not a Slack export list: 0.created");
  });
});
