import { z } from "zod";

/** The body of `PUT /__emulator/blocked-words` (and what `GET` answers). */
export const BlockedWordsConfig = z.strictObject({ words: z.array(z.string().min(1).max(200)).max(10_000) });
export type BlockedWordsConfig = z.infer<typeof BlockedWordsConfig>;

/**
 * The app's blocked ("dirty") words, as Tencent's console keeps them: import_group_msg stores no message holding
 * one and answers its Result 80001 ("the message contains dirty words and is refused", import_group_msg page). Empty
 * unless set (`blockedWords` option, `--blocked-word`, or `PUT /__emulator/blocked-words`). A word matches inside any
 * text of a message's elements (every string of its MsgContent), case-insensitively; it is configuration, not app
 * data, so a reset or a state import leaves it as it is.
 */
export class BlockedWords {
  private list: string[] = [];
  private lowered: string[] = [];

  constructor(words: readonly string[] = []) {
    this.set(words);
  }

  /** The words as set. */
  get words(): readonly string[] {
    return this.list;
  }

  /** Replaces the list (duplicates dropped). */
  set(words: readonly string[]): void {
    this.list = [...new Set(words)];
    this.lowered = this.list.map((word) => word.toLowerCase());
  }

  /** The first blocked word a value's strings hold (searched through objects and arrays), or undefined. */
  find(value: unknown): string | undefined {
    if (this.lowered.length === 0) return undefined;
    if (typeof value === "string") {
      const text = value.toLowerCase();
      const at = this.lowered.findIndex((word) => text.includes(word));
      return at < 0 ? undefined : this.list[at];
    }
    if (value && typeof value === "object") {
      for (const child of Object.values(value)) {
        const found = this.find(child);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
}
