import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";

/** One row of a check table: what is wrong, the inputs, the property the failure must name, and its reason. */
export type CheckCase = [what: string, inputs: Record<string, unknown>, property: string, reason: RegExp];

/** Declares one spec per row: `check` must report a failure naming `property` with a reason matching `reason`. */
export function itNamesEachProblem(provider: pulumi.dynamic.ResourceProvider, cases: readonly CheckCase[]): void {
  for (const [what, inputs, property, reason] of cases) {
    it(`names ${property} for ${what}`, async () => {
      const { failures } = await provider.check!({}, { __provider: "shell", ...inputs });
      const failure = failures?.find((f) => f.property === property);
      expect(failure, JSON.stringify(failures)).to.not.equal(undefined);
      expect(failure!.reason).to.match(reason);
    });
  }
}
