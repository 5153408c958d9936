import { z } from "zod";

/**
 * Checks of free-form names and comments (device, site and RouterOS user names, RouterOS object names and comments,
 * interface-list names, router-network comments). Refused, never silently cleaned: control characters (C0, DEL, C1:
 * NUL, line breaks, escapes), characters that hide or reorder text (bidi embeddings and overrides U+202A-U+202E,
 * isolates U+2066-U+2069, the marks U+200E, U+200F, U+061C, zero-width space U+200B, BOM U+FEFF), the Unicode line
 * and paragraph separators (U+2028, U+2029), unpaired UTF-16 surrogates, and leading or trailing whitespace.
 * Client-safe (no node: imports).
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /\p{Cs}/u;
const EDGE_SPACE = /^\s|\s$/;

/**
 * What is wrong with a name or comment (`"may not contain control characters (NUL, line breaks, ...)"`), or null
 * when it is acceptable. The empty string is acceptable here (required-ness is the schema's job).
 */
export function textProblem(value: string): string | null {
  if (CONTROL.test(value)) return "may not contain control characters (NUL, line breaks, tabs, escapes)";
  if (INVISIBLE.test(value)) return "may not contain invisible or direction-changing characters (U+202A-U+202E, U+2066-U+2069, U+200B-U+200F, U+061C, U+FEFF)";
  if (LONE_SURROGATE.test(value)) return "is not valid Unicode text";
  if (EDGE_SPACE.test(value)) return "may not start or end with a space";
  return null;
}

/**
 * A required name of at most `max` characters that passes {@link textProblem}; messages start with `label`
 * (`"device name may not start or end with a space"`).
 */
export function safeName(label: string, max: number) {
  return z
    .string()
    .min(1, `${label} is required`)
    .max(max, `${label} is at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
    });
}

/** Optional free text (a comment) of at most `max` characters that passes {@link textProblem}; may be empty. */
export function safeText(label: string, max: number) {
  return z
    .string()
    .max(max, `${label} is at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
    });
}
