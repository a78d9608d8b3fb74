import type { SectionCode, TabularVersion } from "../domain/codes";
import { OTHER_SUB_ROWS } from "../domain/template-parts";
import { renderMarkdown, type CellValues, type ReportSpec } from "./report-writer";
import { seededRandom } from "./synthetic-reports";

/**
 * The damaged text shapes of docs/real-text.md M18–M20, made from a report's text or from its cell values by seeded
 * transforms, so that every run makes the same text: headings misprinted, truncated, split or missing (OCR); tables
 * split into small tables with invented placeholder headers (OCR → Markdown); tables whose labels were lost or moved
 * and with page footers inside their rows (weak PDF → Markdown). The values are never changed, so a transformed corpus
 * report is scored against the corpus's own expected file. Used by the fixture script and the tests.
 */

/** The six section headings as the template prints them (docs/template.md). */
const PRINTED_HEADINGS: ReadonlyArray<readonly [SectionCode, string, string]> = [
  ["S1_OVERVIEW", "一", "总体情况"],
  ["S2_PROACTIVE", "二", "主动公开政府信息情况"],
  ["S3_APPLICATIONS", "三", "收到和处理政府信息公开申请情况"],
  ["S4_REVIEW_LITIGATION", "四", "政府信息公开行政复议、行政诉讼情况"],
  ["S5_PROBLEMS", "五", "存在的主要问题及改进情况"],
  ["S6_OTHER", "六", "其他需要报告的事项"],
];

/** How a heading is damaged. */
export const HEADING_DAMAGES = [
  "STRAY_CHARACTER",
  "NO_SEPARATOR",
  "LOOKALIKE_NUMERAL",
  "WRONG_NUMERAL",
  "WIDTH_MIX",
  "SPLIT_LINE",
  "MARKDOWN",
  "TRUNCATED",
  "MISSING",
] as const;
export type HeadingDamage = (typeof HEADING_DAMAGES)[number];

/** Which damage each section's heading gets; a section not named is left as printed. */
export type HeadingDamagePlan = Partial<Record<SectionCode, HeadingDamage>>;

/** Glyphs OCR leaves inside words (strokes read as characters). */
const STRAY_GLYPHS = ["丨", "丶", "亅", "乚"];
/** Numerals as OCR misreads them (囚 for 四). */
const LOOKALIKE_NUMERALS: Readonly<Record<string, string>> = { 一: "十", 二: "工", 三: "彐", 四: "囚", 五: "王", 六: "大" };
/** The numeral before each one: a heading printed with its predecessor's number (三 for 四). */
const PREVIOUS_NUMERALS: Readonly<Record<string, string>> = { 一: "十", 二: "一", 三: "二", 四: "三", 五: "四", 六: "五" };

/** Where a stray glyph goes: inside the heading's keyword (行政复议 for section 四), else in the middle. */
function strayPosition(title: string): number {
  const keyword = title.indexOf("复议");
  return keyword >= 0 ? keyword + 1 : Math.ceil(title.length / 2);
}

/** A heading `numeral、title` as printed with `damage`. */
function damagedHeading(numeral: string, title: string, damage: HeadingDamage, random: () => number): string {
  switch (damage) {
    case "STRAY_CHARACTER": {
      const at = strayPosition(title);
      return `${numeral}、${title.slice(0, at)}${STRAY_GLYPHS[Math.floor(random() * STRAY_GLYPHS.length)]}${title.slice(at)}`;
    }
    case "NO_SEPARATOR":
      return `${numeral}${title.replace("、", "")}`;
    case "LOOKALIKE_NUMERAL":
      return `${LOOKALIKE_NUMERALS[numeral]}、${title}`;
    case "WRONG_NUMERAL":
      return `${PREVIOUS_NUMERALS[numeral]}、${title}`;
    case "WIDTH_MIX":
      return `${numeral}，${title.replace("、", ",")}`;
    case "SPLIT_LINE": {
      const at = Math.ceil(title.length / 2);
      return `${numeral}、${title.slice(0, at)}\n${title.slice(at)}`;
    }
    case "MARKDOWN":
      return random() < 0.5 ? `## ${numeral} ${title}` : `**${numeral}、${title}**`;
    case "TRUNCATED":
      return `${numeral}、${title.slice(0, title.length - Math.min(3, Math.floor(title.length / 4)))}`;
    case "MISSING":
      return "";
  }
}

/**
 * A report's text with its section headings damaged as `plan` says. Every printed occurrence of a heading is
 * damaged (a report that prints a heading twice prints the damage twice); the rest of the text is unchanged.
 */
export function damageHeadings(text: string, plan: HeadingDamagePlan, seed: number): string {
  const random = seededRandom(seed);
  let damaged = text;
  for (const [code, numeral, title] of PRINTED_HEADINGS) {
    const damage = plan[code];
    if (!damage) continue;
    const heading = `${numeral}、${title}`;
    if (!damaged.includes(heading)) throw new Error(`the text does not print the heading ${heading}`);
    damaged = damaged.split(heading).join(damagedHeading(numeral, title, damage, random));
  }
  return damaged;
}

/** A plan that damages every heading, each section a different way, drawn from the seed. */
export function headingDamagePlan(seed: number): HeadingDamagePlan {
  const random = seededRandom(seed);
  const damages = [...HEADING_DAMAGES];
  for (let index = damages.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [damages[index], damages[other]] = [damages[other], damages[index]];
  }
  return Object.fromEntries(PRINTED_HEADINGS.map(([code], index) => [code, damages[index]]));
}

/** A corpus expected file's values as a spec to render. */
export interface ExpectedReport {
  readonly agencyName: string;
  readonly year: number;
  readonly templateVersion: TabularVersion;
  readonly cells: ReadonlyArray<{ readonly table: string; readonly row: string; readonly column: string; readonly value: number }>;
}

/** The spec of an expected file: its values, （六） split when its cells name the sub-rows. */
export function specOfExpected(expected: ExpectedReport): ReportSpec {
  const values: CellValues = new Map(expected.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value]));
  const otherSplit = expected.cells.some((cell) => cell.table === "APPLICATIONS" && OTHER_SUB_ROWS.includes(cell.row));
  return { agency: expected.agencyName, year: expected.year, version: expected.templateVersion, otherSplit, values };
}

const isPipeRow = (line: string) => line.trimStart().startsWith("|");
const isSeparator = (line: string) => /^\|(?:\s*---\s*\|)+$/.test(line.trim());
const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());
const pipe = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const separator = (width: number) => pipe(Array.from({ length: width }, () => "---"));

/** A rendered Markdown report cut into its sections' lines, by the `## ` headings renderMarkdown writes. */
interface MarkdownParts {
  readonly before: string[];
  readonly proactive: string[];
  readonly applications: string[];
  readonly review: string[];
  readonly after: string[];
}

function markdownParts(markdown: string): MarkdownParts {
  const lines = markdown.split("\n");
  const at = (numeral: string) => lines.findIndex((line) => line.startsWith(`## ${numeral}、`));
  const [two, three, four, five] = ["二", "三", "四", "五"].map(at);
  return {
    before: lines.slice(0, two + 1),
    proactive: lines.slice(two + 1, three),
    applications: lines.slice(three, four),
    review: lines.slice(four, five),
    after: lines.slice(five),
  };
}

function joinParts(parts: MarkdownParts): string {
  return [...parts.before, ...parts.proactive, ...parts.applications, ...parts.review, ...parts.after].join("\n");
}

/** The placeholder header rows converters invent for a table they found no header in. */
const PLACEHOLDER_STYLES = ["数据", "列", "Column"] as const;

function placeholderHeader(width: number, random: () => number): string[] {
  const style = PLACEHOLDER_STYLES[Math.floor(random() * PLACEHOLDER_STYLES.length)];
  return [pipe(Array.from({ length: width }, (_, index) => `${style}${index + 1}`)), separator(width)];
}

/** A table's rows without its separator rows. */
const withoutSeparators = (rows: readonly string[]) => rows.filter((row) => !isSeparator(row));

/** Splits the lines of a section into its text lines and tables (runs of pipe rows), in order. */
function blocks(lines: readonly string[]): Array<{ table: boolean; lines: string[] }> {
  const result: Array<{ table: boolean; lines: string[] }> = [];
  for (const line of lines) {
    const table = isPipeRow(line);
    const last = result[result.length - 1];
    if (last && last.table === table) last.lines.push(line);
    else result.push({ table, lines: [line] });
  }
  return result;
}

/** Section 三's data rows grouped as the template groups them: a group starts where a label cell names a group. */
function rowGroups(rows: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const row of rows) {
    const [top, group] = cellsOf(row);
    if (top !== "" || group !== "" || groups.length === 0) groups.push([row]);
    else groups[groups.length - 1].push(row);
  }
  return groups;
}

/** The invented header rows an OCR converter puts in mid-table: a repeated header, or a generic one. */
function inventedHeader(header: readonly string[], random: () => number): string[] {
  return random() < 0.5 ? [header[random() < 0.5 ? 0 : 1]] : [pipe(["项目", "数值"])];
}

/**
 * An OCR → Markdown conversion (docs/real-text.md M19): every section 二 sub-table and every section 三 row group is
 * its own small table under a placeholder header (| 数据1 | 数据2 | …, | 列1 | …, | Column1 | …), or section 三 is
 * cut into three tables; an invented header row stands in mid-table; section 四 is split into three tables with blank
 * lines between them.
 */
export function renderSplitMarkdown(spec: ReportSpec, seed: number): string {
  const random = seededRandom(seed);
  const parts = markdownParts(renderMarkdown(spec));
  const proactive = blocks(parts.proactive).flatMap((block) => {
    if (!block.table) return block.lines;
    const rows = withoutSeparators(block.lines);
    return [...placeholderHeader(cellsOf(rows[0]).length, random), ...rows];
  });
  const applications = blocks(parts.applications).flatMap((block) => (block.table ? splitApplications(block.lines, random) : block.lines));
  const review = blocks(parts.review).flatMap((block) => (block.table ? splitReview(block.lines, random) : block.lines));
  return joinParts({ ...parts, proactive, applications, review });
}

function splitApplications(table: readonly string[], random: () => number): string[] {
  const rows = withoutSeparators(table);
  const header = rows.slice(0, 3);
  const width = cellsOf(header[0]).length;
  const groups = rowGroups(rows.slice(3));
  const pieces =
    random() < 0.5
      ? groups
      : [groups.slice(0, Math.ceil(groups.length / 2)).flat(), groups.slice(Math.ceil(groups.length / 2)).flat()].filter((piece) => piece.length > 0);
  const invented = 1 + Math.floor(random() * (pieces.length - 1));
  const lines = [header[0], separator(width), ...header.slice(1)];
  pieces.forEach((piece, index) => {
    const body = [...piece];
    if (index === invented) body.splice(Math.floor(body.length / 2), 0, ...inventedHeader(header.slice(1), random));
    lines.push("", ...placeholderHeader(width, random), ...body);
  });
  return lines;
}

function splitReview(table: readonly string[], random: () => number): string[] {
  const rows = withoutSeparators(table);
  const width = cellsOf(rows[0]).length;
  return [
    rows[0],
    separator(width),
    "",
    ...placeholderHeader(width, random),
    ...rows.slice(1, rows.length - 1),
    "",
    ...placeholderHeader(width, random),
    rows[rows.length - 1],
  ];
}

/** Page footers as a page break leaves them inside a table. */
const FOOTERS = ["— 5 —", "- 5 -", "第5页", "第 5 页 共 9 页"];

/** What a weak PDF → Markdown conversion does to one row of section 三. */
const ROW_DAMAGES = ["DROP_LABEL", "FLOAT_LABEL_UP", "LABEL_IN_CELL", "FOOTER_CELL", "FOOTER_IN_CELL", "FOOTER_ROW"] as const;
type RowDamage = (typeof ROW_DAMAGES)[number];

/** How many rows of section 三 get each damage. */
const ROW_DAMAGE_COUNTS: Readonly<Record<RowDamage, number>> = {
  DROP_LABEL: 4,
  FLOAT_LABEL_UP: 2,
  LABEL_IN_CELL: 1,
  FOOTER_CELL: 1,
  FOOTER_IN_CELL: 1,
  FOOTER_ROW: 1,
};

const LABEL_CELLS = 3;

/** Draws which rows get which damage: distinct rows, the first data row never floating its label up. */
function rowDamages(rowCount: number, random: () => number): Map<number, RowDamage> {
  const plan = new Map<number, RowDamage>();
  for (const damage of ROW_DAMAGES) {
    for (let placed = 0; placed < ROW_DAMAGE_COUNTS[damage];) {
      const row = Math.floor(random() * rowCount);
      if (plan.has(row) || (damage === "FLOAT_LABEL_UP" && (row === 0 || plan.has(row - 1)))) continue;
      plan.set(row, damage);
      placed += 1;
    }
  }
  return plan;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** Applies the damage plan to section 三's data rows, as cell arrays, plus the footer rows inserted after some. */
function garbleRows(rows: string[][], plan: ReadonlyMap<number, RowDamage>, random: () => number): string[][] {
  const out = rows.map((cells) => [...cells]);
  const footerAfter = new Set<number>();
  const labelOf = (cells: readonly string[]) => cells.slice(0, LABEL_CELLS).filter(Boolean).join(" ");
  for (const [index, damage] of [...plan].sort(([a], [b]) => a - b)) {
    const cells = out[index];
    const values = cells.slice(LABEL_CELLS);
    const valueAt = 1 + Math.floor(random() * (values.length - 2));
    if (damage === "DROP_LABEL") out[index] = [...Array.from({ length: LABEL_CELLS }, () => ""), ...values];
    else if (damage === "FLOAT_LABEL_UP") {
      const previous = out[index - 1];
      const target = previous.slice(0, LABEL_CELLS).reduce((last, cell, at) => (cell ? at : last), LABEL_CELLS - 1);
      previous[target] = `${previous[target]} ${labelOf(cells)}`.trim();
      out[index] = [...Array.from({ length: LABEL_CELLS }, () => ""), ...values];
    } else if (damage === "LABEL_IN_CELL") {
      out[index] = [`${labelOf(cells)} ${values[0]}`, ...values.slice(1), ...Array.from({ length: LABEL_CELLS }, () => "")];
    } else if (damage === "FOOTER_CELL") out[index] = [...cells.slice(0, LABEL_CELLS + valueAt), pick(FOOTERS.slice(0, 2), random), ...values.slice(valueAt)];
    else if (damage === "FOOTER_IN_CELL") cells[LABEL_CELLS + valueAt] = `${values[valueAt]} ${pick(FOOTERS, random)}`;
    else footerAfter.add(index);
  }
  return out.flatMap((cells, index) => (footerAfter.has(index) ? [cells, [pick(FOOTERS, random), "", ""]] : [cells]));
}

/** Header cells broken into fragments (申请人 | 情况, 自 | 然人), as a weak conversion cuts a stacked header. */
function fragmentHeader(row: string): string {
  return pipe(
    cellsOf(row).flatMap((cell) =>
      cell.length >= 3 && !cell.startsWith("（") ? [cell.slice(0, Math.ceil(cell.length / 2)), cell.slice(Math.ceil(cell.length / 2))] : [cell],
    ),
  );
}

/**
 * A weak PDF → Markdown conversion (docs/real-text.md M20): section 三's header in fragments; some rows without their
 * labels, labels moved up into the row before or into a value cell (the row's values shifted left), page footers as
 * an extra cell, inside a cell and as a row of their own; section 四's header in fragments, a footer among its values
 * and, on some seeds, its values printed one group per row with a group's label lost.
 */
export function renderGarbledMarkdown(spec: ReportSpec, seed: number): string {
  const random = seededRandom(seed);
  const parts = markdownParts(renderMarkdown(spec));
  const applications = blocks(parts.applications).flatMap((block) => (block.table ? garbleApplications(block.lines, random) : block.lines));
  const review = blocks(parts.review).flatMap((block) => (block.table ? garbleReview(block.lines, random) : block.lines));
  return joinParts({ ...parts, applications, review });
}

function garbleApplications(table: readonly string[], random: () => number): string[] {
  const [first, separatorRow, ...rest] = table;
  const header = rest.slice(0, 2).map(fragmentHeader);
  const rows = rest.slice(2).map(cellsOf);
  const garbled = garbleRows(rows, rowDamages(rows.length, random), random);
  return [fragmentHeader(first), separatorRow, ...header, ...garbled.map(pipe)];
}

function garbleReview(table: readonly string[], random: () => number): string[] {
  const rows = withoutSeparators(table);
  const values = cellsOf(rows[rows.length - 1]);
  const header = rows.slice(0, rows.length - 1).map(fragmentHeader);
  const width = cellsOf(rows[0]).length;
  if (random() < 0.5) {
    const at = 1 + Math.floor(random() * (values.length - 2));
    return [header[0], separator(width), ...header.slice(1), pipe([...values.slice(0, at), pick(FOOTERS.slice(0, 2), random), ...values.slice(at)])];
  }
  const groups = ["行政复议", "未经复议直接起诉", "复议后起诉"].map((label, index) => [label, ...values.slice(index * 5, (index + 1) * 5)]);
  groups[1 + Math.floor(random() * 2)][0] = "";
  return [header[0], separator(width), ...header.slice(1), pipe(groups[0]), pipe([pick(FOOTERS, random)]), ...groups.slice(1).map(pipe)];
}

/**
 * A report printed as plain text lines (pdftotext) with some section 三 rows' labels lost, a label carried to the end
 * of the row before, and a page footer glued to a row: the numbers keep their rows and order.
 */
export function garbleTextRows(text: string, seed: number): string {
  const random = seededRandom(seed);
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /新收/.test(line) && /\d/.test(line));
  const end = lines.findIndex((line, index) => index > start && /结转下年/.test(line));
  const labelled = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line, index }) => index > start && index < end && /^\s*\d\.\S+(?:\s+\d+){7}\s*$/.test(line));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(5, labelled.length)) chosen.add(labelled[Math.floor(random() * labelled.length)].index);
  const [floated, footed, ...dropped] = [...chosen];
  const label = (line: string) => /^\s*(\S+)/.exec(line)![1];
  const values = (line: string) => line.replace(/^\s*\S+/, "").trim();
  for (const index of dropped) lines[index] = values(lines[index]);
  lines[floated - 1] = `${lines[floated - 1]} ${label(lines[floated])}`;
  lines[floated] = values(lines[floated]);
  lines[footed] = `${lines[footed]} ${pick(FOOTERS.slice(2), random)}`;
  return lines.join("\n");
}

/** One fixture file of a shape: its name, its text, and the corpus report whose expected values it keeps. */
export interface ShapeFixture {
  readonly file: string;
  readonly text: string;
  readonly corpus: string;
}

/** A shape's fixture folder under tests/fixtures/shapes/, with the manifest's one-line description. */
export interface ShapeFolder {
  readonly folder: string;
  readonly description: string;
  readonly fixtures: readonly ShapeFixture[];
}

/** Reads a corpus report: its text and its hand-checked expected file. */
export type CorpusReader = (name: string) => { readonly text: string; readonly expected: ExpectedReport };

/** The corpus reports transformed: both template versions, both （六） layouts, text in lines and in one line. */
const CORPUS_REPORTS = ["huaian-city-2024", "hongze-district-2023", "hongze-district-2024", "pingtan-2019", "chuanhui-2020"];

/** The fixtures of the three text shapes, each made from the corpus by a seeded transform. */
export function textShapeFolders(corpus: CorpusReader): ShapeFolder[] {
  const seedOf = (name: string, variant: number) => [...name].reduce((hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0, variant);
  const headings = [
    ...CORPUS_REPORTS.map((name) => ({ name, file: `${name}.txt`, seed: seedOf(name, 1) })),
    ...["huaian-city-2024", "pingtan-2019"].map((name) => ({ name, file: `${name}-second.txt`, seed: seedOf(name, 2) })),
  ];
  return [
    {
      folder: "headings-damaged",
      description: "corpus reports with every section heading misprinted, truncated, split, decorated or left out (OCR)",
      fixtures: headings.map(({ name, file, seed }) => ({
        file,
        corpus: name,
        text: damageHeadings(corpus(name).text, headingDamagePlan(seed), seed),
      })),
    },
    {
      folder: "markdown-split",
      description: "corpus values as OCR → Markdown: small tables under placeholder headers (数据1, 列1, Column1), invented header rows, split tables",
      fixtures: CORPUS_REPORTS.map((name) => ({
        file: `${name}.md`,
        corpus: name,
        text: renderSplitMarkdown(specOfExpected(corpus(name).expected), seedOf(name, 3)),
      })),
    },
    {
      folder: "markdown-garbled",
      description: "corpus values as weak PDF → Markdown: labels lost or moved, header fragments, page footers inside table rows",
      fixtures: [
        ...CORPUS_REPORTS.map((name) => ({
          file: `${name}.md`,
          corpus: name,
          text: renderGarbledMarkdown(specOfExpected(corpus(name).expected), seedOf(name, 4)),
        })),
        ...["hongze-district-2023", "hongze-district-2024"].map((name) => ({
          file: `${name}-lines.txt`,
          corpus: name,
          text: garbleTextRows(corpus(name).text, seedOf(name, 5)),
        })),
      ],
    },
  ];
}
