import { expect } from "chai";
import { generateManifest } from "../../provider/migration/generate";
import { validateManifest } from "../../provider/migration/validate";
import { killAndRecover, seededMoments, type KillMoment } from "../../tools/kill-recovery";

// 24 groups of 12 members (a tenth communities with 5 topics): every phase of a migration, in about 70 calls.
const manifest = validateManifest(generateManifest({ groups: 24, membersPerGroup: 12, prefix: "kill" })).manifest!;
const calls = Object.values(validateManifest(manifest).estimate.calls).reduce((a, b) => a + b, 0);

/** The seeded kill moments: per backend and form, after this many API calls. */
export const KILL_MOMENTS: KillMoment[] = [
  ...seededMoments(101, 4, calls).map((killAfterCalls) => ({ form: "per-object" as const, backend: "file" as const, killAfterCalls })),
  ...seededMoments(102, 3, calls).map((killAfterCalls) => ({ form: "batch" as const, backend: "file" as const, killAfterCalls })),
  ...seededMoments(103, 2, calls).map((killAfterCalls) => ({ form: "per-object" as const, backend: "postgres" as const, killAfterCalls })),
  ...seededMoments(104, 2, calls).map((killAfterCalls) => ({ form: "batch" as const, backend: "postgres" as const, killAfterCalls })),
];

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
});
