import { expect } from "chai";
import { killAndRecover } from "../../tools/kill-recovery";
import {
  KILL_CALLS as calls,
  KILL_HISTORY,
  KILL_HISTORY_CALLS as historyCalls,
  KILL_HISTORY_MOMENTS,
  KILL_MANIFEST as manifest,
  KILL_MOMENTS,
} from "../helpers/kill-moments";

describe("a pulumi up killed at seeded moments (both forms, file and PostgreSQL backends) recovers with `tencent-chat-migrate recover`", function () {
  this.timeout(900_000);

  it("the team backend is set up by the test command", () => {
    expect(process.env.TENCENT_CHAT_TEST_POSTGRES_URL, "tools/run.sh test runs tools/postgres.sh").to.match(/^postgres:\/\//);
  });

  for (const moment of KILL_MOMENTS) {
    it(`${moment.backend} backend, ${moment.form}: killed after ${moment.killAfterCalls} of about ${calls} calls, then converges with 0 differences`, async () => {
      const outcome = await killAndRecover(manifest, moment, process.env.TENCENT_CHAT_TEST_POSTGRES_URL);
      console.log(
        `      killed ${outcome.processesKilled} processes at ${outcome.callsAtKill} calls; ${outcome.recoveryLines.filter((l) => l.startsWith("moved aside")).length} file(s) moved aside; recovered in ${outcome.recoverySeconds} s; ${outcome.differences.length} differences`,
      );
      expect(outcome.differences).to.deep.equal([]);
      expect(outcome.previewChanges, "preview after the recovery").to.deep.equal({});
    });
  }

  for (const moment of KILL_HISTORY_MOMENTS) {
    it(`with message history, ${moment.backend} backend, ${moment.form}: killed after ${moment.killAfterCalls} of about ${historyCalls} calls, then every message once`, async () => {
      const outcome = await killAndRecover(manifest, moment, process.env.TENCENT_CHAT_TEST_POSTGRES_URL, KILL_HISTORY);
      console.log(
        `      killed ${outcome.processesKilled} processes at ${outcome.callsAtKill} calls; recovered in ${outcome.recoverySeconds} s; ${outcome.differences.length} differences`,
      );
      expect(outcome.differences, "no message missing, duplicated or out of order").to.deep.equal([]);
      expect(outcome.previewChanges, "preview after the recovery").to.deep.equal({});
    });
  }
});
