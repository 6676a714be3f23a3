import { describeErrorCode, type ErrorCodeInfo } from "./error-codes";

/**
 * The root of every error this package raises about the Chat API. Messages name the command, the ErrorCode,
 * what it means and what to do; they never contain the URL's query string, the UserSig or the secret key.
 */
export class ChatError extends Error {
  override name = "ChatError";
  /** The REST command that failed, e.g. `import_group` ("" where no command is concerned). */
  readonly command: string;
  constructor(command: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.command = command;
  }
}

/** The brand every ChatApiError carries: a registered symbol, the same in every copy of this package. */
const API_ERROR_BRAND = Symbol.for("pulumi-tencent-chat.ChatApiError");

/** The service answered with `ActionStatus: FAIL` (or a per-item failure). */
export class ChatApiError extends ChatError {
  override name = "ChatApiError";
  readonly [API_ERROR_BRAND] = true;
  /** Tencent's ErrorCode. */
  readonly errorCode: number;
  /** Tencent's ErrorInfo, as sent. */
  readonly errorInfo: string;
  /** The documented meaning of the code. */
  readonly info: ErrorCodeInfo;

  constructor(command: string, errorCode: number, errorInfo: string) {
    const info = describeErrorCode(errorCode);
    super(command, `${command} failed with ErrorCode ${errorCode} (${info.meaning})${errorInfo ? `: ${errorInfo}` : ""}; ${info.action}`);
    this.errorCode = errorCode;
    this.errorInfo = errorInfo;
    this.info = info;
  }

  /** Builds the subclass that matches the code's documented kind: the single place that mapping lives. */
  static from(command: string, errorCode: number, errorInfo: string): ChatApiError {
    switch (describeErrorCode(errorCode).kind) {
      case "rate-limit":
        return new ChatRateLimitError(command, errorCode, errorInfo);
      case "not-found":
        return new ChatNotFoundError(command, errorCode, errorInfo);
      case "conflict":
        return new ChatConflictError(command, errorCode, errorInfo);
      case "auth":
      case "permission":
        return new ChatAuthError(command, errorCode, errorInfo);
      default:
        return new ChatApiError(command, errorCode, errorInfo);
    }
  }

  /** True when retrying the same request may succeed (internal errors, server timeouts, rate limits). */
  get retryable(): boolean {
    return this.info.kind === "retryable" || this.info.kind === "rate-limit";
  }
}

/** A rate-limit answer (60007, 60011, 60018, 60019, 10006). */
export class ChatRateLimitError extends ChatApiError {
  override name = "ChatRateLimitError";
}
/** The object does not exist (10010, 10015, 70107, 10019, 110003). */
export class ChatNotFoundError extends ChatApiError {
  override name = "ChatNotFoundError";
}
/** The ID is already in use (10021, 10025). */
export class ChatConflictError extends ChatApiError {
  override name = "ChatConflictError";
}
/** Credentials, signature or permission problems (600xx, 700xx). */
export class ChatAuthError extends ChatApiError {
  override name = "ChatAuthError";
}

/** The brand every ChatTransportError carries, registered like {@link API_ERROR_BRAND}. */
const TRANSPORT_ERROR_BRAND = Symbol.for("pulumi-tencent-chat.ChatTransportError");

/** The request never got a Chat API answer: connection failure, timeout, non-200 HTTP status or unparsable body. */
export class ChatTransportError extends ChatError {
  override name = "ChatTransportError";
  readonly [TRANSPORT_ERROR_BRAND] = true;
  /** The HTTP status, when one was received. */
  readonly status: number | undefined;
  constructor(command: string, message: string, status?: number, options?: { cause?: unknown }) {
    super(command, `${command}: ${message}`, options);
    this.status = status;
  }
  /** Transport failures and 5xx are worth retrying; other statuses are not. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500;
  }
}

/**
 * The provider's configuration is wrong (no region or endpoint, a bad SDKAppID, ...): nothing was sent. `command`
 * is the command that needed it, when one did.
 */
export class ChatConfigError extends ChatError {
  override name = "ChatConfigError";
  constructor(message: string, options?: { command?: string; cause?: unknown }) {
    super(options?.command ?? "", message, options);
  }
}

/**
 * What the engine holds for a resource cannot be read: a state text that does not parse, or no recorded outputs
 * where a step needs them. Nothing was sent; `command` is the command whose input the text is, when there is one.
 */
export class ChatStateError extends ChatError {
  override name = "ChatStateError";
  constructor(message: string, options?: { command?: string; cause?: unknown }) {
    super(options?.command ?? "", message, options);
  }
}

/**
 * Whether `error` is a ChatApiError, also one made by another copy of this package in the same process (where
 * `instanceof` answers false): every ChatApiError carries a brand registered with `Symbol.for`.
 */
export function isChatApiError(error: unknown): error is ChatApiError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[API_ERROR_BRAND] === true;
}

/** Whether `error` is a ChatApiError whose code is of `kind` (not-found, conflict, rate-limit, ...), from any copy of this package. */
export function isChatApiErrorOf(error: unknown, kind: ErrorCodeInfo["kind"]): error is ChatApiError {
  return isChatApiError(error) && error.info.kind === kind;
}

/** Whether `error` is a ChatTransportError, also one made by another copy of this package (see {@link isChatApiError}). */
export function isChatTransportError(error: unknown): error is ChatTransportError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[TRANSPORT_ERROR_BRAND] === true;
}
