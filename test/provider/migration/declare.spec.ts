import { expect } from "chai";
import { C2C_PAIRS_PER_RESOURCE, declareMigration } from "../../../provider/migration/declare";
import type { SplitConversation } from "../../../provider/migration/history-split";
import type { Manifest } from "../../../provider/migration/manifest";
import { mockedProgram } from "../../helpers/pulumi-mocks";

describe("declareMigration", () => {
  it("declares the batch with the largest community first (its member pages are one long chain), names in manifest order", async () => {
    const program = mockedProgram();
    const people = Array.from({ length: 150 }, (_, i) => `u${i}`);
    const manifest: Manifest = {
      accounts: Object.fromEntries(people.map((u) => [u, {}])),
      groups: [
        { key: "small", type: "Private", name: "Small", members: { u1: {} }, topics: [] },
        { key: "club", type: "Community", name: "Club", members: Object.fromEntries(people.slice(0, 20).map((u) => [u, {}])), topics: [] },
        { key: "everyone", type: "Community", name: "Everyone", members: Object.fromEntries(people.map((u) => [u, {}])), topics: [] },
        { key: "team", type: "Public", name: "Team", members: { u2: {} }, topics: [] },
      ],
    };
    const declared = declareMigration(manifest, { groupsPerBatch: 1 });
    await program.settled();
    expect([...program.registered.keys()]).to.deep.equal(["accounts", "groups-2", "groups-1", "groups-0", "groups-3"]);
    expect(declared.batches.map((b) => (b as unknown as { __name: string }).__name)).to.deep.equal([
      "groups-0",
      "groups-1",
      "groups-2",
      "groups-3",
    ]);
  });

  it("declares the 1:1 conversations in resources of at most about 1,000, picked by the name's hash, after the accounts", async () => {
    const program = mockedProgram();
    const people = Array.from({ length: 80 }, (_, i) => `u${String(i).padStart(2, "0")}`);
    const manifest: Manifest = { accounts: Object.fromEntries(people.map((u) => [u, {}])), groups: [] };
    const conversations = new Map<string, SplitConversation>();
    for (const a of people)
      for (const b of people) {
        if (a > b) continue;
        conversations.set(`${a}|${b}`, { conversation: [a, b], hash: "0".repeat(64), messages: 2, last: 1 });
      }
    // Someone who is not an account: left out, with a warning.
    conversations.set("u00|zed", { conversation: ["u00", "zed"], hash: "1".repeat(64), messages: 1, last: 1 });
    const pairs = conversations.size - 1;
    expect(pairs).to.equal(3240);
    const declared = declareMigration(manifest, { history: { file: "history.jsonl", conversations } });
    await program.settled();
    // 3,240 pairs: 2 bits, 4 resources of about 810.
    const names = [...program.registered.keys()].filter((name) => name.startsWith("c2c-history")).sort();
    expect(names).to.deep.equal(["c2c-history-00", "c2c-history-01", "c2c-history-10", "c2c-history-11"]);
    expect(declared.c2cHistories).to.have.length(4);
    const held = names.map((name) => {
      const registration = program.registered.get(name)!;
      expect(registration.type).to.equal("pulumi-nodejs:dynamic/tencent-chat:ImportedC2CHistory");
      expect(registration.inputs.historyFile).to.equal("history.jsonl");
      return Object.keys(registration.inputs.conversations as Record<string, unknown>);
    });
    for (const list of held) expect(list.length).to.be.within(C2C_PAIRS_PER_RESOURCE / 2, C2C_PAIRS_PER_RESOURCE);
    expect(held.flat().sort()).to.deep.equal([...conversations.keys()].filter((name) => !name.includes("zed")).sort());
    expect([...program.registered.keys()][0]).to.equal("accounts");

    // A handful of pairs: one resource, no suffix.
    const small = mockedProgram();
    const few = new Map([...conversations].slice(0, 10));
    declareMigration(manifest, { namePrefix: "old-", history: { file: "h.jsonl", conversations: few } });
    await small.settled();
    expect([...small.registered.keys()].filter((name) => name.includes("c2c"))).to.deep.equal(["old-c2c-history"]);
  });
});
