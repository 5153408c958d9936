/**
 * `list[index]` (negative counts from the end), or throws naming the index and the length: a test that expects an
 * element fails with a clear message when it is missing, and the value is typed without `undefined`.
 */
export function at<T>(list: readonly T[], index: number): T {
  const value = list.at(index);
  if (value === undefined) throw new Error(`expected an element at index ${index} of a list of ${list.length}`);
  return value;
}
