import * as pulumi from "@pulumi/pulumi";

/** The resource kinds this package runs in Pulumi's dynamic provider; each is an export of `pulumi-tencent-chat/runtime`. */
export type ResourceKind = "ImportedGroup" | "ImportedGroupMembers" | "ImportedTopic" | "ImportedAccounts" | "ImportedGroupBatch";

/**
 * The `__provider` property of a kind: the module text Pulumi's dynamic provider loads (`require-from-string`, then
 * `handler()`) to find the provider of a resource. It names the installed runtime by package, so it is the same
 * 70-odd bytes for every resource and every way the package is installed, holds no secret, and delete/read of old
 * resources run today's code.
 */
export function providerModuleText(kind: ResourceKind): string {
  return `exports.handler=()=>require("pulumi-tencent-chat/runtime").${kind};`;
}

/**
 * A dynamic resource of this package: the type `pulumi-nodejs:dynamic/tencent-chat:<kind>`, run by Pulumi's dynamic
 * provider exactly like a `pulumi.dynamic.Resource`, whose constructor does the same two things (set `__provider`,
 * register the type). `pulumi.dynamic.Resource` would serialize a provider object with the closure serializer
 * instead: 2.2 KB of wrapper text per resource, stored twice (inputs and outputs), sent in every check and diff, and
 * written at every checkpoint. That was a third of the state and most of the bytes the engine moves per resource.
 */
export abstract class ChatDynamicResource extends pulumi.CustomResource {
  protected constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(`pulumi-nodejs:dynamic/tencent-chat:${kind}`, name, { ...props, __provider: providerModuleText(kind) }, opts);
  }
}
