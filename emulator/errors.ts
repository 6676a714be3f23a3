import { ErrorCode } from "../provider/api/error-codes";

/** A failure the emulator answers with, exactly as the service would: HTTP 200 and a FAIL envelope. */
export class EmulatorError extends Error {
  override name = "EmulatorError";
  constructor(
    /** Tencent's ErrorCode. */
    readonly code: number,
    /** The ErrorInfo text. */
    readonly info: string,
  ) {
    super(`${code}: ${info}`);
  }
}

/** 10004, "invalid parameter": what the group, member and topic commands answer for a field they refuse. */
export function invalidParameter(info: string): EmulatorError {
  return new EmulatorError(ErrorCode.InvalidParameter, info);
}

/** The FAIL envelope for a code. */
export function failEnvelope(code: number, info: string): Record<string, unknown> {
  return { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
}

/** The OK envelope around a command's fields. */
export function okEnvelope(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ...fields };
}
