import { expect } from "chai";
import fc from "fast-check";
import { entryLines, headerLine, readToken, writeToken } from "../../../provider/resources/line-text";

describe("line texts", () => {
  it("write a token bare when it reads back alone, and as a JSON string otherwise", () => {
    expect(writeToken("alice")).to.equal("alice");
    expect(writeToken("a b")).to.equal('"a b"');
    expect(writeToken("{x")).to.equal('"{x"'); // would read as a group's fields
    expect(writeToken("#x")).to.equal('"#x"'); // would read as a topic
    expect(writeToken("")).to.equal('""');
  });

  it("read back every token followed by the rest of its line", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 20 }), (token, rest) => {
        expect(readToken(`${writeToken(token)}${rest === "" ? "" : ` ${rest}`}`)).to.deep.equal({ token, rest });
      }),
    );
  });

  it("say what is wrong with a token that does not read", () => {
    expect(readToken('"open')).to.deep.equal({ problem: '"open has no closing quote' });
    expect(readToken('"\\q" x')).to.deep.equal({ problem: '"\\q" is not a JSON string' });
  });

  it("need their header, which neither JSON nor YAML accepts, and skip empty lines", () => {
    expect(headerLine("K")).to.equal("@K v1");
    expect(entryLines("@K v1\na\n\nb", "K")).to.deep.equal({
      lines: [
        { number: 2, text: "a" },
        { number: 4, text: "b" },
      ],
    });
    expect(entryLines("a\nb", "K")).to.deep.equal({
      problem: 'must start with the line "@K v1" (the resource writes this text from its arguments)',
    });
  });
});
