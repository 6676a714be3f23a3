import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { invoke } from "../../provider/api/commands";
import { isChatTransportError } from "../../provider/api/errors";
import { emulatorClient } from "../../tools/lib/local-stack";

/** import_group through our own client, never retried by it (as a create is when its outcome is unclear). */
async function importGroup(emulator: RunningEmulator, name: string, requestTimeoutMs = 10_000): Promise<unknown> {
  const client = emulatorClient({ url: emulator.url, ...emulator.app }, { requestTimeoutMs, maxRetries: 0 });
  try {
    return await invoke(client, "import_group", { Type: "Public", Name: name }, { idempotent: false }).catch((error: unknown) => error);
  } finally {
    await client.close();
  }
}

const groupNames = (emulator: RunningEmulator) => Object.values(emulator.store.state.groups).map((g) => g.name);

describe("emulator faults: HTTP errors and timeouts, before or after the request is processed", () => {
  for (const afterApply of [false, true]) {
    it(`http-error 502${afterApply ? " after apply" : ""}: a gateway's page instead of the answer; the change is ${afterApply ? "made" : "not made"}`, async () => {
      const emulator = await startEmulator();
      try {
        emulator.faults.configure({
          rules: [{ command: "import_group", times: 1, action: { type: "http-error", status: 502, afterApply } }],
        });
        const error = await importGroup(emulator, "g");
        expect(isChatTransportError(error) && error.status, String(error)).to.equal(502);
        expect(groupNames(emulator)).to.deep.equal(afterApply ? ["g"] : []);
        expect(Object.fromEntries(emulator.faults.injected)).to.deep.equal({
          [`import_group:http-error:502${afterApply ? ":after-apply" : ""}`]: 1,
        });
        // The rule fired once: the next call is answered.
        expect(await importGroup(emulator, "h")).to.have.property("GroupId");
      } finally {
        await emulator.close();
      }
    });

    it(`timeout${afterApply ? " after apply" : ""}: no answer until the caller gives up; the change is ${afterApply ? "made" : "not made"}`, async () => {
      const emulator = await startEmulator();
      try {
        emulator.faults.configure({ rules: [{ command: "import_group", times: 1, action: { type: "timeout", afterApply } }] });
        const started = performance.now();
        const error = await importGroup(emulator, "g", 300);
        expect(isChatTransportError(error) && error.status, String(error)).to.equal(undefined);
        expect(String(error)).to.match(/TIMEOUT/);
        expect(performance.now() - started).to.be.at.least(250);
        expect(groupNames(emulator)).to.deep.equal(afterApply ? ["g"] : []);
        expect(Object.fromEntries(emulator.faults.injected)).to.deep.equal({
          [`import_group:timeout${afterApply ? ":after-apply" : ""}`]: 1,
        });
      } finally {
        await emulator.close();
      }
    });
  }

  it("timeout closes the connection after `ms` for a caller that would wait for ever", async () => {
    const emulator = await startEmulator();
    try {
      emulator.faults.configure({ rules: [{ command: "import_group", action: { type: "timeout", ms: 200 } }] });
      const started = performance.now();
      const error = await importGroup(emulator, "g", 60_000);
      expect(isChatTransportError(error), String(error)).to.equal(true);
      expect(performance.now() - started).to.be.within(150, 5_000);
      expect(groupNames(emulator)).to.deep.equal([]);
    } finally {
      await emulator.close();
    }
  });

  it("a held connection does not keep the emulator from closing", async () => {
    const emulator = await startEmulator();
    emulator.faults.configure({ rules: [{ command: "import_group", action: { type: "timeout" } }] });
    const pending = importGroup(emulator, "g", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await emulator.close();
    expect(isChatTransportError(await pending)).to.equal(true);
    expect(performance.now() - started).to.be.below(2_000);
  });
});
