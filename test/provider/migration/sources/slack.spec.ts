import { expect } from "chai";
import { join } from "node:path";
import { convertSlackExport } from "../../../../provider/migration/sources/slack";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith } from "./temp-files";
import { treeWith, zipWith } from "./zip-fixtures";

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
const convert = async (files: Record<string, unknown>) =>
  convertSlackExport(
    treeWith(
      Object.fromEntries(
        Object.entries(files).map(([name, value]) => [
          name,
          typeof value === "string" || Buffer.isBuffer(value) ? value : JSON.stringify(value),
        ]),
      ),
    ),
    { now: NOW },
  );

describe("sources/slack (from-slack)", () => {
  it("converts the example: nicks and avatars, channel types, purpose and topic, creators as owners, multi-party DMs named by their people", async () => {
    const { manifest, report } = await convertSlackExport(join(REPO_ROOT, "examples/slack-migration/export"));
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
    expect(manifest!.groups[5]!.name, "named by its people's names as they show in Slack").to.equal("alice, Bob Builder, 王伟");
    expect(report.unmapped.map((i) => i.source)).to.deep.equal([
      "channels.json[0] C01GENERAL.pins",
      "channels.json[2] C03OLD.previous_names",
      "dms.json[0] D01AB",
      "<conversation>/<date>.json",
      "channels.json[2] C03OLD.members",
    ]);
    expect(report.unmapped[4]!.reason).to.equal("user U99GHOST is not declared; membership of C03OLD left out");
    expect(report.reconciliation).to.deep.equal({
      users: { in: 6, mapped: 5, adjusted: 1, unmapped: 0, problems: 0 },
      groups: { in: 6, mapped: 4, adjusted: 2, unmapped: 0, problems: 0 },
      memberships: { in: 19, mapped: 18, adjusted: 0, unmapped: 1, problems: 0 },
      "1:1 DMs": { in: 1, mapped: 0, adjusted: 0, unmapped: 1, problems: 0 },
    });
    expect(report.adjusted.map((i) => i.reason)).to.include.members([
      "creator U04CAROL is not a member of C03OLD; imported without an owner",
      `name "engineering-platform-infrastructure-team" is over 30 bytes; truncated to "engineering-platform-infrastru"`,
      "archived in Slack; Tencent has no archived state, imported as an active group",
    ]);
    expect(report.counts).to.deep.equal({ adjusted: 7, unmapped: 5, problems: 0 });
  });

  it("fits channels over a group's member limit: a larger maxMemberCount up to 6,000, a Community beyond", async () => {
    const ids = Array.from({ length: 6_001 }, (_, i) => `U${i}`);
    const { manifest, report } = await convert({
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

  it("gives users Tencent cannot take a valid UserID, used in every membership, and reports each", async () => {
    const long = "U".repeat(33);
    const { manifest, report } = await convert({
      "users.json": users("U1", "Ü2", long),
      "channels.json": [channel("C1", ["U1", "Ü2", long])],
    });
    const map = manifest!.userIdMap!;
    expect(Object.values(map).sort()).to.deep.equal([long, "Ü2"].sort());
    expect(Object.keys(manifest!.accounts).sort()).to.deep.equal(["U1", ...Object.keys(map)].sort());
    expect(Object.keys(manifest!.groups[0]!.members).sort()).to.deep.equal(Object.keys(map).sort());
    expect(report.unmapped.map((i) => i.source)).to.deep.equal(["<conversation>/<date>.json"]);
    expect(report.adjusted.find((i) => i.reason.includes("cannot be a Tencent UserID"))).to.deep.include({ count: 2 });
  });

  it("writes no manifest when the export has problems, and names each", async () => {
    const { manifest, report } = await convert({
      "users.json": users("U1"),
      "channels.json": [channel("C1", ["U1"], { created: NOW + 60 }), channel("C2", ["U1"], { name: "   " })],
    });
    expect(manifest).to.equal(undefined);
    expect(report.problems).to.deep.equal([
      { source: "channels.json[0] C1", reason: `createTime ${NOW + 60} is in the future (now ${NOW})` },
      { source: "channels.json[1] C2", reason: "the group has no name" },
    ]);
  });

  it("names every record of a list that is not Slack's, each with its index and fields, and reads the others", async () => {
    const { manifest, report } = await convert({
      "users.json": [{ name: "no id" }, { id: "U1" }, { id: 7, deleted: "yes" }],
      "channels.json": [{ id: "C1", created: "yesterday", members: ["U1"] }, channel("C2", ["U1"])],
    });
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source}: ${p.reason}`)).to.deep.equal([
      "users.json[0]: id: Invalid input: expected string, received undefined",
      "users.json[2]: id: Invalid input: expected string, received number; deleted: Invalid input: expected boolean, received string",
      "channels.json[0] C1: created: Invalid input",
    ]);
    expect(report.reconciliation.users).to.deep.include({ in: 3, problems: 2, mapped: 1 });
  });

  it("reads shapes other tools write: created as text (2016 exports), members and whole lists as null (slackdump), a BOM, absent optional lists", async () => {
    const { manifest, report } = await convert({
      "users.json": `\uFEFF${users("U1", "U2")}`,
      "channels.json": [
        { ...channel("C1", ["U1", "U2"]), created: "1433558319", topic: { value: "t", creator: "", last_set: "0" } },
        { ...channel("C2", []), members: null, creator: "U1" },
      ],
      "groups.json": "null",
      "mpims.json": [{ id: "G1", name: "mpdm-u1--u2-1", created: 1546732800, creator: "U1", members: null }],
    });
    expect(report.problems).to.deep.equal([]);
    expect(manifest!.groups.map((g) => [g.key, g.createTime, Object.keys(g.members).length])).to.deep.equal([
      ["C1", 1433558319, 1],
      ["C2", 1600000000, 0],
    ]);
    expect(report.reconciliation["group DMs"]).to.deep.equal({ in: 1, mapped: 0, adjusted: 0, unmapped: 1, problems: 0 });
  });

  it("reads the export's .zip as its folder, also with the folder zipped one level up, and says which folder it read", async () => {
    const files = { "users.json": users("U1", "U2", "U3"), "channels.json": JSON.stringify([channel("C1", ["U1", "U2"])]) };
    const atRoot = await convertSlackExport(await zipWith({ ...files, "general/2024-01-02.json": "[]" }), { now: NOW });
    expect(atRoot.manifest!.groups.map((g) => g.key)).to.deep.equal(["C1"]);
    const wrapped = await convertSlackExport(
      await zipWith({
        "My Workspace Slack export/users.json": files["users.json"],
        "My Workspace Slack export/channels.json": files["channels.json"],
      }),
      { now: NOW },
    );
    expect(wrapped.manifest!.groups.map((g) => g.key)).to.deep.equal(["C1"]);
    expect(wrapped.report.adjusted.map((i) => i.reason).join("\n")).to.include("My Workspace Slack export");
    const above = treeWith({ "slack/users.json": files["users.json"], "slack/channels.json": files["channels.json"] });
    expect((await convertSlackExport(above, { now: NOW })).manifest!.groups).to.have.length(1);
  });

  it("refuses a path that is not a Slack export instead of writing an empty manifest: missing, empty, another folder", async () => {
    const missing = join(folderWith({}), "nowhere");
    await expectRejection(convertSlackExport(missing), `${missing} does not exist`);
    await expectRejection(convertSlackExport(folderWith({ "notes.txt": "hi" })), "does not look like a Slack export");
    const { manifest, report } = await convert({ "users.json": "[]", "channels.json": "[]" });
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => p.reason)).to.deep.equal(["holds no records: no users, no conversations; is it the right file?"]);
  });

  it("names the file and the line of a truncated or non-UTF-8 list", async () => {
    const truncated = await convert({
      "users.json": users("U1"),
      "channels.json": JSON.stringify([channel("C1", ["U1"])], null, 2).slice(0, 80),
    });
    expect(truncated.manifest).to.equal(undefined);
    expect(truncated.report.problems[0]!.source).to.equal("channels.json");
    expect(truncated.report.problems[0]!.reason).to.match(/line \d+ column \d+/);
    const latin1 = await convert({ "users.json": Buffer.from(`[{"id":"U1","real_name":"Jos\xe9"}]`, "latin1") });
    expect(latin1.report.problems[0]).to.deep.include({ source: "users.json" });
    expect(latin1.report.problems[0]!.reason).to.match(/^line 1: invalid UTF-8 at byte 28 \(0xE9\)/);
  });

  it("imports Slack's guests as accounts of only the channels they were in", async () => {
    const { manifest, report } = await convert({
      "users.json": [
        { id: "U1", name: "staff" },
        { id: "U2", name: "guest", is_restricted: true },
        { id: "U3", name: "single", is_ultra_restricted: true },
      ],
      "channels.json": [channel("C1", ["U1", "U2", "U3"])],
    });
    expect(Object.keys(manifest!.groups[0]!.members)).to.deep.equal(["U2", "U3"]);
    expect(report.adjusted.find((i) => i.reason.includes("is a guest"))).to.deep.include({ count: 2 });
  });
});

async function expectRejection(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.include(message);
    return;
  }
  expect.fail(`expected a rejection with "${message}"`);
}
