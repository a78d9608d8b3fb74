import type { TabularVersion } from "../domain/codes";
import { formatCellCode } from "../domain/cell";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, LEGAL_PERSON_GROUP, getTable, type ColumnDefinition, type TableDefinition } from "../domain/template-catalog";
import { headerLabelWithUnit } from "../domain/units";
import {
  APPLICATIONS_PRINTED_COLUMNS,
  LEGAL_PERSON_COLUMNS,
  PROACTIVE_TABLES,
  RESULTS_ROW,
  REVIEW_LITIGATION_CELLS,
  applicationsLayout,
} from "../domain/template-parts";
import type { CellValues, ReportSpec } from "./report-writer";

/**
 * A report as an HTML page made to be printed to PDF, with real ruled tables laid out as the template lays them out:
 * section 二's sub-tables with their caption rows, section 三's three header rows (申请人情况 over 自然人, the five
 * 法人或其他组织 columns and 总计) and its label columns merged down the outcome groups, section 四's two header rows
 * over its one row of 15 values. A null value is printed as an empty cell, as many agencies print their zeros. The
 * look (page size, font, rules, whether section 三's header repeats on every page) is a `PrintLook`, so that one
 * report can be printed the way a web page and the way a word processor would print it. Used to make the PDF
 * fixtures of scripts/make-pdf-fixtures.ts; never part of serving data.
 */
export interface PrintLook {
  /** CSS `@page` size, e.g. "A4" or "170mm 240mm". */
  readonly page: string;
  /** CSS `@page` margin. */
  readonly margin: string;
  /**
   * A TrueType CJK font, which Chromium embeds as a subset (an OpenType-CFF one, such as Noto CJK, it embeds as Type 3
   * glyph programs, several times larger).
   */
  readonly fontFamily: string;
  readonly fontSize: string;
  /** The CSS border of every table cell, e.g. "1px solid #000". */
  readonly rule: string;
  /** Whether section 三's header rows are a <thead>, which a browser repeats on every page the table runs onto. */
  readonly repeatHeader: boolean;
  /** All of section 二's sub-tables in one table, one caption row each (as a word processor's copy of the template). */
  readonly oneProactiveTable: boolean;
  /**
   * How far the section 三 and 四 tables run past the text column's left edge into the page margin (CSS length). A
   * browser clips the page to its margins: what lies wholly in the margin (the tables' left border) is left out of
   * the PDF, text across the edge is kept whole but shows cut off.
   */
  readonly overhang: string;
  /** Paragraphs of narrative in section 一, which move section 三 down the page (and across a page break). */
  readonly overviewParagraphs: number;
}

/** A web page printed by a browser: A4, a sans-serif CJK font, hairline rules, the header repeated on each page. */
export const WEB_PRINT: PrintLook = {
  page: "A4",
  margin: "18mm 16mm",
  fontFamily: '"WenQuanYi Zen Hei", sans-serif',
  fontSize: "12px",
  rule: "1px solid #000",
  repeatHeader: true,
  oneProactiveTable: false,
  overhang: "0mm",
  overviewParagraphs: 6,
};

/**
 * A word-processor document printed to PDF: a narrower page, a serif CJK font, thicker rules, section 三's header
 * printed once, and the wide tables running into the left margin.
 */
export const WORD_PRINT: PrintLook = {
  page: "170mm 240mm",
  margin: "20mm 16mm",
  fontFamily: '"AR PL UMing CN", serif',
  fontSize: "10pt",
  rule: "1.5pt solid #000",
  repeatHeader: false,
  oneProactiveTable: true,
  overhang: "3mm",
  overviewParagraphs: 3,
};

/** A table cell: its text and how many grid columns and rows it spans. */
interface Cell {
  readonly text: string;
  readonly colspan?: number;
  readonly rowspan?: number;
  readonly className?: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function td(cell: Cell): string {
  const attributes = [
    cell.colspan && cell.colspan > 1 ? ` colspan="${cell.colspan}"` : "",
    cell.rowspan && cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : "",
    cell.className ? ` class="${cell.className}"` : "",
  ].join("");
  return `<td${attributes}>${escapeHtml(cell.text)}</td>`;
}

const tr = (cells: readonly Cell[]) => `<tr>${cells.map(td).join("")}</tr>`;

function valueText(values: CellValues, code: string): string {
  const value = values.get(code);
  if (value === undefined) throw new Error(`no value for ${code}`);
  return value === null ? "" : String(value);
}

const valueCell = (values: CellValues, code: string, colspan = 1): Cell => ({ text: valueText(values, code), colspan });

/** A column's header as the version prints it (本年处理决定数量 in 2021), with the stored unit for a money column. */
function columnHeader(table: TableDefinition, column: ColumnDefinition, version: TabularVersion): string {
  return column.labelZhByVersion?.[version] ?? headerLabelWithUnit(table, column);
}

/** Section 二's grid width: 信息内容 and three value columns; a sub-table with fewer spans its last one. */
const PROACTIVE_WIDTH = 4;

/** The rows of one section 二 sub-table: its caption, its header, its data rows. */
function proactiveRows(table: TableDefinition, spec: ReportSpec): Cell[][] {
  const columns = table.columns.filter((column) => column.versions.includes(spec.version));
  const spans = columns.map((_, index) => (index === columns.length - 1 ? PROACTIVE_WIDTH - columns.length : 1));
  const rows: Cell[][] = [[{ text: table.labelZh, colspan: PROACTIVE_WIDTH }]];
  rows.push([{ text: "信息内容" }, ...columns.map((column, index) => ({ text: columnHeader(table, column, spec.version), colspan: spans[index] }))]);
  for (const row of table.rows.filter((candidate) => candidate.versions.includes(spec.version))) {
    rows.push([
      { text: row.labelZh, className: "label" },
      ...columns.map((column, index) => valueCell(spec.values, formatCellCode(table.code, row.code, column.code), spans[index])),
    ]);
  }
  return rows;
}

function proactiveSection(spec: ReportSpec, look: PrintLook): string {
  const tables = PROACTIVE_TABLES.filter((table) => table.versions.includes(spec.version)).map((table) => proactiveRows(table, spec));
  const html = (rows: readonly Cell[][]) => `<table class="proactive"><tbody>${rows.map(tr).join("")}</tbody></table>`;
  return look.oneProactiveTable ? html(tables.flat()) : tables.map(html).join("\n");
}

const APPLICANT_LABELS = new Map(APPLICANT_COLUMNS.map((column) => [column.code, column.labelZh]));

/** Section 三's three header rows. */
function applicationsHeader(): Cell[][] {
  const [natural, ...rest] = APPLICATIONS_PRINTED_COLUMNS;
  const total = rest[rest.length - 1];
  return [
    [
      { text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan: 3, rowspan: 3, className: "note" },
      { text: "申请人情况", colspan: APPLICATIONS_PRINTED_COLUMNS.length },
    ],
    [
      { text: APPLICANT_LABELS.get(natural)!, rowspan: 2 },
      { text: LEGAL_PERSON_GROUP.labelZh, colspan: LEGAL_PERSON_COLUMNS.length },
      { text: APPLICANT_LABELS.get(total)!, rowspan: 2 },
    ],
    LEGAL_PERSON_COLUMNS.map((column) => ({ text: APPLICANT_LABELS.get(column)! })),
  ];
}

/** Section 三's data rows, the group labels merged down the rows they head (三、本年度办理结果, （三）不予公开 …). */
function applicationsBody(spec: ReportSpec): Cell[][] {
  const printed = applicationsLayout(spec.version, spec.otherSplit).rows;
  const byCode = new Map(APPLICATION_ROWS.map((row) => [row.code, row]));
  const results = printed.filter((code) => byCode.get(code)!.parent !== undefined);
  const started = new Set<string>();
  return printed.map((code) => {
    const row = byCode.get(code)!;
    const labels: Cell[] = [];
    if (!row.parent) labels.push({ text: row.labelZh, colspan: 3, className: "label" });
    else {
      if (!started.has(RESULTS_ROW)) labels.push({ text: byCode.get(RESULTS_ROW)!.labelZh, rowspan: results.length });
      started.add(RESULTS_ROW);
      if (row.parent === RESULTS_ROW) labels.push({ text: row.labelZh, colspan: 2, className: "label" });
      else {
        const siblings = printed.filter((other) => byCode.get(other)!.parent === row.parent);
        if (!started.has(row.parent)) labels.push({ text: byCode.get(row.parent)!.labelZh, rowspan: siblings.length });
        started.add(row.parent);
        labels.push({ text: row.labelZh, className: "label" });
      }
    }
    return [...labels, ...APPLICATIONS_PRINTED_COLUMNS.map((column) => valueCell(spec.values, formatCellCode("APPLICATIONS", code, column)))];
  });
}

function applicationsSection(spec: ReportSpec, look: PrintLook): string {
  const header = applicationsHeader().map(tr).join("");
  const body = applicationsBody(spec).map(tr).join("");
  return look.repeatHeader
    ? `<table class="wide applications"><thead>${header}</thead><tbody>${body}</tbody></table>`
    : `<table class="wide applications"><tbody>${header}${body}</tbody></table>`;
}

const REVIEW = getTable("REVIEW_LITIGATION");

/** Section 四: 行政复议 and 行政诉讼 over 未经复议直接起诉 and 复议后起诉, the five outcomes, the 15 values. */
function reviewSection(spec: ReportSpec): string {
  const outcomes = REVIEW.columns.map((column) => column.labelZh);
  const [review, ...litigation] = REVIEW.rows.map((row) => row.labelZh.split("·"));
  const rows: Cell[][] = [
    [
      { text: review[0], colspan: outcomes.length },
      { text: litigation[0][0], colspan: outcomes.length * litigation.length },
    ],
    [...outcomes.map((text) => ({ text, rowspan: 2 })), ...litigation.map(([, group]) => ({ text: group, colspan: outcomes.length }))],
    litigation.flatMap(() => outcomes.map((text) => ({ text }))),
    REVIEW_LITIGATION_CELLS.map((address) => valueCell(spec.values, formatCellCode(address.table, address.row, address.column))),
  ];
  return `<table class="wide review"><tbody>${rows.map(tr).join("")}</tbody></table>`;
}

function value(spec: ReportSpec, code: string): number {
  return spec.values.get(code) ?? 0;
}

/** Section 一's narrative: the year's figures in words, then `count` paragraphs of the measures taken. */
function overview(spec: ReportSpec, count: number): string {
  const received = value(spec, "APPLICATIONS.NEW_RECEIVED.TOTAL");
  const handled = value(spec, "APPLICATIONS.R_TOTAL.TOTAL");
  const measures = [
    "健全工作机制，明确分管领导和专门工作人员，落实信息发布审核制度，做到公开内容准确、及时、规范。",
    "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置、社会公益事业等信息，回应社会关切。",
    "加强政策解读，坚持政策文件与解读材料同步组织、同步审签、同步发布，以图文、视频等多种形式解读政策。",
    "规范依申请公开办理流程，严格按照法定时限答复，做到登记、审核、答复、归档全流程留痕。",
    "加强政府网站和政务新媒体建设，优化信息公开专栏设置，提升栏目内容更新频率和检索便利度。",
    "强化监督保障，将政务公开工作纳入年度绩效考核，定期开展业务培训和自查整改，不断提升工作质量。",
  ];
  const paragraphs = [
    `${spec.year}年，${spec.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请${received}件，办结${handled}件。`,
    ...Array.from({ length: count }, (_, index) => `（${"一二三四五六七八九十"[index % 10]}）${measures[index % measures.length]}`),
  ];
  return paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join("\n");
}

function styleSheet(look: PrintLook): string {
  return [
    `@page { size: ${look.page}; margin: ${look.margin}; }`,
    `body { font-family: ${look.fontFamily}; font-size: ${look.fontSize}; line-height: 1.5; margin: 0; }`,
    "h1 { font-size: 1.5em; text-align: center; font-weight: normal; } h2 { font-size: 1.15em; font-weight: normal; margin: 1em 0 0.5em; } p { text-indent: 2em; margin: 0.3em 0; }",
    "table { border-collapse: collapse; margin: 0.5em 0; width: 100%; page-break-inside: auto; }",
    `td { border: ${look.rule}; padding: 2px 3px; text-align: center; vertical-align: middle; }`,
    "td.label, td.note { text-align: left; } tr { page-break-inside: avoid; }",
    `table.wide { width: calc(100% + ${look.overhang}); margin-left: -${look.overhang}; }`,
    "table.review td { font-size: 0.9em; padding: 2px 1px; }",
  ].join("\n");
}

/** The whole report as a printable HTML page. */
export function renderPrintedReport(spec: ReportSpec, look: PrintLook): string {
  const title = `${spec.agency}${spec.year}年政府信息公开工作年度报告`;
  return [
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styleSheet(look)}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自${spec.year}年1月1日起至${spec.year}年12月31日止。</p>`,
    `<h2>一、总体情况</h2>`,
    overview(spec, look.overviewParagraphs),
    `<h2>二、主动公开政府信息情况</h2>`,
    proactiveSection(spec, look),
    `<h2>三、收到和处理政府信息公开申请情况</h2>`,
    `<p>${spec.year}年，${escapeHtml(spec.agency)}收到和处理政府信息公开申请情况如下表。</p>`,
    applicationsSection(spec, look),
    `<h2>四、政府信息公开行政复议、行政诉讼情况</h2>`,
    reviewSection(spec),
    `<h2>五、存在的主要问题及改进情况</h2>`,
    `<p>一是公开内容的全面性和及时性有待提升；二是政策解读形式还不够丰富。下一步将加强培训，完善制度。</p>`,
    `<h2>六、其他需要报告的事项</h2>`,
    `<p>本年度未收取信息处理费。</p>`,
    `</body></html>`,
  ].join("\n");
}
