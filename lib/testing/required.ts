/**
 * `value`, or a thrown Error naming `what` when it is undefined or null: for tests that index arrays
 * (simulator routers, printed rows, stored targets) under `noUncheckedIndexedAccess`, so a missing element
 * fails the test where it is read instead of passing `undefined` on.
 * @throws Error `expected <what>, got undefined|null`
 */
export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
