import { expect } from "chai";
import { declareMigration } from "../../../provider/migration/declare";
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
});
