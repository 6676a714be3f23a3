import { z } from "zod";
import { ProviderConfig, CONFIG_ENV_VARS } from "../provider/config";
import { AccountsDeclaration } from "../provider/resources/accounts/schema";
import { BatchDeclaration } from "../provider/resources/batch/schema";
import { ImportedGroupInputs } from "../provider/resources/group/schema";
import { ImportedGroupMembersInputs } from "../provider/resources/members/schema";
import { ImportedTopicInputs } from "../provider/resources/topic/schema";
import { Manifest } from "../provider/migration/manifest";

/** The Pulumi package name used in schema tokens (`tencent-chat:index:<Resource>`). */
const PACKAGE = "tencent-chat";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
};
type PulumiProperty = Record<string, unknown>;

/** Readable names for the nested object types (otherwise named after their owner and property). */
const TYPE_NAMES: Record<string, string> = {
  ImportedGroupMembersMembers: "Member",
  ImportedAccountsAccounts: "AccountProfile",
  ImportedGroupBatchGroups: "BatchGroup",
  ImportedGroupBatchGroupsTopics: "BatchTopic",
};

/** Nested object types found while converting, keyed by token. */
type TypeTable = Record<string, { type: "object"; description?: string; properties: Record<string, PulumiProperty>; required?: string[] }>;

/** Converts one JSON Schema node (from zod) into a Pulumi schema property. */
function toProperty(node: JsonSchema, typeName: string, types: TypeTable): PulumiProperty {
  const description = node.description;
  const withDescription = (p: PulumiProperty) => (description ? { ...p, description } : p);
  if (node.anyOf) return toProperty({ ...node.anyOf[0]!, description }, typeName, types);
  if (node.enum) return withDescription({ type: "string", ...(description ? {} : { description: `One of ${node.enum.join(", ")}.` }) });
  switch (node.type) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return withDescription({ type: node.type });
    case "array":
      return withDescription({ type: "array", items: toProperty(node.items ?? {}, `${typeName}Item`, types) });
    case "object": {
      if (node.properties) {
        const token = `${PACKAGE}:index:${TYPE_NAMES[typeName] ?? typeName}`;
        types[token] = {
          type: "object",
          ...(description ? { description } : {}),
          properties: toProperties(node.properties, types, typeName),
          ...(node.required?.length ? { required: node.required } : {}),
        };
        return withDescription({ $ref: `#/types/${token}` });
      }
      const values = typeof node.additionalProperties === "object" ? node.additionalProperties : { type: "string" };
      return withDescription({ type: "object", additionalProperties: toProperty(values, typeName, types) });
    }
    default:
      return withDescription({ $ref: "pulumi.json#/Any" });
  }
}

function toProperties(properties: Record<string, JsonSchema>, types: TypeTable, owner: string): Record<string, PulumiProperty> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, node]) => [name, toProperty(node, `${owner}${name[0]!.toUpperCase()}${name.slice(1)}`, types)]),
  );
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** The resources, their zod input schemas, what they output beyond their inputs, and a summary. */
const RESOURCES = {
  ImportedGroup: {
    inputs: ImportedGroupInputs,
    outputs: { groupId: { type: "string", description: "The group's ID (custom, or derived from the resource name)." } },
    description:
      "A group imported with import_group (no callbacks or notifications). URN type pulumi-nodejs:dynamic/tencent-chat:ImportedGroup.",
  },
  ImportedGroupMembers: {
    inputs: ImportedGroupMembersInputs,
    outputs: {
      memberCount: { type: "integer", description: "How many members are declared and imported." },
      importResults: {
        type: "object",
        additionalProperties: { type: "integer" },
        description: "added (Result 1) and alreadyMembers (Result 2) of the last import.",
      },
    },
    description:
      "Members imported into a group with import_group_member, in batches. URN type pulumi-nodejs:dynamic/tencent-chat:ImportedGroupMembers.",
  },
  ImportedTopic: {
    inputs: ImportedTopicInputs,
    outputs: { topicId: { type: "string", description: "The topic's ID." } },
    description:
      "A topic imported into a topic-enabled community with import_topic. URN type pulumi-nodejs:dynamic/tencent-chat:ImportedTopic.",
  },
  ImportedAccounts: {
    inputs: AccountsDeclaration,
    outputs: { accountCount: { type: "integer", description: "How many accounts are imported." } },
    description:
      "Accounts imported with multiaccount_import, 100 per call; the engine holds them as one text of a line per account. URN type pulumi-nodejs:dynamic/tencent-chat:ImportedAccounts.",
  },
  ImportedGroupBatch: {
    inputs: BatchDeclaration,
    outputs: { groupCount: { type: "integer", description: "How many groups of the batch are in place." } },
    description:
      "Many groups with their members and topics as one resource (up to 2,000 groups), for large migrations: each group goes through the same steps as ImportedGroup, ImportedGroupMembers and ImportedTopic; the engine holds them as one text of a line per group, member and topic. URN type pulumi-nodejs:dynamic/tencent-chat:ImportedGroupBatch.",
  },
} as const;

/**
 * The Pulumi package schema of the resources and the provider config, generated from the zod schemas (the
 * single source of truth). `npm run gen` writes it to schema.json; a test keeps the file in sync.
 */
export function buildPackageSchema(version: string): Record<string, unknown> {
  const types: TypeTable = {};
  const resources: Record<string, unknown> = {};
  for (const [name, { inputs, outputs, description }] of Object.entries(RESOURCES)) {
    const json = jsonSchemaOf(inputs);
    const inputProperties = toProperties(json.properties ?? {}, types, name);
    resources[`${PACKAGE}:index:${name}`] = {
      description,
      inputProperties,
      requiredInputs: json.required ?? [],
      properties: { ...inputProperties, ...outputs },
      required: [...(json.required ?? []), ...Object.keys(outputs)],
    };
  }
  const config = jsonSchemaOf(ProviderConfig);
  const variables = Object.fromEntries(
    Object.entries(toProperties(config.properties ?? {}, types, "Config")).map(([key, property]) => [
      key,
      {
        ...property,
        description: `${String(property.description ?? "")} Environment fallback: ${CONFIG_ENV_VARS[key as keyof typeof CONFIG_ENV_VARS]}.`,
        ...(key === "secretKey" ? { secret: true } : {}),
      },
    ]),
  );
  return {
    name: PACKAGE,
    displayName: "Tencent Cloud Chat migration",
    version,
    description: "Migrate an existing chat system into Tencent Cloud Chat (Tencent IM) with Pulumi dynamic resources.",
    keywords: ["tencent", "chat", "im", "migration", "category/utility"],
    license: "Apache-2.0",
    config: { variables, defaults: ["sdkAppId", "secretKey"] },
    types,
    resources,
    language: { nodejs: { packageName: "pulumi-tencent-chat" } },
  };
}

/** The JSON Schema of the migration manifest, for editors (`"$schema": "manifest.schema.json"`). */
export function buildManifestJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(Manifest, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    title: "pulumi-tencent-chat migration manifest",
    description:
      "Accounts, groups with their members and topics, to import into Tencent Cloud Chat. Generated from the zod schema; run `npm run gen`.",
  };
}
