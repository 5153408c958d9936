import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MONTHS, formatRouterOsDuration, parseRouterOsDate, parseRouterOsDuration, routerOsDuration } from "./routeros";
import { MANY, accepted, candidates, padding, stringFrom } from "./testdata/arbitraries";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): durations and dates.
 * Shared generators, and how the properties are built: lib/validation/testdata/arbitraries.ts.
 */

describe("durations", () => {
  const UNIT_SECONDS = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;

  it("round-trips: parse(format(n)) = n for whole seconds", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100_000 })), (n) => {
        expect(parseRouterOsDuration(formatRouterOsDuration(n))).toBe(n);
      }),
      MANY,
    );
  });

  it("formats canonically (each unit once, in order, below the next unit, no leading zeros) and drops fractions", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e12, noNaN: true }), (x) => {
        const text = formatRouterOsDuration(x);
        const expected = Math.max(0, Math.floor(x));
        expect(parseRouterOsDuration(text)).toBe(expected);
        if (expected === 0) {
          expect(text).toBe("0s");
          return;
        }
        const m = /^(?:([1-9]\d*)w)?(?:([1-9]\d*)d)?(?:([1-9]\d*)h)?(?:([1-9]\d*)m)?(?:([1-9]\d*)s)?$/.exec(text);
        expect(m).not.toBeNull();
        const [, , d, h, mi, s] = m ?? [];
        if (d !== undefined) expect(Number(d)).toBeLessThan(7);
        if (h !== undefined) expect(Number(h)).toBeLessThan(24);
        if (mi !== undefined) expect(Number(mi)).toBeLessThan(60);
        if (s !== undefined) expect(Number(s)).toBeLessThan(60);
      }),
      MANY,
    );
  });

  it("parses every well-formed RouterOS duration (units in order, or [w][d] hh:mm:ss) to its number of seconds", () => {
    const unitForm = fc
      .record({
        w: fc.option(fc.nat(500)),
        d: fc.option(fc.nat(6)),
        h: fc.option(fc.nat(23)),
        m: fc.option(fc.nat(59)),
        s: fc.option(fc.nat(59)),
        ms: fc.option(fc.nat(999)),
      })
      .filter((r) => Object.values(r).some((v) => v !== null))
      .map((r) => ({
        text: (["w", "d", "h", "m", "s", "ms"] as const).map((u) => (r[u] === null ? "" : `${r[u]}${u}`)).join(""),
        seconds: (r.w ?? 0) * UNIT_SECONDS.w + (r.d ?? 0) * UNIT_SECONDS.d + (r.h ?? 0) * 3_600 + (r.m ?? 0) * 60 + (r.s ?? 0) + (r.ms ?? 0) / 1000,
      }));
    const two = (n: number) => String(n).padStart(2, "0");
    const clockForm = fc
      .record({
        w: fc.option(fc.nat(500)),
        d: fc.option(fc.nat(6)),
        space: fc.boolean(),
        h: fc.nat(23),
        hWidth: fc.constantFrom(1, 2),
        m: fc.nat(59),
        s: fc.nat(59),
        frac: fc.option(fc.nat(999)),
      })
      .map((r) => ({
        text:
          `${r.w === null ? "" : `${r.w}w`}${r.d === null ? "" : `${r.d}d`}${r.space ? " " : ""}` +
          `${String(r.h).padStart(r.hWidth, "0")}:${two(r.m)}:${two(r.s)}${r.frac === null ? "" : `.${String(r.frac).padStart(3, "0")}`}`,
        seconds: (r.w ?? 0) * UNIT_SECONDS.w + (r.d ?? 0) * UNIT_SECONDS.d + r.h * 3_600 + r.m * 60 + r.s + (r.frac ?? 0) / 1000,
      }));
    fc.assert(
      fc.property(fc.oneof(unitForm, clockForm), padding, ({ text, seconds }, pad) => {
        const parsed = parseRouterOsDuration(pad + text + pad);
        expect(parsed).not.toBeNull();
        expect(Math.abs((parsed ?? NaN) - seconds)).toBeLessThan(1e-6);
        expect(routerOsDuration.parse(text)).toBe(parsed);
      }),
      MANY,
    );
  });

  const durationCandidates = fc.oneof(
    stringFrom("0123456789wdhms:. ", 16),
    fc.tuple(fc.integer({ min: 15, max: 400 }), fc.constantFrom("w", "d", "h", "m", "s", "ms", "")).map(([n, u]) => `${"9".repeat(n)}${u}`),
    fc
      .array(fc.tuple(fc.nat(99), fc.constantFrom("w", "d", "h", "m", "s", "ms")), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([n, u]) => `${n}${u}`).join("")),
    fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([h, m, s]) => `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`),
  );

  it("never throws: returns null or a finite number of seconds >= 0, and routerOsDuration agrees", () => {
    fc.assert(
      fc.property(durationCandidates, (s) => {
        const parsed = parseRouterOsDuration(s);
        if (parsed !== null) {
          expect(Number.isFinite(parsed)).toBe(true);
          expect(parsed).toBeGreaterThanOrEqual(0);
        }
        const r = accepted(routerOsDuration, s);
        expect(r.ok).toBe(parsed !== null);
        if (r.ok) expect(r.data).toBe(parsed);
      }),
      MANY,
    );
  });

  it("accepts only the documented grammar: units at most once each, in order w d h m s ms, or a clock with minutes and seconds below 60", () => {
    const strict = /^(?:\d+(?:\.\d+)?w)?(?:\d+(?:\.\d+)?d)?(?:\d+(?:\.\d+)?h)?(?:\d+(?:\.\d+)?m)?(?:\d+(?:\.\d+)?s)?(?:\d+(?:\.\d+)?ms)?$/;
    const clock = /^(?:\d+w)?(?:\d+d)?\s*\d{1,2}:([0-5]\d):([0-5]\d(?:\.\d+)?)$/;
    fc.assert(
      fc.property(durationCandidates, (s) => {
        const t = s.trim();
        if (parseRouterOsDuration(s) !== null) expect(strict.test(t) || clock.test(t)).toBe(true);
      }),
      MANY,
    );
  });
});

describe("dates", () => {
  const two = (n: number) => String(n).padStart(2, "0");
  const four = (n: number) => String(n).padStart(4, "0");
  const wholeSeconds = fc
    .date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

  /** RouterOS v7 form (`2020-12-04 13:01:02`, also with `T`, or the date alone at midnight). */
  function isoText(d: Date, sep: string, withTime: boolean): string {
    const date = `${four(d.getUTCFullYear())}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
    return withTime ? `${date}${sep}${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
  }

  /** RouterOS v6 form (`dec/04/2020 13:01:02`, or the date alone at midnight). */
  function v6Text(d: Date, withTime: boolean): string {
    const date = `${MONTHS[d.getUTCMonth()]}/${two(d.getUTCDate())}/${four(d.getUTCFullYear())}`;
    return withTime ? `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
  }

  it("round-trips every UTC date-time of years 0000-9999 in the v7 ISO and v6 forms", () => {
    fc.assert(
      fc.property(wholeSeconds, fc.constantFrom(" ", "T"), fc.boolean(), fc.boolean(), (d, sep, withTime, upper) => {
        const expected = new Date(d);
        if (!withTime) expected.setUTCHours(0, 0, 0, 0);
        expect(parseRouterOsDate(isoText(d, sep, withTime))?.toISOString()).toBe(expected.toISOString());
        const v6 = v6Text(d, withTime);
        expect(parseRouterOsDate(upper ? v6.toUpperCase() : v6)?.toISOString()).toBe(expected.toISOString());
      }),
    );
  });

  /** Days in `month` (1-12) of `year`, Gregorian. */
  function daysIn(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
  }

  it("accepts a date only when month, day, hour, minute and second are in range, and then means exactly them", () => {
    const fields = fc.record({
      y: fc.integer({ min: 1900, max: 2100 }),
      mo: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      time: fc.option(fc.record({ h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 61 }), s: fc.integer({ min: 0, max: 61 }) })),
      v6: fc.boolean(),
    });
    fc.assert(
      fc.property(fields, ({ y, mo, d, time, v6 }) => {
        const monthText = v6 ? (mo >= 1 && mo <= 12 ? MONTHS[mo - 1] : "xyz") : two(mo);
        const dateText = v6 ? `${monthText}/${two(d)}/${four(y)}` : `${four(y)}-${monthText}-${two(d)}`;
        const text = time ? `${dateText} ${two(time.h)}:${two(time.mi)}:${two(time.s)}` : dateText;
        const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && (!time || (time.h < 24 && time.mi < 60 && time.s < 60));
        const parsed = parseRouterOsDate(text);
        expect(parsed !== null).toBe(valid);
        if (parsed) expect(parsed.getTime()).toBe(Date.UTC(y, mo - 1, d, time?.h ?? 0, time?.mi ?? 0, time?.s ?? 0));
      }),
      MANY,
    );
  });

  it("never throws on hostile text and returns null or a valid Date", () => {
    const dateCandidates = fc.oneof(
      candidates(
        wholeSeconds.map((d) => isoText(d, " ", true)),
        "0123456789-: T",
        24,
      ),
      candidates(
        wholeSeconds.map((d) => v6Text(d, true)),
        "0123456789/: abcdefghijklmnopqrstuvwxyz",
        24,
      ),
    );
    fc.assert(
      fc.property(dateCandidates, (s) => {
        const parsed = parseRouterOsDate(s);
        if (parsed !== null) expect(Number.isNaN(parsed.getTime())).toBe(false);
      }),
      MANY,
    );
  });
});
