/**
 * Mocha root hooks (loaded by .mocharc.json). Mocha runs without `--exit`, which would hide a server, socket, child
 * process or timer a test left open; without this hook such a leak would instead hang the run until CI's limit.
 * After the last test a timer is set that does not itself keep the process alive: a clean run ends before it
 * fires; a run that does not end is failed, naming what keeps it alive.
 */

/** How long the process may take to end once the tests are done. */
const END_WITHIN_MS = 10_000;

export const mochaHooks = {
  afterAll(): void {
    // A parallel run's worker stays alive by its pipe to the main process until the main one ends it.
    if (process.env.MOCHA_WORKER_ID !== undefined) return;
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((kind) => kind !== "TTYWrap");
      process.stderr.write(
        `\nThe test run did not end ${END_WITHIN_MS / 1000} s after its last test: still open: ${open.join(", ")}.\n` +
          "Close every server, client, child process and timer a test starts.\n",
      );
      // Mocha sets the exit code from its failure count in an "exit" listener; this one comes after it.
      process.on("exit", () => {
        process.exitCode = 1;
      });
      process.exit(1);
    }, END_WITHIN_MS).unref();
  },
};
