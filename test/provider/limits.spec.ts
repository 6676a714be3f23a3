import { expect } from "chai";
import fc from "fast-check";
import { byteLimitProblem, invalidUtf8Offset, loneSurrogateByteOffset, truncateUtf8 } from "../../provider/limits";

const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const decodes = (bytes: Uint8Array) => {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("limits: UTF-8 validity before byte limits", () => {
  it("invalidUtf8Offset agrees with a strict decoder on any bytes, and points at a byte where decoding fails", () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const offset = invalidUtf8Offset(bytes);
        expect(offset === undefined, Buffer.from(bytes).toString("hex")).to.equal(decodes(bytes));
        if (offset !== undefined) {
          expect(decodes(bytes.subarray(0, offset)), "everything before the offset is valid").to.equal(true);
        }
      }),
      { numRuns: 3000, seed: 31 },
    ));

  it("finds the documented bad sequences at their first byte", () => {
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xff, 0xfe, 0xc3]))).to.equal(1);
    expect(invalidUtf8Offset(Buffer.from([0xc0, 0x80]))).to.equal(0); // overlong NUL
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).to.equal(0); // an encoded surrogate
    expect(invalidUtf8Offset(Buffer.from("群😀", "utf8"))).to.equal(undefined);
  });

  it("loneSurrogateByteOffset: undefined for well-formed text, else the UTF-8 offset of the half character", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(loneSurrogateByteOffset(text)).to.equal(undefined);
      }),
      { numRuns: 500, seed: 37 },
    );
    expect(loneSurrogateByteOffset("群\ud800")).to.equal(3);
    expect(loneSurrogateByteOffset("a😀\udc00")).to.equal(5);
  });

  it("byteLimitProblem refuses text that cannot be UTF-8 before counting its bytes", () => {
    expect(byteLimitProblem("\ud800", 30)).to.match(/must be valid UTF-8 text: a lone surrogate at byte 0/);
    expect(byteLimitProblem("群".repeat(10), 30)).to.equal(undefined);
  });

  it("truncateUtf8 keeps whole grapheme clusters: no dangling zero-width joiner, no half flag, no accent without its letter", () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}"; // 18 bytes, one character on screen
    expect(truncateUtf8(`ab${family}`, 19)).to.equal("ab"); // a code-point cut would leave "ab👨‍👩" and a joiner
    expect(truncateUtf8(`ab${family}`, 20)).to.equal(`ab${family}`);
    const flags = "\u{1F1EF}\u{1F1F5}".repeat(4); // four flags of 8 bytes
    expect(truncateUtf8(flags, 30)).to.equal("\u{1F1EF}\u{1F1F5}".repeat(3));
    expect(truncateUtf8("Cafe\u0301 noir", 5)).to.equal("Caf");
    expect(truncateUtf8("群".repeat(11), 30)).to.equal("群".repeat(10));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0, max: 60 }), (text, limit) => {
        const cut = truncateUtf8(text, limit);
        expect(Buffer.byteLength(cut)).to.be.at.most(limit);
        expect(text.startsWith(cut)).to.equal(true);
        const whole = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map((s) => s.segment);
        let prefix = "";
        const boundaries = new Set([""]);
        for (const segment of whole) {
          prefix += segment;
          boundaries.add(prefix);
        }
        expect(boundaries.has(cut), JSON.stringify({ text, cut })).to.equal(true);
      }),
      { numRuns: 300, seed: 41 },
    );
  });
});
