import { expect } from "chai";
import { formatReport, ReportCollector } from "../../../../provider/migration/sources/report";

describe("sources/report", () => {
  it("lists the first items of each kind and counts every one", () => {
    const collector = new ReportCollector(2);
    for (let i = 1; i <= 5; i += 1) collector.adjusted(`m.csv:${i}`, "cut");
    collector.unmapped("x.jsonl:1", "messages");
    expect(collector.failed).to.equal(false);
    collector.problem("m.csv:9", "broken");
    expect(collector.failed).to.equal(true);
    expect(collector.report.adjusted.map((i) => i.source)).to.deep.equal(["m.csv:1", "m.csv:2"]);
    expect(collector.report.counts).to.deep.equal({ adjusted: 5, unmapped: 1, problems: 1 });
    expect(formatReport("from-csv", "3 accounts", collector.report)).to.deep.equal([
      "from-csv: 3 accounts; 5 adjusted, 1 not mapped, 1 problem(s)",
      "  problem: m.csv:9: broken",
      "  adjusted: m.csv:1: cut",
      "  adjusted: m.csv:2: cut",
      "  ... and 3 more adjusted (the report lists the first 2)",
      "  not mapped: x.jsonl:1: messages",
    ]);
  });
});
