import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { canonicalJson } from "../../provider/resources/diff";

/**
 * One resource driven the way the engine drives a dynamic provider, without the CLI: `up` is check, then create,
 * or diff and update (or delete and create on a replacement); `expectSettled` is what `refresh` and a second
 * `preview` do, and fails when either would show a change.
 */
export class SimulatedResource {
  private id: string | undefined;
  private outs: Record<string, unknown> = {};
  private inputs: Record<string, unknown> = {};

  constructor(
    private readonly provider: pulumi.dynamic.ResourceProvider,
    private readonly providerText = "simulated",
  ) {}

  /** `pulumi up` with these declared inputs. */
  async up(declared: Record<string, unknown>): Promise<void> {
    const checked = await this.provider.check!(this.inputs, { __provider: this.providerText, ...declared });
    expect(checked.failures ?? [], `check of ${JSON.stringify(declared)}`).to.deep.equal([]);
    const inputs = checked.inputs as Record<string, unknown>;
    if (this.id === undefined) {
      const created = await this.provider.create(inputs);
      this.id = created.id;
      this.outs = created.outs ?? {};
    } else {
      const diff = await this.provider.diff!(this.id, this.outs, inputs);
      if (diff.replaces && diff.replaces.length > 0) {
        await this.provider.delete!(this.id, this.outs);
        const created = await this.provider.create(inputs);
        this.id = created.id;
        this.outs = created.outs ?? {};
      } else if (diff.changes) {
        this.outs = (await this.provider.update!(this.id, this.outs, inputs)).outs ?? {};
      }
    }
    this.inputs = inputs;
  }

  /** After an `up`: a refresh reads back exactly the recorded outputs, and a preview of the same inputs changes nothing. */
  async expectSettled(): Promise<void> {
    const read = await this.provider.read!(this.id!, this.outs);
    expect(read.id, "refresh found the object").to.equal(this.id);
    expect(canonicalJson(read.props), "refresh shows drift").to.equal(canonicalJson(this.outs));
    const diff = await this.provider.diff!(this.id!, read.props ?? {}, this.inputs);
    expect(diff.changes, `preview after refresh shows a change: ${JSON.stringify(diff)}`).to.not.equal(true);
  }

  /** `pulumi destroy` of this resource. */
  async destroy(): Promise<void> {
    if (this.id !== undefined) await this.provider.delete!(this.id, this.outs);
    this.id = undefined;
  }
}
