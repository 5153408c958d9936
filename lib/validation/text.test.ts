import { describe, expect, it } from "vitest";
import { HOSTILE_CHARACTERS, HOSTILE_EDGES } from "../testing/hostile-values";
import { safeName, safeText, textProblem } from "./text";

describe("textProblem", () => {
  it.each(HOSTILE_CHARACTERS)("refuses %s inside a name", (_label, ch) => {
    expect(textProblem(`edge${ch}1`)).not.toBeNull();
  });

  it.each(HOSTILE_EDGES)("refuses a %s", (_label, value) => {
    expect(textProblem(value)).toBe("may not start or end with a space");
  });

  it.each(["edge-par-01", "Paris DC1", "Zürich POP", "東京-1", "emoji 😀 ok", "a", "O'Brien & co (lab)", ""])("accepts %j", (value) => {
    expect(textProblem(value)).toBeNull();
  });
});

describe("safeName / safeText", () => {
  it("name the field in every message and keep the value unchanged", () => {
    const name = safeName("site", 8);
    expect(name.parse("Lyon")).toBe("Lyon");
    expect(name.safeParse("").error?.issues[0]?.message).toBe("site is required");
    expect(name.safeParse("x".repeat(9)).error?.issues[0]?.message).toBe("site is at most 8 characters");
    expect(name.safeParse("a\u202eb").error?.issues[0]?.message).toMatch(/^site may not contain invisible or direction-changing characters/);
    const comment = safeText("comment", 10);
    expect(comment.parse("")).toBe("");
    expect(comment.safeParse("a\nb").error?.issues[0]?.message).toMatch(/^comment may not contain control characters/);
  });
});
