import { expect } from "chai";
import fc from "fast-check";
import { ManifestBuilder } from "../../../../provider/migration/sources/builder";
import { keyFrom, membersKey, readExport } from "../../../../provider/migration/sources/jsonl-export";
import { ManifestKey } from "../../../../provider/migration/manifest";
import { folderWith, jsonl } from "./temp-files";
import { join } from "node:path";

describe("sources/jsonl-export", () => {
  it("keyFrom makes a valid, stable key of any names, distinct names giving distinct keys", () => {
    expect(keyFrom("messaging", "general")).to.equal("messaging.general");
    expect(keyFrom("team", "a b/c")).to.equal("team.a-b-c");
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ minLength: 1, maxLength: 100 }), (a, b) => {
        const key = keyFrom(a, b);
        expect(ManifestKey.safeParse(key).success, key).to.equal(true);
        expect(keyFrom(a, b)).to.equal(key);
      }),
    );
    const long = "x".repeat(70);
    expect(keyFrom(long, "1")).to.not.equal(keyFrom(long, "2"));
    expect(keyFrom(long, "1")).to.have.length(64);
  });

  it("membersKey does not depend on the order of the members", () => {
    expect(membersKey("gm", ["b", "a", "c"])).to.equal(membersKey("gm", ["c", "b", "a"]));
    expect(membersKey("gm", ["a", "b"])).to.not.equal(membersKey("gm", ["a", "c"]));
  });

  it("readExport hands each typed line to its handler, counts the types that do not map once, and reports unknown types and broken lines by line", async () => {
    const dir = folderWith({
      "e.jsonl":
        jsonl({ t: "user", id: "a" }, { t: "message" }, { t: "message" }, { t: "gift" }) +
        "{oops\n" +
        jsonl({ id: "no type" }, { t: "user", id: "b" }),
    });
    const builder = new ManifestBuilder({ unfit: "unmapped", oversized: "community" });
    const seen: string[] = [];
    await readExport(
      join(dir, "e.jsonl"),
      {
        envelope: (line) => (typeof line.t === "string" ? { type: line.t, payload: line } : { problem: "has no t" }),
        handlers: {
          user: (line) => {
            seen.push(`${line.source} ${String(line.payload.id)}`);
          },
        },
        notMigrated: { message: "history is not imported" },
      },
      builder,
    );
    expect(seen).to.deep.equal(["e.jsonl:1 a", "e.jsonl:7 b"]);
    const { report } = builder.finish();
    expect(report.unmapped).to.deep.equal([{ source: "e.jsonl:2 and 1 more", reason: "2 message line(s): history is not imported" }]);
    expect(report.problems.map((p) => p.source)).to.deep.equal(["e.jsonl:4", "e.jsonl:5", "e.jsonl:6"]);
    expect(report.problems[0]!.reason).to.equal(`type "gift" is not one of this format's (user, message)`);
  });
});
