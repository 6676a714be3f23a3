import { once } from "node:events";
import { createWriteStream, mkdtempSync, openSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HistoryElement, type HistoryMessage, HistoryWriter } from "../history";
import type { Manifest } from "../manifest";
import type { ManifestBuilder } from "./builder";
import type { Conversion } from "./conversion";
import { readJsonLines } from "./read";

/**
 * Where a converter puts the messages it reads, in the source's own IDs, while the manifest is still being built:
 * user IDs get their Tencent UserIDs and conversations are checked against the manifest only once every record is
 * in (a message may come before its channel and its sender). The messages wait in a temporary file (a million
 * messages are not held in memory); {@link HistorySink.finish} writes the history file from it.
 */

/** The kind of record messages are counted as in the report's reconciliation. */
export const MESSAGES = "messages";

/** A message as a source describes it: its group's manifest key or the pair of people, in the source's IDs. */
export interface SourceMessage {
  conversation: { group: string } | { pair: [string, string] };
  id: string;
  from: string;
  time: number;
  body: HistoryElement[];
  replyTo?: string;
  edited?: number;
  /** The converter changed it on the way (a link preview as its link, an attachment left out): counted as adjusted. */
  adjusted?: boolean;
}

/**
 * See the module comment. Declared with `using`, so its spill folder is removed however the conversion ends (a
 * converter that throws half-way included), not only by {@link HistorySink.finish}.
 */
export class HistorySink implements Disposable {
  // Made at the first message: a conversion without messages (or one that fails before) leaves nothing open.
  private spill?: { folder: string; raw: WriteStream };
  private pending = 0;
  /** The spill's first write error, answered at the next add or at finish. */
  private failure?: Error;
  /** Each group's earliest message time, by source group key: a group without a creation time is made before it. */
  private readonly earliest = new Map<string, number>();

  constructor(private readonly builder: ManifestBuilder) {}

  /** Takes one message; `source` is where it was read (`general/2016-03-01.json[1]`). */
  async add(source: string, message: SourceMessage): Promise<void> {
    this.pending += 1;
    this.builder.reporter.received(MESSAGES);
    if ("group" in message.conversation) {
      const key = message.conversation.group;
      this.earliest.set(key, Math.min(this.earliest.get(key) ?? message.time, message.time));
    }
    if (!this.spill) {
      const folder = mkdtempSync(join(tmpdir(), "tencent-chat-history-"));
      // Opened here, not by the stream: a stream opens its file later, and a conversion disposed before that
      // (one that throws at once) would have it open a file in a folder already removed, an uncaught ENOENT.
      const raw = createWriteStream("", { fd: openSync(join(folder, "raw.jsonl"), "w") });
      // A write that fails (a full disk) is answered by finish, not thrown from nowhere.
      raw.on("error", (error) => {
        this.failure ??= error;
      });
      this.spill = { folder, raw };
    }
    if (this.failure) throw this.failure;
    if (!this.spill.raw.write(`${JSON.stringify({ source, message })}\n`)) await once(this.spill.raw, "drain");
  }

  /**
   * Gives a group without a creation time one before its first message (and its members' and topics' times):
   * import_group makes such a group now, and Tencent takes a group's history only after its creation.
   */
  private createBeforeHistory(manifest: Manifest): void {
    for (const group of manifest.groups) {
      const first = this.earliest.get(group.key);
      if (first === undefined || group.createTime !== undefined) continue;
      let before = first;
      for (const member of Object.values(group.members)) if (member.joinTime !== undefined) before = Math.min(before, member.joinTime);
      for (const topic of group.topics) if (topic.createTime !== undefined) before = Math.min(before, topic.createTime);
      group.createTime = before - 1;
      this.builder.reporter.adjusted(
        group.key,
        `${group.key} has no creation time and holds history from ${first}: created at ${group.createTime} (Tencent takes a group's messages only after its creation)`,
        "history-create-time",
      );
    }
  }

  /** Removes the spill folder, if any (finish removes it too): what `using` calls at the end of the conversion. */
  [Symbol.dispose](): void {
    if (!this.spill) return;
    this.spill.raw.destroy();
    rmSync(this.spill.folder, { recursive: true, force: true });
    this.spill = undefined;
  }

  /** A message the source holds that does not map (a reaction is not one; a deleted message, a system event is). */
  skip(source: string, reason: string, group: string): void {
    this.builder.skip(MESSAGES, source, reason, group);
  }

  /**
   * Writes the history file at `path` from the messages taken, through the manifest's UserIDs: a message of a
   * conversation the manifest does not hold, or from a sender it does not import, is reported and left out. Without
   * a manifest (the conversion failed) or a path, nothing is written. Answers how many messages were written.
   */
  async finish(manifest: Manifest | undefined, path: string | undefined): Promise<number> {
    const reporter = this.builder.reporter;
    const spill = this.spill;
    if (spill) {
      if (!this.failure) {
        spill.raw.end();
        await once(spill.raw, "finish");
      }
    }
    try {
      if (this.failure) throw new Error(`the history's temporary file could not be written: ${this.failure.message}`);
      if (!manifest || !path) {
        if (this.pending > 0) reporter.decided(MESSAGES, manifest ? "unmapped" : "problems", this.pending);
        if (manifest && this.pending > 0)
          reporter.unmapped("history", `${this.pending} messages: no history file was asked for (--history or -o)`);
        return 0;
      }
      const userIds = new Map<string, string>();
      for (const [userId, sourceId] of Object.entries(manifest.userIdMap ?? {})) userIds.set(sourceId, userId);
      const idOf = (sourceId: string) => userIds.get(sourceId) ?? sourceId;
      this.createBeforeHistory(manifest);
      const created = new Map(manifest.groups.map((group) => [group.key, group.createTime]));
      // Written even without messages: an empty history says so, where a stale one from an earlier run would not.
      const writer = new HistoryWriter(path);
      const leftOut = (source: string, reason: string, group: string) => {
        reporter.unmapped(source, reason, group);
        reporter.decided(MESSAGES, "unmapped");
      };
      for await (const record of spill ? readJsonLines(join(spill.folder, "raw.jsonl")) : []) {
        if ("problem" in record) throw new Error(`the history's temporary file is broken at line ${record.line}: ${record.problem}`);
        const { source, message } = record.value as { source: string; message: SourceMessage };
        const from = idOf(message.from);
        if (!Object.hasOwn(manifest.accounts, from)) {
          leftOut(source, `a message from ${message.from}, who is not imported: left out`, "message-sender");
          continue;
        }
        let conversation: HistoryMessage["conversation"];
        if ("group" in message.conversation) {
          if (!created.has(message.conversation.group)) {
            leftOut(
              source,
              `a message of ${message.conversation.group}, which is not imported as a group: left out`,
              "message-conversation",
            );
            continue;
          }
          conversation = message.conversation.group;
        } else {
          const pair = message.conversation.pair.map(idOf) as [string, string];
          if (!pair.every((person) => Object.hasOwn(manifest.accounts, person))) {
            leftOut(
              source,
              `a 1:1 message between ${message.conversation.pair.join(" and ")}, not both imported: left out`,
              "message-pair",
            );
            continue;
          }
          conversation = pair;
        }
        let time = message.time;
        let adjusted = from !== message.from || message.adjusted === true;
        const groupCreated = typeof conversation === "string" ? created.get(conversation) : undefined;
        if (groupCreated !== undefined && time <= groupCreated) {
          // Tencent takes a group's history from after its creation; exports write the channel's first message in
          // the second it was made (the same rule as a member's join time).
          reporter.adjusted(
            source,
            `a message of ${conversation} at ${time}, not after its creation ${groupCreated}: imported at ${groupCreated + 1}`,
            "message-time",
          );
          time = groupCreated + 1;
          adjusted = true;
        }
        const out: HistoryMessage = { conversation, id: message.id, from, time, body: message.body };
        if (message.replyTo !== undefined) out.replyTo = message.replyTo;
        if (message.edited !== undefined) out.edited = message.edited;
        await writer.write(out);
        reporter.decided(MESSAGES, adjusted ? "adjusted" : "mapped");
      }
      await writer.close();
      return writer.count;
    } finally {
      if (spill) {
        spill.raw.destroy();
        rmSync(spill.folder, { recursive: true, force: true });
      }
    }
  }
}

/**
 * The end of every converter: the manifest from the builder, then the history file from the sink through the
 * manifest's UserIDs (or nothing, when the conversion has problems or no path was given).
 */
export async function finishConversionWithHistory(
  builder: ManifestBuilder,
  sink: HistorySink,
  historyPath: string | undefined,
): Promise<Conversion> {
  const conversion = builder.finish();
  const messages = await sink.finish(conversion.manifest, historyPath);
  if (historyPath) conversion.history = { path: historyPath, messages };
  return conversion;
}
