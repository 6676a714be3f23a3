// Entry point of the root Pulumi project (Pulumi.yaml). Stack config, namespace tencent-chat-migration:
//   manifest  path of the migration manifest (default: examples/manifests/sample.json)
//   protect   true to protect every resource from deletion (production)
import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { migrationProgram } from "./program";

const config = new pulumi.Config();
export = migrationProgram(resolve(config.get("manifest") ?? "examples/manifests/sample.json"), config.getBoolean("protect") ?? false);
