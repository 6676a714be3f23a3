import { expect } from "chai";
import fc from "fast-check";
import { isUtf8 } from "node:buffer";
import {
  checkJson,
  type EncodingError,
  firstInvalidUtf8,
  lineAndColumn,
  StrictUtf8Decoder,
} from "../../../../provider/migration/sources/text";

describe("sources/text", () => {
  it("checkJson accepts exactly what JSON.parse accepts, on JSON texts with a character changed, cut or added", () => {
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom("", "x", ",", "]", "}", '"', "\\", "\n", "1", "-", ".", "e", "[", "{", ":", " ", "tru"),
        fc.nat(2),
      )
      .map(([json, at, insert, drop]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + insert + json.slice(i + drop);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(checkJson(text) === undefined, text).to.equal(parses);
      }),
      { numRuns: 3000 },
    );
  });

  it("checkJson gives where each element of a top-level array starts", () => {
    const starts: number[] = [];
    const text = '[ 1,\n {"a": [2, 3]}, "x,]" ,[] ]';
    expect(checkJson(text, (offset) => starts.push(offset))).to.equal(undefined);
    expect(starts.map((offset) => text[offset])).to.deep.equal(["1", "{", '"', "["]);
    expect(lineAndColumn(text, starts[1]!)).to.deep.equal({ line: 2, column: 2 });
  });

  it("firstInvalidUtf8 agrees with Buffer.isUtf8, and the decoder gives the same text however the bytes are chunked", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => new Uint8Array(Buffer.from(s))),
    );
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
        expect(firstInvalidUtf8(data) === -1).to.equal(isUtf8(data));
        // After the first KiB, where the decoder has judged the encoding and decodes each chunk as it comes.
        const pad = Buffer.alloc(1100, "a");
        const buffer = Buffer.concat([pad, data]);
        const at = [...new Set(cuts.map((c) => pad.length + (c % (data.length + 1))))].sort((a, b) => a - b);
        const decoder = new StrictUtf8Decoder("f");
        let text = "";
        let failure: EncodingError | undefined;
        try {
          let from = 0;
          for (const cut of [...at, buffer.length]) {
            text += decoder.write(buffer.subarray(from, cut));
            from = cut;
          }
          text += decoder.end();
        } catch (error) {
          failure = error as EncodingError;
        }
        if (isUtf8(buffer)) expect(text).to.equal(buffer.toString("utf8"));
        else {
          expect(failure?.offset).to.equal(firstInvalidUtf8(buffer));
          expect(text + failure!.before).to.equal(buffer.toString("utf8", 0, failure!.offset));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
