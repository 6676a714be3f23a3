import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/local-stack";
import { buildManifestJsonSchema, buildPackageSchema } from "./schema";
import { buildTroubleshooting } from "./troubleshooting";

// Writes the generated files (schema.json, manifest.schema.json, docs/troubleshooting.md). Run `npm run gen`.
const { version } = require(join(REPO_ROOT, "package.json")) as { version: string };
writeFileSync(join(REPO_ROOT, "schema.json"), `${JSON.stringify(buildPackageSchema(version), null, 2)}\n`);
writeFileSync(join(REPO_ROOT, "manifest.schema.json"), `${JSON.stringify(buildManifestJsonSchema(), null, 2)}\n`);
writeFileSync(join(REPO_ROOT, "docs/troubleshooting.md"), buildTroubleshooting());
console.log("wrote schema.json, manifest.schema.json and docs/troubleshooting.md");
