/**
 * Lenient JSON for RouterOS replies. RouterOS can put raw control characters (U+0000-U+001F, e.g. a
 * tab or newline typed into a `comment`) inside JSON strings without escaping them, which
 * `JSON.parse` rejects. This escapes them inside strings and turns them into spaces between tokens,
 * then parses.
 */

/**
 * Parses a RouterOS JSON body. Tries `JSON.parse` first; on failure escapes raw control characters
 * inside string literals (and turns stray ones outside strings into spaces, so that `1<U+0001>0` stays two
 * tokens and fails instead of reading as `10`) and parses again.
 * Throws the second `SyntaxError` when the text is still not JSON.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(escapeControlCharacters(text));
  }
}

/**
 * Escapes raw U+0000-U+001F inside JSON string literals; outside strings, replaces those that are not JSON
 * whitespace (tab, line feed, carriage return) with a space, which separates tokens as they were separated.
 */
export function escapeControlCharacters(text: string): string {
  let out = "";
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (inString) {
      if (escaped) {
        escaped = false;
        out += code < 0x20 ? `\\${controlEscape(code)}` : ch;
      } else if (ch === "\\") {
        escaped = true;
        out += ch;
      } else if (ch === '"') {
        inString = false;
        out += ch;
      } else {
        out += code < 0x20 ? controlEscape(code) : ch;
      }
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else {
      out += code >= 0x20 || ch === "\n" || ch === "\r" || ch === "\t" ? ch : " ";
    }
  }
  return out;
}

function controlEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}
