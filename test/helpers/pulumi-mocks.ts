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
  // Registration is asynchronous: wait until the outputs of what was constructed have resolved.
  return { registered, settled: () => new Promise((resolve) => setTimeout(resolve, 50)) };
}

/** The value of an output, as the program would see it. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}
