import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateManifest } from "../../../provider/migration/validate";
import { REPO_ROOT } from "../../../tools/lib/local-stack";

const NOW = 1_700_000_000;

/** A manifest with one mistake of each kind; the test lists every problem the validator must report. */
const broken = {
  accounts: { alice: {}, bob: { nick: "n".repeat(501) }, ["x".repeat(33)]: {} },
  groups: [
    {
      key: "a",
      type: "Public",
      name: "群".repeat(11),
      groupId: "@TGS#bad",
      ownerAccount: "ghost",
      createTime: 1000,
      members: { bob: { joinTime: 1000 }, carol: {} },
      topics: [{ key: "t", topicName: "x" }],
    },
    { key: "a", type: "AVChatRoom", name: "av" },
    {
      key: "c",
      type: "Community",
      name: "c",
      groupId: "@TGS#_c",
      supportTopic: true,
      applyJoinOption: "FreeAccess",
      topics: [
        { key: "t", topicName: "ok", topicId: "@TGS#_other@TOPIC#_x" },
        { key: "t", topicName: "dup", fromAccount: "nobody", createTime: NOW + 100 },
      ],
    },
    { key: "d", type: "Private", name: "d", maxMemberCount: 1, ownerAccount: "alice", members: { bob: {} }, nope: true },
  ],
};

describe("validateManifest", () => {
  it("reports every problem of a broken manifest in one run, each with its path", () => {
    const { problems } = validateManifest(broken, { now: NOW });
    const paths = problems.map((p) => p.path).sort();
    expect(paths).to.deep.equal(
      [
        "accounts.bob.nick",
        `accounts.${"x".repeat(33)}`,
        "groups[0].groupId",
        "groups[0].members.bob.joinTime",
        "groups[0].members.carol",
        "groups[0].name",
        "groups[0].ownerAccount",
        "groups[0].topics",
        "groups[1].key",
        "groups[1].type",
        "groups[2].applyJoinOption",
        "groups[2].topics[0].topicId",
        "groups[2].topics[1].createTime",
        "groups[2].topics[1].fromAccount",
        "groups[2].topics[1].key",
        "groups[3].members",
        "groups[3].nope",
      ].sort(),
    );
    const message = (path: string) => problems.find((p) => p.path === path)!.message;
    expect(message("groups[0].name")).to.match(/30 bytes.*got 33/);
    expect(message("groups[0].members.bob.joinTime")).to.match(/after the group's createTime 1000/);
    expect(message("groups[1].type")).to.match(/10007/);
    expect(message("groups[3].members")).to.match(/2 members exceed the group's limit of 1/);
    expect(message("groups[0].topics")).to.match(/Community with supportTopic/);
  });

  it("checks that every UserID of userIdMap is a declared account", () => {
    const report = validateManifest({ accounts: { a1: {} }, groups: [], userIdMap: { a1: "a-1-too-long", b2: "b-2" } });
    expect(report.problems).to.deep.equal([{ path: "userIdMap.b2", message: "is not among the manifest's accounts" }]);
    expect(validateManifest({ accounts: { a1: {} }, groups: [], userIdMap: { a1: "a-1" } }).problems).to.deep.equal([]);
  });

  it("accepts the sample manifest and estimates calls and the minimum time at the documented rates", () => {
    const report = validateManifest(JSON.parse(readFileSync(join(REPO_ROOT, "examples/manifests/sample.json"), "utf8")));
    expect(report.problems).to.deep.equal([]);
    expect(report.estimate).to.deep.include({ accounts: 30, groups: 20, members: 237, topics: 5 });
    expect(report.estimate.groupsByType).to.deep.equal({ Public: 7, Private: 6, ChatRoom: 4, Community: 3 });
    expect(report.estimate.calls).to.deep.equal({ multiaccount_import: 1, import_group: 20, import_group_member: 20, import_topic: 5 });
    expect(report.estimate.minimumSeconds).to.equal(0.1);
  });

  it("counts member calls at the given batch size", () => {
    const members = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`u${i}`, {}]));
    const manifest = {
      accounts: Object.fromEntries(Object.keys(members).map((u) => [u, {}])),
      groups: [{ key: "g", type: "Community", name: "g", members }],
    };
    expect(validateManifest(manifest, { memberBatchSize: 300 }).estimate.calls.import_group_member).to.equal(4);
    expect(validateManifest(manifest, { memberBatchSize: 20 }).estimate.calls.import_group_member).to.equal(50);
  });
});
