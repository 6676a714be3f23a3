import * as pulumi from "@pulumi/pulumi";
import { deletionSettings, resourceDeletionPolicy, type DeletionPolicy } from "./deletion";
import { ChatStateError } from "../api/errors";

/** The resource kinds this package runs in Pulumi's dynamic provider; each is an export of `pulumi-tencent-chat/runtime`. */
export type ResourceKind =
  | "ImportedGroup"
  | "ImportedGroupMembers"
  | "ImportedTopic"
  | "ImportedAccounts"
  | "ImportedGroupBatch"
  | "ImportedGroupHistory"
  | "ImportedC2CHistory"
  | "ImportedGroupHistoryBatch";

/**
 * The `__provider` property of a kind: the module text Pulumi's dynamic provider loads (`require-from-string`, then
 * `handler()`) to find the provider of a resource. It names the installed runtime by package and the stack, so it
 * is the same 90-odd bytes for every resource of a stack and every way the package is installed, holds no secret,
 * and delete/read of old resources run today's code.
 */
export function providerModuleText(kind: ResourceKind, stack: string): string {
  return `exports.handler=()=>require("pulumi-tencent-chat/runtime").forStack(${JSON.stringify(stack)}).${kind};`;
}

/** A deletion policy declared on a resource (ImportedAccounts), and whether only such a declaration allows deleting. */
export interface DeclaredDeletion {
  policy?: DeletionPolicy | undefined;
  requireDeclared?: boolean;
}

/**
 * A dynamic resource of this package: the type `pulumi-nodejs:dynamic/tencent-chat:<kind>`, run by Pulumi's dynamic
 * provider exactly like a `pulumi.dynamic.Resource`, whose constructor does the same two things (set `__provider`,
 * register the type). `pulumi.dynamic.Resource` would serialize a provider object with the closure serializer
 * instead: 2.2 KB of wrapper text per resource, stored twice (inputs and outputs), sent in every check and diff, and
 * written at every checkpoint. That was a third of the state and most of the bytes the engine moves per resource.
 */
export abstract class ChatDynamicResource extends pulumi.CustomResource {
  /**
   * Registers the resource. Its deletion policy (./deletion.ts: the stack's `tencent-chat:deletionPolicy`, `retain`
   * by default for a production app, and what the resource declares) becomes Pulumi's `retainOnDelete`: recorded
   * by `pulumi up`, shown as `[retain]` in every plan that would delete or replace it, and honoured by the engine,
   * which then never asks the provider to delete. `retainOnDelete: true` in `opts` always keeps.
   */
  protected constructor(
    kind: ResourceKind,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
    declared: DeclaredDeletion = {},
  ) {
    const settings = deletionSettings((key) => pulumi.runtime.getConfig(key));
    const retain =
      opts?.retainOnDelete === true || resourceDeletionPolicy(settings, declared.policy, declared.requireDeclared) === "retain";
    super(
      `pulumi-nodejs:dynamic/tencent-chat:${kind}`,
      name,
      { ...props, __provider: providerModuleText(kind, pulumi.getStack()) },
      { ...opts, retainOnDelete: retain },
    );
  }
}

/**
 * The lifecycle of one kind of resource as the dynamic-provider process calls it: `check`, `diff`, `create` and
 * `update` receive the raw inputs (unknown until check has validated them, so each parses what it uses), `diff`,
 * `update`, `read` and `delete` the outputs that create, update or read returned. `read` may also answer the inputs
 * as live, input-shaped (the SDK types them as outputs).
 */
export type ChatProvider<Inputs, Outputs> = Omit<
  Required<Omit<pulumi.dynamic.ResourceProvider<Record<string, unknown>, Outputs>, "configure">>,
  "read"
> & {
  read(id: string, props?: Outputs): Promise<{ id?: string; props?: Outputs; inputs?: Inputs }>;
};

/**
 * The outputs the engine recorded, which it always sends to `read` (the SDK's type leaves them optional for
 * `pulumi import`, which these resources do not offer).
 */
export function recordedOutputs<Outputs>(props: Outputs | undefined, kind: ResourceKind): Outputs {
  if (props === undefined)
    throw new ChatStateError(`${kind}: the engine sent no recorded outputs to read (pulumi import is not supported)`);
  return props;
}
