import * as pulumi from "@pulumi/pulumi";

/** A resource as a program registered it with the engine. */
export interface Registration {
  type: string;
  inputs: Record<string, unknown>;
}

/**
 * Runs resource constructors against Pulumi's mocks (project `shop`, stack `prod`): what each resource registers
 * with the engine is recorded by name, as the engine would receive it, with no engine and no provider.
 */
export function mockedProgram(): { registered: Map<string, Registration>; settled(): Promise<void> } {
  const registered = new Map<string, Registration>();
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.set(args.name, { type: args.type, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "shop",
    "prod",
    false,
  );
  return { registered, settled: registrationsDone };
}

/**
 * Waits until every resource constructed so far is registered: registration is asynchronous (inputs that are outputs
 * resolve first), and the SDK keeps each one in its queue of RPCs until it is done. `waitForRPCs` is that queue's
 * own wait (what `pulumi.runtime.disconnect` awaits), exported by the SDK but left out of its typings.
 */
function registrationsDone(): Promise<void> {
  const { waitForRPCs } = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof waitForRPCs !== "function")
    throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs: settled() needs another wait");
  return waitForRPCs();
}

/** The value of an output, as the program would see it. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}
