import { BLANK_CELL, PLACEHOLDER_CELL, type SourceText } from "./source-text";

/** What a token of a table region is: a number, a not-applicable mark, an empty cell, or words. */
export type TokenKind = "VALUE" | "NA" | "BLANK" | "WORD";

/** A piece of a table region: a number, a not-applicable mark, or words. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  /** 0-based position of the token within its line. */
  readonly lineOffset: number;
}

/** Marks that mean "not applicable" when they fill a whole cell (docs/tables.md). */
const NA_MARKS = new Set(["/", "-", "—", "——", "－", "无", "--"]);

/**
 * A printed number, possibly signed, with decimals, or with a unit glued on (docs/real-text.md M12). A row number
 * such as "2." before a label is not a value. When a digit run is glued to the next row's number
 * ("00000002.其他法律…", docs/real-text.md M6), the first alternative stops before that number's digit.
 */
const VALUE = /[+-]?(?:\d+(?=\d[.、．]\s*\p{Script=Han})|\d+(?:\.\d+)?(?:万元|元)?(?![.、．]\s*\p{Script=Han}))/uy;
const ROW_NUMBER = /\d{1,2}[.、．](?=\s*\p{Script=Han}|$)/uy;
const WORD = /(?:[^\s\d+\uE000-]|[+-](?!\d))+/uy;

const PATTERNS: ReadonlyArray<readonly [RegExp, TokenKind]> = [
  [ROW_NUMBER, "WORD"],
  [VALUE, "VALUE"],
  [WORD, "WORD"],
];

/** The token kind and length at `position`, or null where nothing matches (a lone sign). */
function matchAt(chunk: string, position: number): readonly [TokenKind, string] | null {
  for (const [pattern, kind] of PATTERNS) {
    pattern.lastIndex = position;
    const match = pattern.exec(chunk);
    if (match && match[0].length > 0) return [kind, match[0]];
  }
  return null;
}

/**
 * Splits one white-space-free chunk into tokens; consecutive word pieces stay one token ("2." + "其他法律…"). A
 * placeholder header cell a converter invented (数据1, 列2, Column3: docs/real-text.md M19) is one word, not a
 * word and a value.
 */
function tokenizeChunk(chunk: string, start: number, line: number, lineStart: number, into: Token[]): void {
  if (PLACEHOLDER_CELL.test(chunk)) {
    into.push({ kind: "WORD", text: chunk, offset: start, line, lineOffset: start - lineStart });
    return;
  }
  if (NA_MARKS.has(chunk) || chunk === BLANK_CELL) {
    into.push({ kind: chunk === BLANK_CELL ? "BLANK" : "NA", text: chunk === BLANK_CELL ? "" : chunk, offset: start, line, lineOffset: start - lineStart });
    return;
  }
  let position = 0;
  while (position < chunk.length) {
    const found = matchAt(chunk, position);
    if (!found) {
      position += 1;
      continue;
    }
    const [kind, text] = found;
    const previous = into[into.length - 1];
    if (kind === "WORD" && previous?.kind === "WORD" && previous.offset + previous.text.length === start + position) {
      into[into.length - 1] = { ...previous, text: previous.text + text };
    } else {
      into.push({ kind, text, offset: start + position, line, lineOffset: start + position - lineStart });
    }
    position += text.length;
  }
}

/** Tokenises `source.text[from, to)`. Linear in the length of the range. */
export function tokenize(source: SourceText, from: number, to: number): Token[] {
  const region = source.text.slice(from, to);
  const tokens: Token[] = [];
  const chunk = /[^\s|]+/g; // a pipe separates cells like white space does
  for (let match = chunk.exec(region); match; match = chunk.exec(region)) {
    const offset = from + match.index;
    tokenizeChunk(match[0], offset, source.lineAt(offset), source.lineStart(offset), tokens);
  }
  return tokens;
}
