/**
 * The page of a numbered list to show: `requested` (1-based; missing, below 1 or fractional → floored
 * and at least 1) clamped to the last page, and `pageCount` = ceil(total / pageSize), at least 1 (an
 * empty list has one, empty, page). Rows to skip for the page: (page − 1) × pageSize.
 */
export function clampPage(requested: number | undefined, total: number, pageSize: number): { page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(requested ?? 1)), pageCount);
  return { page, pageCount };
}
