import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./local-stack";
import { buildManifestJsonSchema, buildPackageSchema } from "./schema";

// Writes schema.json and manifest.schema.json from the zod schemas. DO NOT EDIT them by hand: run `npm run gen`.
const { version } = require(join(REPO_ROOT, "package.json")) as { version: string };
writeFileSync(join(REPO_ROOT, "schema.json"), `${JSON.stringify(buildPackageSchema(version), null, 2)}\n`);
writeFileSync(join(REPO_ROOT, "manifest.schema.json"), `${JSON.stringify(buildManifestJsonSchema(), null, 2)}\n`);
console.log("wrote schema.json and manifest.schema.json");
