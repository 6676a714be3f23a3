import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../runtime";

/**
 * The object handed to `dynamic.Resource`, and so serialized into every resource's `__provider`. Each method only
 * requires the installed package's runtime by name and forwards to it: state stays small and secret-free, nothing
 * unserializable (zod schemas, undici agents) is captured, and delete/read of old resources run today's code.
 */
export function shellProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => require("pulumi-tencent-chat/runtime").configure(req),
    check: (olds, news) => require("pulumi-tencent-chat/runtime").provider(kind).check(olds, news),
    diff: (id, olds, news) => require("pulumi-tencent-chat/runtime").provider(kind).diff(id, olds, news),
    create: (inputs) => require("pulumi-tencent-chat/runtime").provider(kind).create(inputs),
    read: (id, props) => require("pulumi-tencent-chat/runtime").provider(kind).read(id, props),
    update: (id, olds, news) => require("pulumi-tencent-chat/runtime").provider(kind).update(id, olds, news),
    delete: (id, props) => require("pulumi-tencent-chat/runtime").provider(kind).delete(id, props),
  };
}
