import { expect } from "chai";
import { createHmac } from "node:crypto";
import { inflateSync } from "node:zlib";
import { decodeUserSig, generateUserSig, tencentBase64Decode, tencentBase64Encode } from "../../../provider/api/usersig";

// A vector of Tencent's official Node implementation (tencentyun/tls-sig-api-v2-node; https://trtc.io/document/34385)
// with Date.now fixed to 1700000000 s.
const VECTOR = {
  sdkAppId: 1400000000,
  secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  identifier: "xiaojun",
  expireSeconds: 86400 * 180,
  time: 1700000000,
  sig: "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=",
  nodeOutput:
    "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__",
};

/** An independent decoder: reverse the alphabet by hand, inflate, parse, recompute the HMAC. */
function independentlyDecode(userSig: string): Record<string, unknown> {
  const standard = userSig
    .split("")
    .map((c) => ({ "*": "+", "-": "/", _: "=" })[c] ?? c)
    .join("");
  return JSON.parse(inflateSync(Buffer.from(standard, "base64")).toString("utf8")) as Record<string, unknown>;
}
function independentHmac(doc: Record<string, unknown>, key: string): string {
  const content = ["identifier", "sdkappid", "time", "expire"].map((f) => `TLS.${f}:${String(doc[`TLS.${f}`])}\n`).join("");
  return createHmac("sha256", key).update(content).digest("base64");
}

describe("usersig", () => {
  it("reproduces the documented vector's TLS.sig and fields", () => {
    const doc = independentlyDecode(generateUserSig(VECTOR));
    expect(doc).to.deep.equal({
      "TLS.ver": "2.0",
      "TLS.identifier": "xiaojun",
      "TLS.sdkappid": 1400000000,
      "TLS.time": 1700000000,
      "TLS.expire": 15552000,
      "TLS.sig": VECTOR.sig,
    });
    expect(independentHmac(doc, VECTOR.secretKey)).to.equal(VECTOR.sig);
  });

  it("decodes the official Node library's output for the vector", () => {
    const doc = decodeUserSig(VECTOR.nodeOutput);
    expect(doc?.["TLS.sig"]).to.equal(VECTOR.sig);
    expect(doc?.["TLS.identifier"]).to.equal("xiaojun");
  });

  it("signs what it is given: another key or identifier gives another HMAC", () => {
    const a = independentlyDecode(generateUserSig({ ...VECTOR, identifier: "administrator", time: 1 }));
    expect(independentHmac(a, VECTOR.secretKey)).to.equal(a["TLS.sig"]);
    expect(independentHmac(a, "another-key")).to.not.equal(a["TLS.sig"]);
    expect(a["TLS.identifier"]).to.equal("administrator");
  });

  it("uses Tencent's alphabet (* - _) and never + / =", () => {
    for (let i = 0; i < 50; i++) {
      const sig = generateUserSig({ ...VECTOR, identifier: `user${i}`, time: 1700000000 + i });
      expect(sig).to.match(/^[A-Za-z0-9*\-_]+$/);
    }
    const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x00]);
    expect(tencentBase64Encode(bytes)).to.equal("*--*AA__");
    expect(tencentBase64Decode("*--*AA__")).to.deep.equal(bytes);
  });

  it("rejects what is not a v2 signature", () => {
    expect(decodeUserSig("not-a-sig")).to.equal(undefined);
    expect(decodeUserSig(tencentBase64Encode(Buffer.from("plain")))).to.equal(undefined);
  });
});
