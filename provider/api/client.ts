import { z } from "zod";
import type { Dispatcher } from "undici";
import { COMMANDS, regionBaseUrl, SERVICES, type CommandName } from "./endpoints";
import { ErrorCode } from "./error-codes";
import { ChatApiError, ChatConfigError, ChatTransportError, isChatApiError, isChatApiErrorOf, isChatTransportError } from "./errors";
import { createDefaultDispatcher, postJson, type HttpResponse } from "./http";
import { RateLimiterPool } from "./rate-limiter";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from "./retry";
import { generateUserSig } from "./usersig";
import type { ProviderConfig } from "../config";

/** The envelope every answer carries. */
export const ChatEnvelope = z.looseObject({
  ActionStatus: z.string().optional(),
  ErrorCode: z.number().optional(),
  ErrorInfo: z.string().optional(),
});
export type ChatEnvelope = z.infer<typeof ChatEnvelope>;

/** Options of one call. */
export interface CallOptions {
  /**
   * Whether a request that may have reached the server can be sent again. `false` for a create without a fixed
   * ID, where a lost answer plus a retry would make a duplicate; such calls are retried only on failures that
   * prove nothing happened (an error answer, or a refused connection).
   */
  idempotent?: boolean;
  /**
   * Whether later calls wait on this one in sequence (the next page of a cursor): it goes ahead of the calls of the
   * same command waiting for the rate limit, which run side by side anyway.
   */
  urgent?: boolean;
}

/** How a client is built; the injected dispatcher lets unit tests use undici's MockAgent. */
export interface ChatClientOptions {
  config: Pick<
    ProviderConfig,
    | "sdkAppId"
    | "identifier"
    | "secretKey"
    | "region"
    | "endpoint"
    | "requestTimeoutMs"
    | "maxRetries"
    | "maxCallsPerSecond"
    | "topicImportServicePath"
  >;
  dispatcher?: Dispatcher;
  retryPolicy?: Partial<RetryPolicy>;
  /** Seconds a UserSig is valid; it is renewed when less than a tenth remains. */
  userSigTtlSeconds?: number;
}

/** Counters of what the client did, for progress output and benchmarks. */
export interface ClientStats {
  calls: number;
  retries: number;
  rateLimited: number;
}

const DEFAULT_USERSIG_TTL_SECONDS = 24 * 3600;

/**
 * The Chat REST API client: builds the signed URL, spaces calls to each command's rate, retries what is safe to
 * retry, and turns failures into the {@link ChatApiError} hierarchy. One instance is shared by every resource in
 * a provider process, so the rate limits hold across all of them.
 */
export class ChatClient {
  readonly stats: ClientStats = { calls: 0, retries: 0, rateLimited: 0 };
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly baseUrl: string;
  private readonly retryPolicy: RetryPolicy;
  private readonly limiters: RateLimiterPool<CommandName>;
  private readonly userSigTtl: number;
  private userSig: { value: string; renewAtMs: number } | undefined;
  /** The import_topic service path the server accepted, once learned from a 10003 on the other one. */
  private topicImportPath: string | undefined;

  constructor(private readonly options: ChatClientOptions) {
    const { config } = options;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? createDefaultDispatcher();
    // Configuration validation asks for one of the two; a client built without either is a programming error, not a
    // reason to send production calls to a region nobody chose.
    if (config.endpoint === undefined && config.region === undefined) throw new ChatConfigError("the client needs a region or an endpoint");
    this.baseUrl = (config.endpoint ?? regionBaseUrl(config.region!)).replace(/\/+$/, "");
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries, ...options.retryPolicy };
    this.userSigTtl = options.userSigTtlSeconds ?? DEFAULT_USERSIG_TTL_SECONDS;
    this.limiters = new RateLimiterPool((command) => config.maxCallsPerSecond ?? COMMANDS[command].perSecond);
  }

  /** The service path of a command, honouring the settings where Tencent's documents disagree. */
  servicePath(command: CommandName): string {
    if (command === "import_topic") {
      return this.topicImportPath ?? this.options.config.topicImportServicePath ?? COMMANDS.import_topic.service;
    }
    return COMMANDS[command].service;
  }

  /**
   * Sends one command and returns the answer's fields. Throws a {@link ChatApiError} subclass for a FAIL answer,
   * and a {@link ChatTransportError} when no valid answer came.
   */
  async call(command: CommandName, body: object, options: CallOptions = {}): Promise<ChatEnvelope> {
    const idempotent = options.idempotent ?? true;
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(command, payload, options.urgent ?? false);
      } catch (error) {
        if (command === "import_topic" && isChatApiError(error) && error.errorCode === ErrorCode.InvalidCommand && !this.topicImportPath) {
          // The documents disagree on import_topic's service; 10003 (unknown command) means "the other one".
          // An unknown command created nothing, so trying the other path is safe.
          this.topicImportPath = this.servicePath(command) === SERVICES.group ? SERVICES.communityTopic : SERVICES.group;
          continue;
        }
        if (attempt >= this.retryPolicy.maxRetries || !this.mayRetry(error, idempotent)) throw error;
        const delay = backoffDelayMs(this.retryPolicy, attempt + 1);
        if (isChatApiErrorOf(error, "rate-limit")) {
          this.stats.rateLimited++;
          this.limiters.get(command).backOff(delay);
        }
        this.stats.retries++;
        await sleep(delay);
      }
    }
  }

  /** Closes the connection pool if this client created it. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private mayRetry(error: unknown, idempotent: boolean): boolean {
    // An error answer proves the request was processed and refused: repeating it cannot create anything.
    if (isChatApiError(error)) return error.retryable;
    if (isChatTransportError(error)) {
      if (idempotent) return error.retryable;
      // For a non-idempotent call only a connection that was never made is safe to repeat.
      const code = (error.cause as { code?: string } | undefined)?.code;
      return code === "ECONNREFUSED" || code === "UND_ERR_CONNECT_TIMEOUT";
    }
    return false;
  }

  private async send(command: CommandName, payload: string, urgent: boolean): Promise<ChatEnvelope> {
    await this.limiters.get(command).acquire({ urgent });
    this.stats.calls++;
    const url = this.urlFor(command);
    let response: HttpResponse;
    try {
      response = await postJson(this.dispatcher, url, payload, this.options.config.requestTimeoutMs);
    } catch (error) {
      // The undici error may quote the URL, which carries the UserSig: keep only its code and a generic text.
      const code = (error as { code?: string }).code ?? "UNKNOWN";
      throw new ChatTransportError(command, `no answer from ${url.origin} (${code})`, undefined, { cause: { code } });
    }
    if (response.status !== 200) {
      throw new ChatTransportError(command, `HTTP ${response.status} from ${url.origin}`, response.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new ChatTransportError(command, `the answer from ${url.origin} is not JSON`, 502);
    }
    const parsed = ChatEnvelope.safeParse(json);
    if (!parsed.success) throw new ChatTransportError(command, `the answer from ${url.origin} is not the API's envelope`, 502);
    const envelope = parsed.data;
    const errorCode = typeof envelope.ErrorCode === "number" ? envelope.ErrorCode : envelope.ActionStatus === "OK" ? 0 : -1;
    if (envelope.ActionStatus !== "OK" || errorCode !== 0) {
      throw ChatApiError.from(command, errorCode, String(envelope.ErrorInfo ?? ""));
    }
    return envelope;
  }

  private urlFor(command: CommandName): URL {
    const { config } = this.options;
    const url = new URL(`${this.baseUrl}/v4/${this.servicePath(command)}/${command}`);
    url.searchParams.set("sdkappid", String(config.sdkAppId));
    url.searchParams.set("identifier", config.identifier);
    url.searchParams.set("usersig", this.currentUserSig());
    url.searchParams.set("random", String(Math.floor(Math.random() * 0x1_0000_0000)));
    url.searchParams.set("contenttype", "json");
    return url;
  }

  private currentUserSig(): string {
    const now = Date.now();
    if (!this.userSig || now >= this.userSig.renewAtMs) {
      const { sdkAppId, secretKey, identifier } = this.options.config;
      this.userSig = {
        value: generateUserSig({ sdkAppId, secretKey, identifier, expireSeconds: this.userSigTtl }),
        renewAtMs: now + this.userSigTtl * 900,
      };
    }
    return this.userSig.value;
  }
}
