/**
 * Splits `items` into consecutive slices of at most `size` items, in order (the last may be shorter): the batches of
 * multi-row statements, kept under the databases' bound-parameter limits, and of chunked work.
 * @throws RangeError when `size` is not a positive integer
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
