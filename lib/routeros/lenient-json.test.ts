import { describe, expect, it } from "vitest";
import { escapeControlCharacters, parseLenientJson } from "./lenient-json";

describe("parseLenientJson", () => {
  it("parses ordinary JSON unchanged", () => {
    expect(parseLenientJson('[{".id":"*1","name":"ether1"}]')).toEqual([{ ".id": "*1", name: "ether1" }]);
  });

  it("accepts raw control characters inside strings (a comment typed with a tab and a newline)", () => {
    const raw = '[{".id":"*1B","comment":"line1\nline2\ttab\u0001x"}]';
    expect(() => JSON.parse(raw)).toThrow();
    expect(parseLenientJson(raw)).toEqual([{ ".id": "*1B", comment: "line1\nline2\ttab\u0001x" }]);
  });

  it("keeps escaped quotes and backslashes intact around control characters", () => {
    const raw = '{"comment":"a \\"quoted\\" \\\\ path\r\n"}';
    expect(parseLenientJson(raw)).toEqual({ comment: 'a "quoted" \\ path\r\n' });
  });

  it("treats a backslash followed by a raw control character as a literal backslash", () => {
    expect(parseLenientJson('{"c":"x\\\ny"}')).toEqual({ c: "x\\\ny" });
  });

  it("turns stray control characters between tokens into spaces and keeps JSON whitespace", () => {
    expect(escapeControlCharacters('{\u0002"a":\n"b"}')).toBe('{ "a":\n"b"}');
    expect(parseLenientJson('{\u0002"a":\n"b"}')).toEqual({ a: "b" });
  });

  it("never glues two tokens together across a stray control character", () => {
    for (const text of ["1\u00010", "[1\u00022]", "tr\u0001ue", "-1\u00000"]) expect(() => parseLenientJson(text), JSON.stringify(text)).toThrow(SyntaxError);
  });

  it("still throws on text that is not JSON", () => {
    expect(() => parseLenientJson("<html>Bad Gateway</html>")).toThrow(SyntaxError);
  });
});
