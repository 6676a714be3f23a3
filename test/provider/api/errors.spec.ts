import { expect } from "chai";
import { ERROR_CODES } from "../../../provider/api/error-codes";
import {
  ChatApiError,
  ChatAuthError,
  ChatConfigError,
  ChatStateError,
  ChatConflictError,
  ChatError,
  ChatNotFoundError,
  ChatRateLimitError,
  ChatTransportError,
  isChatApiError,
  isChatApiErrorOf,
  isChatTransportError,
} from "../../../provider/api/errors";

describe("the error hierarchy", () => {
  it("ChatApiError.from builds the class of the code's documented kind, for every documented code", () => {
    const classes = {
      "rate-limit": ChatRateLimitError,
      "not-found": ChatNotFoundError,
      conflict: ChatConflictError,
      auth: ChatAuthError,
      permission: ChatAuthError,
    } as const;
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      const error = ChatApiError.from("import_group", Number(code), "info");
      const expected = classes[info.kind as keyof typeof classes] ?? ChatApiError;
      expect(error, `${code} (${info.kind})`).to.be.instanceOf(expected);
      expect(error.constructor, `${code}: the most specific class`).to.equal(expected);
      expect(error.retryable, String(code)).to.equal(info.kind === "retryable" || info.kind === "rate-limit");
    }
    expect(ChatApiError.from("x", 99999, "").info.meaning).to.equal("undocumented error");
  });

  it("names the command, the code, its meaning and the action, and carries the ErrorInfo as sent", () => {
    const error = ChatApiError.from("import_group_member", 10014, "group full: 6000");
    expect(error.message).to.equal(
      "import_group_member failed with ErrorCode 10014 (the group is full): group full: 6000; raise maxMemberCount (at most 6,000; 100,000 for a Community)",
    );
    expect(error).to.include({ command: "import_group_member", errorCode: 10014, errorInfo: "group full: 6000", name: "ChatApiError" });
    expect(error).to.be.instanceOf(ChatError);
  });

  it("isChatApiError recognises its brand, also on an error from another copy of the package, and nothing else", () => {
    expect(isChatApiError(ChatApiError.from("x", 10010, ""))).to.equal(true);
    const fromAnotherCopy = Object.assign(new Error("x"), {
      [Symbol.for("pulumi-tencent-chat.ChatApiError")]: true,
      errorCode: 10010,
      command: "x",
    });
    expect(isChatApiError(fromAnotherCopy)).to.equal(true);
    // Look-alikes are not API errors: a plain object with the fields, a transport error, a config error.
    expect(isChatApiError({ errorCode: 10010, command: "x" })).to.equal(false);
    expect(isChatApiError(new ChatTransportError("x", "socket hang up"))).to.equal(false);
    expect(isChatApiError(new ChatConfigError("bad"))).to.equal(false);
    expect(isChatApiError(new ChatStateError("unreadable"))).to.equal(false);
    expect(isChatApiError(null)).to.equal(false);
  });

  it("isChatApiErrorOf and isChatTransportError: the one way to tell errors apart, also across copies of the package", () => {
    expect(isChatApiErrorOf(ChatApiError.from("x", 10010, ""), "not-found")).to.equal(true);
    expect(isChatApiErrorOf(ChatApiError.from("x", 10021, ""), "conflict")).to.equal(true);
    expect(isChatApiErrorOf(ChatApiError.from("x", 10021, ""), "not-found")).to.equal(false);
    const apiFromAnotherCopy = Object.assign(new Error("x"), {
      [Symbol.for("pulumi-tencent-chat.ChatApiError")]: true,
      info: { kind: "rate-limit" },
    });
    expect(isChatApiErrorOf(apiFromAnotherCopy, "rate-limit")).to.equal(true);
    expect(isChatTransportError(new ChatTransportError("x", "socket hang up"))).to.equal(true);
    const transportFromAnotherCopy = Object.assign(new Error("x"), { [Symbol.for("pulumi-tencent-chat.ChatTransportError")]: true });
    expect(isChatTransportError(transportFromAnotherCopy)).to.equal(true);
    expect(isChatTransportError(ChatApiError.from("x", 10002, ""))).to.equal(false);
    expect(isChatTransportError({ status: 502 })).to.equal(false);
  });

  it("retries a transport failure or a 5xx, not another HTTP status", () => {
    expect(new ChatTransportError("x", "reset").retryable).to.equal(true);
    expect(new ChatTransportError("x", "bad gateway", 502).retryable).to.equal(true);
    expect(new ChatTransportError("x", "not found", 404).retryable).to.equal(false);
    expect(new ChatTransportError("get_group_info", "timeout").message).to.equal("get_group_info: timeout");
  });
});

describe("errors raised before any call", () => {
  it("a configuration error names no command unless one needed it; a state error names the command whose input it is", () => {
    expect(new ChatConfigError("the client needs a region or an endpoint")).to.include({ name: "ChatConfigError", command: "" });
    const state = new ChatStateError("line 3: group g is declared twice", { command: "import_group" });
    expect(state).to.include({ name: "ChatStateError", command: "import_group", message: "line 3: group g is declared twice" });
  });
});
