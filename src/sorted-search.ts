/**
 * The index of the last of `sorted` (ascending) that is at most `value`, or 0 when none is: which line, run or band an
 * offset falls in, given where each one starts. A binary search, so a lookup costs log n however long the text.
 */
export function lastIndexAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
