import { expect } from "chai";
import fc from "fast-check";
import { parseBoolean, parseInteger, parseUnixTime, RecordFields } from "../../../../provider/migration/sources/fields";

describe("sources/fields", () => {
  describe("parseUnixTime", () => {
    it("reads Unix seconds and ISO 8601 / RFC 3339 times, a time without a zone as UTC", () => {
      expect(parseUnixTime("1700000000")).to.deep.equal({ value: 1700000000 });
      expect(parseUnixTime(" 2023-03-01T10:00:00Z ")).to.deep.equal({ value: 1677664800 });
      expect(parseUnixTime("2023-03-01T18:00:00+08:00")).to.deep.equal({ value: 1677664800 });
      expect(parseUnixTime("2023-03-01T18:00:00+0800")).to.deep.equal({ value: 1677664800 });
      expect(parseUnixTime("2023-03-01 10:00:00")).to.deep.equal({ value: 1677664800 });
      expect(parseUnixTime("2023-03-01T10:00")).to.deep.equal({ value: 1677664800 });
      expect(parseUnixTime("2023-03-01")).to.deep.equal({ value: 1677628800 });
      expect(parseUnixTime("1985-04-12T23:20:50.52Z")).to.deep.equal({ value: 482196050 });
    });

    it("refuses milliseconds, dates before 1970 and anything else, naming the accepted forms", () => {
      expect(parseUnixTime("1700000000000")).to.deep.equal({
        problem: `"1700000000000" looks like milliseconds; give Unix seconds or an ISO 8601 time`,
      });
      expect(parseUnixTime("1969-12-31T23:59:59Z")).to.have.property("problem").that.includes("before 1970");
      for (const text of ["yesterday", "2023-13-45", "03/01/2023", "-5", "1.5"]) {
        expect(parseUnixTime(text), text).to.have.property("problem").that.includes("Unix seconds or an ISO 8601 time");
      }
    });

    it("round-trips any second through its ISO text and its digits", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
          expect(parseUnixTime(new Date(seconds * 1000).toISOString())).to.deep.equal({ value: seconds });
          expect(parseUnixTime(String(seconds))).to.deep.equal({ value: seconds });
        }),
      );
    });
  });

  it("parseInteger and parseBoolean take what a spreadsheet writes and say why not otherwise", () => {
    expect(parseInteger(" 42 ")).to.deep.equal({ value: 42 });
    expect(parseInteger("0", 1)).to.deep.equal({ problem: "0 is below 1" });
    expect(parseInteger("4.5")).to.deep.equal({ problem: `"4.5" is not a whole number` });
    expect(parseInteger("99999999999999999999")).to.have.property("problem");
    for (const yes of ["true", "TRUE", "yes", "1"]) expect(parseBoolean(yes)).to.deep.equal({ value: true });
    for (const no of ["false", "No", "0"]) expect(parseBoolean(no)).to.deep.equal({ value: false });
    expect(parseBoolean("maybe")).to.deep.equal({ problem: `"maybe" is not a yes/no value: give true or false` });
  });

  describe("RecordFields", () => {
    const read = (record: Record<string, unknown>) => {
      const problems: string[] = [];
      return { fields: new RecordFields("t.csv:7", record, (source, reason) => problems.push(`${source}: ${reason}`)), problems };
    };

    it("reports each failing column of a record with its source and marks the record broken", () => {
      const { fields, problems } = read({ id: "", when: "soon", count: "x", kind: "Huge" });
      expect(fields.required("id")).to.equal(undefined);
      expect(fields.time("when")).to.equal(undefined);
      expect(fields.integer("count")).to.equal(undefined);
      expect(fields.choice("kind", { small: "Small", big: "Big", large: "Big" })).to.equal(undefined);
      expect(fields.broken).to.equal(true);
      expect(problems).to.deep.equal([
        "t.csv:7: id: is required",
        `t.csv:7: when: "soon" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z`,
        `t.csv:7: count: "x" is not a whole number`,
        `t.csv:7: kind: "Huge" is not one of Small, Big`,
      ]);
    });

    it("takes JSON numbers and booleans as text, refuses objects, and reads prefixed columns", () => {
      const { fields, problems } = read({ n: 5, b: true, o: { a: 1 }, "data.Level": "3", "data.Empty": "", name: "x" });
      expect(fields.integer("n")).to.equal(5);
      expect(fields.boolean("b")).to.equal(true);
      expect(fields.choice("missing", { a: "A" })).to.equal(undefined);
      expect(fields.broken).to.equal(false);
      expect(fields.prefixed("data.")).to.deep.equal({ Level: "3" });
      expect(fields.text("o")).to.equal(undefined);
      expect(problems).to.deep.equal(["t.csv:7: o: must be text, not an object"]);
    });
  });
});
