import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { buildManifestJsonSchema, buildPackageSchema } from "../../tools/schema";
import { buildTroubleshooting } from "../../tools/troubleshooting";

/** The parts of a Pulumi package schema these tests read. */
interface SchemaProperty {
  type?: string;
  $ref?: string;
  secret?: boolean;
  description?: string;
  additionalProperties?: SchemaProperty;
}
interface PackageSchema {
  resources: Record<
    string,
    { properties: Record<string, SchemaProperty>; inputProperties: Record<string, SchemaProperty>; requiredInputs?: string[] }
  >;
  types: Record<string, { properties: Record<string, SchemaProperty> }>;
  config: { variables: Record<string, SchemaProperty> };
}

const committed = () => JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as PackageSchema;
const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Runs `pulumi schema check` on a schema and returns its exit code and output. */
function schemaCheck(schema: unknown): { code: number; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), "schema-")), "schema.json");
  writeFileSync(file, JSON.stringify(schema));
  try {
    return { code: 0, output: execFileSync("pulumi", ["schema", "check", file], { encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { status: number; stderr: string; stdout: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe("schema.json", () => {
  it("is what the zod schemas generate (run `npm run gen` after changing them)", () => {
    expect(committed()).to.deep.equal(buildPackageSchema(version));
  });

  it("manifest.schema.json is what the manifest's zod schema generates", () => {
    expect(JSON.parse(readFileSync(join(REPO_ROOT, "manifest.schema.json"), "utf8"))).to.deep.equal(buildManifestJsonSchema());
  });

  it("docs/troubleshooting.md is what the ErrorCode table generates, and covers every code the emulator answers", () => {
    const text = readFileSync(join(REPO_ROOT, "docs/troubleshooting.md"), "utf8");
    expect(text).to.equal(buildTroubleshooting());
    for (const code of [
      10002, 10003, 10004, 10005, 10007, 10010, 10019, 10021, 10037, 11000, 60003, 60007, 60010, 70001, 70003, 70009, 70013, 70014, 70107,
      70402,
    ]) {
      expect(text, String(code)).to.match(new RegExp(`\\| ${code} \\|`));
    }
  });

  it("describes the five resources with every input, and the provider config", () => {
    const schema = committed();
    expect(Object.keys(schema.resources).sort()).to.deep.equal(
      ["ImportedAccounts", "ImportedGroup", "ImportedGroupBatch", "ImportedGroupMembers", "ImportedTopic"].map(
        (r) => `tencent-chat:index:${r}`,
      ),
    );
    const batchGroup = schema.types["tencent-chat:index:BatchGroup"]!;
    expect(Object.keys(batchGroup.properties)).to.include.members(["type", "name", "groupId", "members", "topics"]);
    expect(batchGroup.properties.members!.additionalProperties!.type).to.equal("string"); // one string per member
    const group = schema.resources["tencent-chat:index:ImportedGroup"]!;
    expect(Object.keys(group.inputProperties)).to.include.members([
      "type",
      "name",
      "groupId",
      "ownerAccount",
      "createTime",
      "supportTopic",
      "appDefinedData",
    ]);
    expect(group.requiredInputs).to.deep.equal(["type", "name"]);
    expect(group.properties.groupId!.type).to.equal("string");
    expect(schema.resources["tencent-chat:index:ImportedGroupMembers"]!.inputProperties.members!.additionalProperties!.$ref).to.equal(
      "#/types/tencent-chat:index:Member",
    );
    expect(schema.config.variables.secretKey!.secret).to.equal(true);
    expect(schema.config.variables.deletionPolicy!.description).to.match(/TENCENT_CHAT_DELETION_POLICY/);
  });

  it("passes the real CLI's `pulumi schema check`, which does reject a broken schema", () => {
    expect(schemaCheck(committed())).to.deep.include({ code: 0 });
    const broken = committed();
    broken.resources["tencent-chat:index:ImportedTopic"]!.inputProperties.groupId = { $ref: "#/types/tencent-chat:index:Missing" };
    const result = schemaCheck(broken);
    expect(result.code).to.not.equal(0);
    expect(result.output).to.match(/Missing not found/);
  });
});
