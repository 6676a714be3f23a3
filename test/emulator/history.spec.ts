import { expect } from "chai";
import { CallHistory } from "../../emulator/history";

describe("emulator call history (the console's live chart)", () => {
  it("counts calls and rejections per second and command, over a fixed window with empty seconds as zeros", () => {
    let now = 1000;
    const history = new CallHistory(5, () => now);
    history.record("import_group", false);
    history.record("import_group", true);
    now = 1002;
    history.record("get_group_info", false);
    const series = history.series();
    expect(series.map((s) => s.second)).to.deep.equal([998, 999, 1000, 1001, 1002]);
    expect(series.map((s) => [s.calls, s.rejected])).to.deep.equal([
      [0, 0],
      [0, 0],
      [2, 1],
      [0, 0],
      [1, 0],
    ]);
    expect(series[2]!.commands).to.deep.equal({ import_group: [2, 1] });
  });

  it("forgets seconds older than its window, so its memory stays fixed", () => {
    let now = 0;
    const history = new CallHistory(3, () => now);
    for (now = 0; now < 1000; now += 1) history.record("x", false);
    now = 999;
    expect(history.series().map((s) => s.calls)).to.deep.equal([1, 1, 1]);
    expect((history as unknown as { buckets: unknown[] }).buckets).to.have.length(3);
    history.clear();
    expect(history.series().every((s) => s.calls === 0)).to.equal(true);
  });
});
