import { expect } from "chai";
import { join } from "node:path";
import { convertMattermostExport } from "../../../../provider/migration/sources/mattermost";
import { REPO_ROOT } from "../../../../tools/lib/local-stack";
import { folderWith, jsonl } from "./temp-files";

const NOW = 1_700_000_000;
const EXAMPLE = join(REPO_ROOT, "examples/mattermost-migration/export.jsonl");
const convert = async (content: string, options = {}) =>
  convertMattermostExport(join(folderWith({ "export.jsonl": content }), "export.jsonl"), { now: NOW, ...options });
const version = { type: "version", version: 1 };

describe("sources/mattermost (from-mattermost)", () => {
  it("converts the example: teams to Communities, open and private channels to Public and Private groups, group messages to Private groups", async () => {
    const { manifest, report } = await convertMattermostExport(EXAMPLE);
    expect(manifest!.accounts).to.deep.equal({
      alice: { nick: "Alice Ng" },
      "bob.k": { nick: "Bob Kim" },
      carol: { nick: "Carol Diaz" },
      "wang.fang": { nick: "王芳" },
    });
    expect(manifest!.groups.map((g) => [g.key, g.type, g.groupId, Object.keys(g.members).sort().join(" ")])).to.deep.equal([
      ["team.engineering", "Community", "@TGS#_engineering", "alice bob.k wang.fang"],
      ["team.ops", "Community", "@TGS#_ops", "bob.k carol wang.fang"],
      ["engineering.town-square", "Public", "engineering.town-square", "alice bob.k wang.fang"],
      ["engineering.backend", "Public", "engineering.backend", "alice bob.k"],
      ["engineering.security-reviews", "Private", "engineering.security-reviews", "alice wang.fang"],
      ["ops.incidents", "Private", "ops.incidents", "bob.k carol wang.fang"],
      ["gm-c915341f9fddfe73", "Private", undefined, "alice bob.k wang.fang"],
    ]);
    const backend = manifest!.groups[3]!;
    expect(backend).to.deep.include({
      name: "Backend",
      introduction: "API and database work",
      notification: "Runbook: https://wiki.example.com/backend",
      applyJoinOption: "FreeAccess",
    });
    expect(backend.members.alice).to.deep.equal({ role: "Admin" });
    expect(manifest!.groups[0]!.members.alice).to.deep.equal({ role: "Admin" });
    expect(manifest!.groups[6]).to.deep.include({ name: "Alice Ng, Bob Kim, 王芳", notification: "Q2 planning" });
    expect(report.counts).to.deep.equal({ adjusted: 3, unmapped: 5, problems: 0 });
  });

  it("with channelsAsTopics, open channels become topics of their team's Community and their memberships its own", async () => {
    const { manifest } = await convertMattermostExport(EXAMPLE, { channelsAsTopics: true });
    const engineering = manifest!.groups.find((g) => g.key === "team.engineering")!;
    expect(engineering.supportTopic).to.equal(true);
    expect(engineering.topics).to.deep.equal([
      { key: "town-square", topicName: "Town Square" },
      {
        key: "backend",
        topicName: "Backend",
        introduction: "API and database work",
        notification: "Runbook: https://wiki.example.com/backend",
      },
    ]);
    expect(manifest!.groups.map((g) => g.key)).to.deep.equal([
      "team.engineering",
      "team.ops",
      "engineering.security-reviews",
      "ops.incidents",
      "gm-c915341f9fddfe73",
    ]);
  });

  it("needs the version line first, and reports every broken line at once", async () => {
    const noVersion = await convert(jsonl({ type: "team", team: { name: "t", display_name: "T", type: "O" } }));
    expect(noVersion.report.problems.map((p) => p.reason)).to.deep.equal([
      `the export must start with {"type":"version","version":1}; found team first`,
      `is empty: a bulk export starts with {"type":"version","version":1}`,
    ]);
    const { manifest, report } = await convert(
      jsonl(
        { type: "version", version: 2 },
        { type: "team", team: { display_name: "no name" } },
        { type: "channel", channel: { team: "t", name: "c", type: "X" } },
        { type: "user", user: { username: "a", teams: [{ roles: "team_user" }, { name: "t", channels: [{}] }] } },
        { type: "direct_channel", direct_channel: { members: ["a"] } },
        { type: "channel" },
        { type: "webhook", webhook: {} },
      ),
    );
    expect(manifest).to.equal(undefined);
    expect(report.problems.map((p) => `${p.source} ${p.reason}`)).to.deep.equal([
      "export.jsonl:1 version 2 is not the bulk format's version 1",
      "export.jsonl:2 team.name is required",
      `export.jsonl:3 channel.type "X" is not O (open) or P (private)`,
      "export.jsonl:4 a: a team membership without a name",
      "export.jsonl:4 a: a channel membership in t without a name",
      "export.jsonl:5 direct_channel.members must list 2 to 8 usernames",
      `export.jsonl:6 has no "channel" object`,
      `export.jsonl:7 type "webhook" is not one of this format's (version, team, channel, user, direct_channel, post, direct_post, emoji, scheme, role, bot)`,
    ]);
    expect(report.unmapped.map((i) => i.reason)).to.deep.equal(["group team.t is not declared; membership of a left out"]);
  });

  it("reads a direct channel's participants (newer exports) and leaves out memberships of channels it does not know", async () => {
    const { manifest, report } = await convert(
      jsonl(
        version,
        { type: "team", team: { name: "t", display_name: "T", type: "O" } },
        { type: "user", user: { username: "a", teams: [{ name: "t", channels: [{ name: "gone" }] }] } },
        { type: "user", user: { username: "b" } },
        { type: "user", user: { username: "c" } },
        { type: "direct_channel", direct_channel: { participants: [{ username: "a" }, { username: "b" }, { username: "c" }] } },
      ),
    );
    expect(manifest!.groups.map((g) => Object.keys(g.members).join(" "))).to.deep.equal(["a", "a b c"]);
    expect(manifest!.groups[1]!.key).to.match(/^gm-[0-9a-f]{16}$/);
    expect(report.unmapped.map((i) => `${i.source} ${i.reason}`)).to.deep.equal([
      "export.jsonl:3 group t.gone is not declared; membership of a left out",
    ]);
  });

  it("imports guests as accounts of only the channels they were in, never as members of a community whose topics every member reads", async () => {
    const team = { type: "team", team: { name: "acme", display_name: "Acme", type: "O" } };
    const channels = [
      { type: "channel", channel: { team: "acme", name: "town-square", display_name: "Town Square", type: "O" } },
      { type: "channel", channel: { team: "acme", name: "clients", display_name: "Clients", type: "P" } },
    ];
    const guest = {
      type: "user",
      user: {
        username: "vendor",
        roles: "system_guest",
        teams: [{ name: "acme", roles: "team_guest", channels: [{ name: "clients", roles: "channel_guest" }] }],
      },
    };
    const staff = {
      type: "user",
      user: {
        username: "ann",
        roles: "system_user",
        teams: [
          {
            name: "acme",
            roles: "team_admin team_user",
            channels: [{ name: "town-square" }, { name: "clients", roles: "channel_admin channel_user" }],
          },
        ],
      },
    };
    const content = jsonl(version, team, ...channels, guest, staff);
    const asTopics = await convert(content, { channelsAsTopics: true });
    const [community, clients] = asTopics.manifest!.groups;
    expect(community!.topics.map((t) => t.key)).to.deep.equal(["town-square"]);
    expect(Object.keys(community!.members), "the guest would read every open channel as a topic").to.deep.equal(["ann"]);
    expect(Object.keys(clients!.members).sort()).to.deep.equal(["ann", "vendor"]);
    expect(asTopics.report.unmapped.map((i) => i.reason)).to.include(
      "guest vendor is not made a member of community team.acme: every member of a community reads all of its 1 topics, which a guest could not",
    );
    expect(asTopics.report.adjusted.map((i) => i.reason)).to.include(
      "vendor is a guest; Tencent Chat has no guest role: imported as an account that is a member of only the conversations it was in",
    );
    const asGroups = await convert(content);
    expect(Object.keys(asGroups.manifest!.groups[0]!.members).sort(), "a community without topics holds its team's guests").to.deep.equal([
      "ann",
      "vendor",
    ]);
  });

  it("reports 1:1 direct channels as one grouped line, and counts every line of the export", async () => {
    const users = ["a", "b", "c"].map((username) => ({ type: "user", user: { username } }));
    const dms = Array.from({ length: 12 }, () => ({ type: "direct_channel", direct_channel: { members: ["a", "b"] } }));
    const { manifest, report } = await convert(
      jsonl(version, ...users, ...dms, { type: "direct_channel", direct_channel: { members: ["a", "b", "c"] } }),
    );
    expect(manifest!.groups).to.have.length(1);
    const oneToOne = report.unmapped.filter((i) => i.reason.startsWith("a 1:1 conversation"));
    expect(oneToOne).to.have.length(1);
    expect(oneToOne[0]).to.deep.include({ count: 12 });
    expect(report.reconciliation["direct channels"]).to.deep.equal({ in: 12, mapped: 0, adjusted: 0, unmapped: 12, problems: 0 });
    expect(report.reconciliation.groups).to.deep.include({ in: 1, mapped: 1 });
  });
});
