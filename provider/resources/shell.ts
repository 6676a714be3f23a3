import type * as pulumi from "@pulumi/pulumi";

/**
 * The objects handed to `dynamic.Resource`, and so serialized into every resource's `__provider`. Each method only
 * requires the installed package's runtime by name and forwards to it: state stays small (about 2 KB) and
 * secret-free, nothing unserializable (zod schemas, undici agents) is captured, and delete/read of old resources
 * run today's installed code. The methods capture no variables, which keeps the serialized text minimal.
 */
// One literal object per kind, not a factory: a factory's captured `kind` would add bytes to every resource's
// state, and the methods must stay free of captured variables.
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
  ImportedGroupMembers: {
    configure: (req) => require("pulumi-tencent-chat/runtime").configure(req),
    check: (olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.check(olds, news),
    diff: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.diff(id, olds, news),
    create: (inputs) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.create(inputs),
    read: (id, props) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.read(id, props),
    update: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.update(id, olds, news),
    delete: (id, props) => require("pulumi-tencent-chat/runtime").ImportedGroupMembers.delete(id, props),
  },
  ImportedTopic: {
    configure: (req) => require("pulumi-tencent-chat/runtime").configure(req),
    check: (olds, news) => require("pulumi-tencent-chat/runtime").ImportedTopic.check(olds, news),
    diff: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedTopic.diff(id, olds, news),
    create: (inputs) => require("pulumi-tencent-chat/runtime").ImportedTopic.create(inputs),
    read: (id, props) => require("pulumi-tencent-chat/runtime").ImportedTopic.read(id, props),
    update: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedTopic.update(id, olds, news),
    delete: (id, props) => require("pulumi-tencent-chat/runtime").ImportedTopic.delete(id, props),
  },
  ImportedAccounts: {
    configure: (req) => require("pulumi-tencent-chat/runtime").configure(req),
    check: (olds, news) => require("pulumi-tencent-chat/runtime").ImportedAccounts.check(olds, news),
    diff: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedAccounts.diff(id, olds, news),
    create: (inputs) => require("pulumi-tencent-chat/runtime").ImportedAccounts.create(inputs),
    read: (id, props) => require("pulumi-tencent-chat/runtime").ImportedAccounts.read(id, props),
    update: (id, olds, news) => require("pulumi-tencent-chat/runtime").ImportedAccounts.update(id, olds, news),
    delete: (id, props) => require("pulumi-tencent-chat/runtime").ImportedAccounts.delete(id, props),
  },
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;
