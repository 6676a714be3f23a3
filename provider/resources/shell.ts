import type * as pulumi from "@pulumi/pulumi";

/**
 * The objects handed to `dynamic.Resource`, and so serialized into every resource's `__provider`. Each method only
 * requires the installed package's runtime by name and forwards to it: state stays small (about 2 KB) and
 * secret-free, nothing unserializable (zod schemas, undici agents) is captured, and delete/read of old resources
 * run today's installed code. The methods capture no variables, which keeps the serialized text minimal.
 */
export const SHELL_PROVIDERS = {
  ImportedGroup: {
    configure: (req) => require("pulumi-tencent-chat/runtime").configure(req),
    check: (olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroup.check(olds, news),
    diff: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroup.diff(id, olds, news),
    create: (inputs) => require("pulumi-tencent-chat/runtime").ImportedGroup.create(inputs),
    read: (id, props) => require("pulumi-tencent-chat/runtime").ImportedGroup.read(id, props),
    update: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroup.update(id, olds, news),
    delete: (id, props) => require("pulumi-tencent-chat/runtime").ImportedGroup.delete(id, props),
  },
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;
