import { lastIndexAtOrBelow } from "../sorted-search";

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

/** A header cell a converter invents for a table it found no header in: 数据1, 列2, Column3 (docs/real-text.md M19). */
export const PLACEHOLDER_CELL = /^(?:数据|列|栏|字段|表头|Column|Col|Field|Header)\s*\d{1,2}$/i;

/** A label cell numbered as a row of the template numbers it: 一、 (一) 1. */
const NUMBERED_LABEL = /^\s*(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[.、])/;

/**
 * Whether a pipe row is a header, not data: no number in it, and words in two cells or more none of which is a
 * numbered row label (| 自然人 | 法人或其他组织 | | 总计 |, | 行政复议 | | 行政诉讼 |, an invented | 项目 | 数值 |). A data row
 * whose every value is empty still has its one label, or labels numbered as the template's (（三）不予公开 | 1.…).
 */
function isHeaderRow(cells: readonly string[]): boolean {
  if (cells.some((cell) => /\d/.test(cell.replace(NUMBERED_LABEL, "")))) return false;
  const worded = cells.filter((cell) => /\p{Script=Han}/u.test(cell));
  return worded.length >= 2 && !worded.some((cell) => NUMBERED_LABEL.test(cell));
}

/** A page footer inside a table row: a cell of its own, or after a value in a cell (M13, M20). */
const FOOTER_IN_CELL = /(?:^|\s)(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;

/** A cell without the page footer a page break left in it; null when the cell was only a footer. */
function withoutFooter(cell: string): string | null {
  const cleaned = cell.replace(FOOTER_IN_CELL, "");
  return cleaned === cell ? cell : cleaned.trim() === "" ? null : ` ${cleaned.trim()} `;
}

/**
 * A pipe-table row (Markdown, or an HTML row rendered by html-text.ts) with each empty cell marked BLANK_CELL, so
 * that "| 规章 | 3 | | 5 |" keeps its blank second value (docs/real-text.md M6, M7). Empty cells before a row's
 * first label are merged label cells, not values, and are dropped; the table readers take a row's values from its
 * end, where the template puts them. A page footer in a cell is removed with its cell, and a row that held only a
 * footer is blanked (M20); a row of placeholder header cells is blanked, and a header row's empty cells are merged
 * header cells, not blanks (M19).
 */
function markBlankCells(line: string): string {
  if (PIPE_SEPARATOR.test(line)) return "";
  const split = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|");
  const cells = split.map(withoutFooter).filter((cell): cell is string => cell !== null);
  const printed = cells.filter((cell) => cell.trim() !== "");
  if (printed.length === 0 && cells.length < split.length) return "";
  if (printed.length > 0 && printed.every((cell) => PLACEHOLDER_CELL.test(cell.trim()))) return "";
  if (isHeaderRow(cells)) return cells.join("|");
  const firstLabel = cells.findIndex((cell) => /\p{Script=Han}/u.test(cell));
  return cells.map((cell, index) => (index > firstLabel && cell.trim() === "" ? ` ${BLANK_CELL} ` : cell)).join("|");
}

/** A page number on a line of its own: — 5 —, 第5页, 第5页共12页, 5/12 (docs/real-text.md). */
export const PAGE_FOOTER = /^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
/** A 第N页 footer printed at the end of a line of values (a page break inside a row of plain text, M20). */
const TRAILING_PAGE_FOOTER = /(?<=\d)\s+第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?\s*$/;
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
  const folded = line.normalize("NFKC");
  // After NFKC, so that a footer printed in full-width digits (第１页) is one too.
  if (PAGE_FOOTER.test(folded)) return "";
  const normalized = folded
    .replace(HTML_TAG, " ")
    .replace(/&(?:nbsp|amp|lt|gt|quot);/g, (entity) => HTML_ENTITIES[entity] ?? entity)
    .replace(/[“”„‟]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\r$/, "")
    .replace(/\u3000|\u00A0/g, " ");
  const marked = markUndecodable(normalized);
  return /^\s*\|/.test(marked) ? markBlankCells(marked) : marked.replace(TRAILING_PAGE_FOOTER, "");
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
    return lastIndexAtOrBelow(starts, position) + 1;
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
