// Entry point of the root Pulumi project (Pulumi.yaml). Stack config, namespace tencent-chat-migration:
//   manifest  path of the migration manifest, relative to this project's folder (default:
//             examples/manifests/sample.json)
//   protect   true to protect every resource from deletion (production)
//   groupsPerBatch  declare groups as ImportedGroupBatch resources of this many groups (large migrations); 0 = one
//             resource per group, member list and topic (the default)
//   history   path of the history file (JSON Lines, as the converters write it), relative to this project's folder:
//             each group's conversation is imported after the group
import * as pulumi from "@pulumi/pulumi";
import { migrationProgram, resolveInProject } from "./program";

const config = new pulumi.Config();
const history = config.get("history");
export = async () =>
  migrationProgram(resolveInProject(config.get("manifest") ?? "examples/manifests/sample.json"), {
    protect: config.getBoolean("protect") ?? false,
    groupsPerBatch: config.getNumber("groupsPerBatch") ?? 0,
    ...(history ? { historyPath: resolveInProject(history) } : {}),
  });
