import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { EmulatorState } from "./store";

/** Reads and validates a state or seed file; the error names the file and the first bad path. */
export function readStateFile(path: string): EmulatorState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read emulator state ${path}: ${(error as Error).message}`);
  }
  const parsed = EmulatorState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`emulator state ${path} is invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes state atomically: a temporary file renamed over the old one, so a crash never leaves half a file. */
export function writeStateFile(path: string, state: EmulatorState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}

/**
 * Saves state after changes, coalescing bursts: at most one write per `delayMs`, and a final one on `flush`. A large
 * state (a million messages of history is 150 MB of JSON) takes long to write, so writes are spaced by ten times
 * the last one's duration as well: writing never takes more than about a tenth of the emulator's time.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  constructor(
    private readonly path: string,
    private readonly state: () => EmulatorState,
    private readonly delayMs = 50,
  ) {}

  /** The state as saved, when the file exists. */
  load(): EmulatorState | undefined {
    return existsSync(this.path) ? readStateFile(this.path) : undefined;
  }

  /** Notes a change; the write follows shortly. */
  changed(): void {
    this.timer ??= setTimeout(() => this.flush(), Math.max(this.delayMs, 10 * this.lastWriteMs));
  }

  /** Writes now if anything changed. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    writeStateFile(this.path, this.state());
    this.lastWriteMs = performance.now() - started;
  }
}
