import { load as parseYaml } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The folder of the Pulumi project that holds `startDir` (where its Pulumi.yaml is), searching upward, or undefined
 * when there is none. A program and the dynamic provider run in the folder of the entry file, which need not be the
 * project's.
 */
export function findProjectFolder(startDir: string): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The settings of a project folder's Pulumi.yaml that this package reads. */
export interface ProjectFile {
  name?: unknown;
  main?: unknown;
  stackConfigDir?: unknown;
}

/** Parses the Pulumi.yaml of a project folder (an empty file reads as no settings). */
export function readProjectFile(folder: string): ProjectFile {
  return (parseYaml(readFileSync(join(folder, "Pulumi.yaml"), "utf8")) ?? {}) as ProjectFile;
}
