/**
 * The normalised text of a report (docs/real-text.md): NFKC (full-width brackets, colons and digits folded), curly
 * quotes made ASCII, HTML tags and entities removed, page footers blanked. Normalisation works line by line and never
 * adds or removes a line, so every offset maps back to the line number of the source.
 */
export interface SourceText {
  /** The normalised lines joined with "\n". */
  readonly text: string;
  /** The 1-based source line of an offset into `text`. */
  lineAt(offset: number): number;
  /** The offset at which the line holding `offset` starts. */
  lineStart(offset: number): number;
  /**
   * `text[start, end)` in the characters the source printed (full-width punctuation kept), for free text. A line
   * whose normalisation changed its length (HTML tags, footers, compatibility characters) is given normalised.
   */
  originalSlice(start: number, end: number): string;
}

/** Stands for an empty table cell (a pipe-table or HTML cell with nothing in it), so that it keeps its position. */
export const BLANK_CELL = "\uE000";

/** A Markdown separator row: | --- | :---: | */
const PIPE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * A pipe-table row (Markdown, or an HTML row rendered by html-text.ts) with each empty cell marked BLANK_CELL, so
 * that "| 规章 | 3 | | 5 |" keeps its blank second value (docs/real-text.md M6, M7). Empty cells before a row's
 * first label are merged label cells, not values, and are dropped; the table readers take a row's values from its
 * end, where the template puts them.
 */
function markBlankCells(line: string): string {
  if (PIPE_SEPARATOR.test(line)) return "";
  const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|");
  const firstLabel = cells.findIndex((cell) => /\p{Script=Han}/u.test(cell));
  return cells.map((cell, index) => (index > firstLabel && cell.trim() === "" ? ` ${BLANK_CELL} ` : cell)).join("|");
}

const PAGE_FOOTER = /^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { "&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** Characters that only Traditional Chinese uses, common in report labels (docs/real-text.md M11). */
const TRADITIONAL = /[開關資處請條項總計結轉辦區縣與為實際應發門網規範許對費業採購權屬類執詢現製補確訪舉報訴複獲題數廢決強罰額萬]/;

/** Taiwan wording of the template's words (docs/real-text.md M11), applied after the character conversion. */
const TAIWAN_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/资讯/g, "信息"],
  [/资料/g, "数据"],
  [/档案/g, "文件"],
  [/入口网站/g, "门户网站"],
  [/网路/g, "网络"],
];

let traditionalConverter: ((text: string) => string) | null = null;

/**
 * Converts a Traditional-Chinese line to Simplified character by character (OpenCC; its phrase tables would also
 * rewrite 查詢 as 查找) and the template's words from Taiwan usage; a Simplified line is left alone.
 */
function toSimplified(line: string): string {
  if (!TRADITIONAL.test(line)) return line;
  if (!traditionalConverter) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require("opencc-js") as { Converter(options: { from: string; to: string }): (text: string) => string };
    traditionalConverter = OpenCC.Converter({ from: "tw", to: "cn" });
  }
  return TAIWAN_WORDS.reduce((text, [word, mainland]) => text.replace(word, mainland), traditionalConverter!(line));
}

/**
 * Stands for a table cell whose printed text could not be decoded: a number with a U+FFFD in it ("9\uFFFD87", a byte
 * of a UTF-8 report that was not valid) or a U+FFFD alone where a digit or a mark was. It is a full-width
 * hyphen-minus, which NFKC folds to "-" before this is applied, so it never stands for anything printed; the
 * tokenizer reads it as a cell of its own (it is one of its not-applicable marks) and readToken as ILLEGIBLE, so
 * the cell keeps its position in its row and no number is made up from the digits around the bad byte.
 */
export const UNDECODABLE_CELL = "\uFF0D";

/** A cell made only of digits, separators and undecodable characters, with a unit perhaps. */
const DAMAGED_CELL = /^[+-]?[\d.,\uFFFD]*(?:万元|元)?$/;
/** A damaged number glued to the end of a label ("行政许可9\uFFFD87"). */
const DAMAGED_TAIL = /(?<=\p{Script=Han})[\d.,\uFFFD]*\uFFFD[\d.,\uFFFD]*(?:万元|元)?$/u;

/**
 * Replaces each damaged number of a line (and a lone U+FFFD of up to three, one damaged character) with
 * UNDECODABLE_CELL. A U+FFFD inside words (a damaged label) is left: the label then does not match and the row is
 * reported missing, which says as much.
 */
function markUndecodable(line: string): string {
  if (!line.includes("\uFFFD")) return line;
  return line.replace(/[^\s|]+/g, (chunk) => {
    if (!chunk.includes("\uFFFD")) return chunk;
    if (DAMAGED_CELL.test(chunk) && (/\d/.test(chunk) || chunk.length <= 3)) return UNDECODABLE_CELL;
    return chunk.replace(DAMAGED_TAIL, (tail) => (/\d/.test(tail) ? ` ${UNDECODABLE_CELL}` : tail));
  });
}

/** Normalises one line of source text. */
export function normalizeLine(line: string): string {
  if (PAGE_FOOTER.test(line)) return "";
  const normalized = line
    .normalize("NFKC")
    .replace(HTML_TAG, " ")
    .replace(/&(?:nbsp|amp|lt|gt|quot);/g, (entity) => HTML_ENTITIES[entity] ?? entity)
    .replace(/[“”„‟]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\r$/, "")
    .replace(/\u3000|\u00A0/g, " ");
  const marked = markUndecodable(normalized);
  return /^\s*\|/.test(marked) ? markBlankCells(marked) : marked;
}

/** Builds the normalised text and its line index. */
export function createSourceText(raw: string): SourceText {
  const originals = raw
    .replace(/^\uFEFF/, "")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""));
  const lines = originals.map((line) => normalizeLine(toSimplified(line)));
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
    lineStart: (position: number) => starts[lineAt(position) - 1],
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

/** Removes all white space: labels are compared without it (docs/real-text.md step 4). */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}
