import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  currentStackFilePolicy,
  deletionSettings,
  isProductionTarget,
  mayDelete,
  resourceDeletionPolicy,
  retainReason,
  stackDeletionPolicy,
} from "../../../provider/resources/deletion";

describe("resources/deletion: what may be deleted, in one place", () => {
  it("treats everything but the emulator on loopback as production, and keeps data there unless told to delete", () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ region: "singapore" }, true],
      [{ region: "singapore", endpoint: "http://127.0.0.1:8080" }, true], // production settings rehearsed on the emulator
      [{ endpoint: "https://chat.example.com" }, true],
      [{ endpoint: "not a url" }, true],
      [{}, true],
      [{ endpoint: "http://127.0.0.1:8080" }, false],
      [{ endpoint: "http://[::1]:8080" }, false],
    ];
    for (const [settings, production] of cases) {
      expect(isProductionTarget(settings), JSON.stringify(settings)).to.equal(production);
      expect(stackDeletionPolicy(settings), JSON.stringify(settings)).to.equal(production ? "retain" : "delete");
    }
    expect(stackDeletionPolicy({ region: "singapore", deletionPolicy: "delete" })).to.equal("delete");
    expect(stackDeletionPolicy({ endpoint: "http://127.0.0.1:1", deletionPolicy: "retain" })).to.equal("retain");
    expect(deletionSettings((key) => ({ "tencent-chat:region": "seoul" })[key], { TENCENT_CHAT_DELETION_POLICY: "delete" })).to.deep.equal({
      deletionPolicy: "delete",
      region: "seoul",
      endpoint: undefined,
    });
  });

  it("every reading that says keep wins: the resource's declaration, the stack's policy, and the stack file as it is now", () => {
    const emulator = { endpoint: "http://127.0.0.1:8080" };
    expect(resourceDeletionPolicy(emulator, undefined)).to.equal("delete");
    expect(resourceDeletionPolicy(emulator, "retain")).to.equal("retain");
    expect(resourceDeletionPolicy(emulator, undefined, true), "accounts must declare delete").to.equal("retain");
    expect(resourceDeletionPolicy(emulator, "delete", true)).to.equal("delete");
    expect(retainReason({ settings: emulator })).to.equal(undefined);
    expect(retainReason({ settings: emulator, currentPolicy: () => "retain" })).to.equal(
      "tencent-chat:deletionPolicy is now retain in the stack's settings",
    );
    expect(retainReason({ settings: { region: "singapore" }, currentPolicy: () => "delete" })).to.equal(
      "a production app keeps data unless tencent-chat:deletionPolicy is delete",
    );
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      expect(mayDelete({ settings: { region: "singapore" } }, "group g")).to.equal(false);
      expect(mayDelete({ settings: emulator }, "group h")).to.equal(true);
    } finally {
      console.log = original;
    }
    expect(lines).to.deep.equal(["kept, not deleted: group g (a production app keeps data unless tencent-chat:deletionPolicy is delete)"]);
  });

  it("reads the stack file as it is now, in the project folder or its stackConfigDir, for an organisation-qualified stack too", () => {
    const project = mkdtempSync(join(tmpdir(), "deletion-"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    writeFileSync(join(project, "Pulumi.prod.yaml"), "config:\n  tencent-chat:deletionPolicy: retain\n");
    mkdirSync(join(project, "src"));
    expect(currentStackFilePolicy("prod", join(project, "src"))).to.equal("retain");
    expect(currentStackFilePolicy("acme/shop/prod", project)).to.equal("retain");
    expect(currentStackFilePolicy("dev", project)).to.equal(undefined);
    const configured = mkdtempSync(join(tmpdir(), "deletion-"));
    writeFileSync(join(configured, "Pulumi.yaml"), "name: shop\nruntime: nodejs\nstackConfigDir: stacks\n");
    mkdirSync(join(configured, "stacks"));
    writeFileSync(join(configured, "stacks", "Pulumi.prod.yaml"), "config:\n  tencent-chat:deletionPolicy: delete\n");
    expect(currentStackFilePolicy("prod", configured)).to.equal("delete");
    writeFileSync(join(configured, "stacks", "Pulumi.prod.yaml"), "config: [unclosed");
    expect(currentStackFilePolicy("prod", configured), "unreadable: the recorded settings decide").to.equal(undefined);
  });
});
