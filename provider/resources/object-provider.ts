import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ProviderContext } from "../runtime-context";
import { checkWith, withoutProvider, type CheckFailure } from "./check";
import { recordedOutputs, type ChatProvider, type ResourceKind } from "./dynamic-resource";

/**
 * The work on a resource that is one object at Tencent under one ID (a group, a topic), as its ./sync.ts module
 * does it on validated inputs. {@link objectProvider} adapts the engine's calls to it.
 */
export interface ObjectSync<Inputs, Outputs> {
  kind: ResourceKind;
  schema: z.ZodType<Inputs>;
  crossFieldRules(raw: Record<string, unknown>): CheckFailure[];
  /** What changes between the recorded outputs and checked inputs (these may hold unknowns at preview). */
  change(before: Outputs, after: Inputs): pulumi.dynamic.DiffResult;
  /** Imports the object; answers its ID. */
  create(inputs: Inputs): Promise<string>;
  /** The declared inputs as the live object shows them, or undefined when it is gone. */
  read(id: string, recorded: Outputs): Promise<Inputs | undefined>;
  update(id: string, before: Outputs, after: Inputs): Promise<void>;
  remove(id: string, recorded: Outputs): Promise<void>;
  /** The outputs of inputs applied under `id`: the inputs and the ID. */
  outputs(inputs: Inputs, id: string): Outputs;
}

/**
 * The lifecycle of such a resource: check validates; diff compares checked inputs as they are; create and update
 * parse what check passed and record the inputs with the ID; read answers a blank ID when the object is gone, so
 * refresh drops it from the state.
 */
export function objectProvider<Inputs, Outputs>(
  context: ProviderContext,
  sync: ObjectSync<Inputs, Outputs>,
): ChatProvider<Inputs, Outputs> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      const { inputs, failures } = checkWith(sync.schema, news, (raw) => sync.crossFieldRules(raw));
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      // Checked inputs, which at preview may still hold unknown values: compared as they are, not parsed.
      return sync.change(withoutProvider(olds as Record<string, unknown>) as Outputs, withoutProvider(news) as Inputs);
    },

    async create(raw) {
      const inputs = sync.schema.parse(withoutProvider(raw));
      const id = await sync.create(inputs);
      return { id, outs: sync.outputs(inputs, id) };
    },

    async read(id, props) {
      const inputs = await sync.read(id, recordedOutputs(props, sync.kind));
      if (inputs === undefined) return { id: "" };
      return { id, props: sync.outputs(inputs, id), inputs };
    },

    async update(id, olds, news) {
      const inputs = sync.schema.parse(withoutProvider(news));
      await sync.update(id, olds, inputs);
      return { outs: sync.outputs(inputs, id) };
    },

    async delete(id, props) {
      await sync.remove(id, props);
    },
  };
}
