import { z } from "zod";

/** What a fault rule does to a matching request. */
export const FaultAction = z.discriminatedUnion("type", [
  /** Answer with this ErrorCode without processing (HTTP 200, FAIL envelope). */
  z.strictObject({ type: z.literal("error"), code: z.int(), info: z.string().optional() }),
  /** Wait before processing. */
  z.strictObject({ type: z.literal("latency"), ms: z.int().min(0).max(60_000) }),
  /** Reset the connection before processing: nothing happens. */
  z.strictObject({ type: z.literal("reset") }),
  /** Process the request, then reset the connection: the change happens but the answer is lost. */
  z.strictObject({ type: z.literal("drop-after-apply") }),
  /**
   * Answer with this HTTP status and a gateway's page instead of the API's envelope (a 502 from a proxy in front of
   * the service); with `afterApply` the request is processed first, so the change happens but its answer is lost.
   */
  z.strictObject({ type: z.literal("http-error"), status: z.int().min(400).max(599), afterApply: z.boolean().default(false) }),
  /**
   * Never answer: the connection is held open, for the caller's own timeout to fire (and closed after `ms` in case
   * it has none); with `afterApply` the request is processed first.
   */
  z.strictObject({ type: z.literal("timeout"), ms: z.int().min(1).max(600_000).default(60_000), afterApply: z.boolean().default(false) }),
]);
export type FaultAction = z.infer<typeof FaultAction>;

/** A fault rule: which command, how often, and what happens. */
export const FaultRule = z.strictObject({
  /** Command name, or "*" for every command. */
  command: z.string().min(1),
  /** Chance per matching request, 0 to 1. */
  probability: z.number().min(0).max(1).default(1),
  /** Fire at most this many times (unlimited when absent). */
  times: z.int().min(1).optional(),
  action: FaultAction,
});
export type FaultRule = z.infer<typeof FaultRule>;

/** The rule set with its seed, as set at `POST /__emulator/faults`. */
export const FaultConfig = z.strictObject({ seed: z.int().default(1), rules: z.array(FaultRule) });
export type FaultConfig = z.input<typeof FaultConfig>;

/** mulberry32: a small seeded PRNG, so a fault run with the same seed and request order repeats exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, which fault actions apply; counts what it injected. */
export class FaultInjector {
  private rules: (FaultRule & { fired: number })[] = [];
  private random: () => number = seededRandom(1);
  /**
   * Faults injected per command and action, e.g. `import_group:drop-after-apply`, `import_group:error:10002`,
   * `import_group_msg:http-error:502` or `import_group_msg:timeout:after-apply`.
   */
  readonly injected = new Map<string, number>();

  private seed = 1;

  /** The active rules with how often each has fired, and the seed: what the console shows. */
  get active(): { seed: number; rules: (FaultRule & { fired: number })[] } {
    return { seed: this.seed, rules: this.rules.map((rule) => ({ ...rule })) };
  }

  /** Replaces the rule set (validated); an empty list turns faults off. */
  configure(config: FaultConfig): void {
    const parsed = FaultConfig.parse(config);
    this.seed = parsed.seed;
    this.rules = parsed.rules.map((rule) => ({ ...rule, fired: 0 }));
    this.random = seededRandom(parsed.seed);
    this.injected.clear();
  }

  /** The actions to apply to one request of `command`, in rule order (latency can combine with one other). */
  decide(command: string): FaultAction[] {
    const actions: FaultAction[] = [];
    for (const rule of this.rules) {
      if (rule.command !== "*" && rule.command !== command) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      // Draw for every matching rule, so one rule's outcome never shifts another's sequence.
      if (this.random() >= rule.probability) continue;
      if (actions.some((a) => a.type !== "latency") && rule.action.type !== "latency") continue;
      rule.fired++;
      actions.push(rule.action);
      const key = faultKey(command, rule.action);
      this.injected.set(key, (this.injected.get(key) ?? 0) + 1);
    }
    return actions;
  }
}

/** How {@link FaultInjector.injected} counts an action: the command, the type, then what tells its variants apart. */
function faultKey(command: string, action: FaultAction): string {
  const detail = action.type === "error" ? `:${action.code}` : action.type === "http-error" ? `:${action.status}` : "";
  const applied = (action.type === "http-error" || action.type === "timeout") && action.afterApply ? ":after-apply" : "";
  return `${command}:${action.type}${detail}${applied}`;
}

/** Whether an action lets the request be processed and then loses its answer (the outcome is unclear to the caller). */
export function losesAnswerAfterApply(action: FaultAction): boolean {
  return action.type === "drop-after-apply" || ((action.type === "http-error" || action.type === "timeout") && action.afterApply);
}
