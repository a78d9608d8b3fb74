/**
 * The normalised text of a report (domain spec §8): NFKC (full-width brackets, colons and digits folded), curly
 * quotes made ASCII, HTML tags and entities removed, page footers blanked. Normalisation works line by line and never
 * adds or removes a line, so every offset maps back to the line number of the source.
 */
export interface SourceText {
  /** The normalised lines joined with "\n". */
  readonly text: string;
  /** The 1-based source line of an offset into `text`. */
  lineAt(offset: number): number;
  /**
   * `text[start, end)` in the characters the source printed (full-width punctuation kept), for free text. A line
   * whose normalisation changed its length (HTML tags, footers, compatibility characters) is given normalised.
   */
  originalSlice(start: number, end: number): string;
}

const PAGE_FOOTER = /^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { "&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** Normalises one line of source text. */
export function normalizeLine(line: string): string {
  if (PAGE_FOOTER.test(line)) return "";
  return line
    .normalize("NFKC")
    .replace(HTML_TAG, " ")
    .replace(/&(?:nbsp|amp|lt|gt|quot);/g, (entity) => HTML_ENTITIES[entity] ?? entity)
    .replace(/[“”„‟]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\r$/, "")
    .replace(/\u3000/g, " ");
}

/** Builds the normalised text and its line index. */
export function createSourceText(raw: string): SourceText {
  const originals = raw.replace(/^\uFEFF/, "").split("\n").map((line) => line.replace(/\r$/, ""));
  const lines = originals.map(normalizeLine);
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (position: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= position) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  const text = lines.join("\n");
  return {
    text,
    lineAt,
    originalSlice(start: number, end: number): string {
      const pieces: string[] = [];
      for (let index = lineAt(start) - 1; index < lines.length && starts[index] < end; index += 1) {
        const from = Math.max(start - starts[index], 0);
        const to = Math.min(end - starts[index], lines[index].length);
        const source = originals[index].length === lines[index].length ? originals[index] : lines[index];
        pieces.push(source.slice(from, to));
      }
      return pieces.join("\n");
    },
  };
}

/** Removes all white space: labels are compared without it (domain spec §8 step 4). */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}
