import type { TabularVersion } from "../domain/codes";
import { cellCode, formatCellCode } from "../domain/cell";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, LEGAL_PERSON_GROUP, getTable } from "../domain/template-catalog";
import { headerLabelWithUnit } from "../domain/units";
import {
  APPLICATIONS_PRINTED_COLUMNS,
  LEGAL_PERSON_COLUMNS,
  PROACTIVE_TABLES,
  RESULTS_ROW,
  REVIEW_LITIGATION_CELLS,
  applicationsLayout,
} from "../domain/template-parts";

/**
 * Writes whole reports in the shapes real publications use (docs/real-text.md), from a map of cell values: Markdown
 * pipe tables (whole, or split by a converter that loses the header rows), and HTML pages with rowspan/colspan and
 * site chrome. A null value is printed as an empty cell. Used to test the parser on every shape and to build
 * synthetic datasets for benchmarks; never part of serving data.
 */
export type CellValues = ReadonlyMap<string, number | null>;

export interface ReportSpec {
  readonly agency: string;
  readonly year: number;
  readonly version: TabularVersion;
  /** （六）其他处理 as three sub-rows (TPL_2021) rather than one row. */
  readonly otherSplit: boolean;
  readonly values: CellValues;
}

/** Section 三's width in a pipe table: three label cells (group, sub-group, leaf), then the printed columns. */
const APPLICATIONS_WIDTH = 3 + APPLICATIONS_PRINTED_COLUMNS.length;
const REVIEW_CELLS = REVIEW_LITIGATION_CELLS.map(cellCode);
const RESULTS_LABEL = APPLICATION_ROWS.find((row) => row.code === RESULTS_ROW)!.labelZh;
const APPLICANT_LABELS = new Map(APPLICANT_COLUMNS.map((column) => [column.code, column.labelZh]));
const LEGAL_PERSON_LABELS = LEGAL_PERSON_COLUMNS.map((column) => APPLICANT_LABELS.get(column)!);
/** The applicant columns outside 法人或其他组织 (自然人 before it, 总计 after it), as the header prints them. */
const [NATURAL_PERSON_LABEL, TOTAL_LABEL] = APPLICATIONS_PRINTED_COLUMNS.filter((column) => !LEGAL_PERSON_COLUMNS.includes(column)).map((column) =>
  APPLICANT_LABELS.get(column)!,
);
const REVIEW = getTable("REVIEW_LITIGATION");
const OUTCOME_LABELS = REVIEW.columns.map((column) => column.labelZh);
/** Section 四's header: 行政复议, then 行政诉讼 over its two groups (the catalog labels them 行政诉讼·…). */
const [REVIEW_LABEL, ...LITIGATION_LABELS] = REVIEW.rows.map((row) => row.labelZh.split("·"));
const LITIGATION_LABEL = LITIGATION_LABELS[0][0];

function show(values: CellValues, code: string): string {
  const value = values.get(code);
  if (value === undefined) throw new Error(`no value for ${code}`);
  return value === null ? "" : String(value);
}

/** The section 三 rows a report prints, with the three label cells of each (group, sub-group, leaf). */
function applicationRows(spec: ReportSpec): Array<[string, [string, string, string]]> {
  const rows: Array<[string, [string, string, string]]> = [];
  const printed = new Set(applicationsLayout(spec.version, spec.otherSplit).rows);
  const printedGroups = new Set<string>();
  for (const row of APPLICATION_ROWS) {
    if (!printed.has(row.code)) continue;
    if (!row.parent) {
      rows.push([row.code, [row.labelZh, "", ""]]);
    } else if (row.parent === RESULTS_ROW) {
      rows.push([row.code, [rows.some(([, labels]) => labels[0] === RESULTS_LABEL) ? "" : RESULTS_LABEL, row.labelZh, ""]]);
    } else {
      const group = APPLICATION_ROWS.find((candidate) => candidate.code === row.parent)!;
      const first = !printedGroups.has(group.code);
      printedGroups.add(group.code);
      rows.push([row.code, ["", first ? group.labelZh : "", row.labelZh]]);
    }
  }
  return rows;
}

function proactiveTables(spec: ReportSpec): Array<{ caption: string; header: string[]; rows: Array<[string, string[]]> }> {
  return PROACTIVE_TABLES.filter((table) => table.versions.includes(spec.version)).map((table) => {
    const columns = table.columns.filter((column) => column.versions.includes(spec.version));
    const rows = table.rows.filter((row) => row.versions.includes(spec.version));
    return {
      caption: table.labelZh,
      header: ["信息内容", ...columns.map((column) => headerLabelWithUnit(table, column))],
      rows: rows.map(
        (row) => [row.labelZh, columns.map((column) => show(spec.values, formatCellCode(table.code, row.code, column.code)))] as [string, string[]],
      ),
    };
  });
}

const pipe = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const separator = (count: number) => pipe(Array.from({ length: count }, () => "---"));

/** A Markdown report; `splitAfter` ends the section 三 table after that row and starts a headerless one. */
export function renderMarkdown(spec: ReportSpec, splitAfter?: string): string {
  const lines = [
    `# ${spec.agency}${spec.year}年政府信息公开工作年度报告`,
    "",
    "## 一、总体情况",
    "",
    `${spec.year}年，${spec.agency}认真贯彻《条例》。`,
    "",
    "## 二、主动公开政府信息情况",
    "",
  ];
  for (const table of proactiveTables(spec)) {
    const width = Math.max(4, table.header.length);
    const pad = (cells: string[]) => [...cells, ...Array.from({ length: width - cells.length }, () => "")];
    lines.push(pipe(pad([table.caption])), separator(width), pipe(pad(table.header)));
    for (const [label, values] of table.rows) lines.push(pipe(pad([label, ...values])));
    lines.push("");
  }
  lines.push("## 三、收到和处理政府信息公开申请情况", "");
  lines.push(
    pipe([
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
      "",
      "",
      "申请人情况",
      ...APPLICATIONS_PRINTED_COLUMNS.slice(1).map(() => ""),
    ]),
  );
  lines.push(separator(APPLICATIONS_WIDTH));
  lines.push(pipe(["", "", "", NATURAL_PERSON_LABEL, LEGAL_PERSON_GROUP.labelZh, ...LEGAL_PERSON_LABELS.slice(1).map(() => ""), TOTAL_LABEL]));
  lines.push(pipe(["", "", "", "", ...LEGAL_PERSON_LABELS, ""]));
  for (const [code, labels] of applicationRows(spec)) {
    lines.push(pipe([...labels, ...APPLICATIONS_PRINTED_COLUMNS.map((column) => show(spec.values, formatCellCode("APPLICATIONS", code, column)))]));
    if (code === splitAfter) lines.push("", "- 4 -", "", separator(APPLICATIONS_WIDTH));
  }
  lines.push("", "## 四、政府信息公开行政复议、行政诉讼情况", "");
  const pad = (label: string) => [label, ...OUTCOME_LABELS.slice(1).map(() => "")];
  lines.push(pipe([...pad(REVIEW_LABEL[0]), ...pad(LITIGATION_LABEL), ...pad("")]), separator(REVIEW_CELLS.length));
  lines.push(pipe([...OUTCOME_LABELS, ...LITIGATION_LABELS.flatMap(([, label]) => pad(label))]));
  lines.push(pipe([...OUTCOME_LABELS.map(() => ""), ...LITIGATION_LABELS.flatMap(() => OUTCOME_LABELS)]));
  lines.push(pipe(REVIEW_CELLS.map((code) => show(spec.values, code))));
  lines.push("", "## 五、存在的主要问题及改进情况", "", "一是公开质量有待提升。", "", "## 六、其他需要报告的事项", "", "无。", "");
  return lines.join("\n");
}

const td = (text: string, attributes = "") => `<td${attributes}>${text}</td>`;

/** An HTML page as a government portal serves it: navigation, the report with rowspan/colspan tables, a footer. */
export function renderHtmlPage(spec: ReportSpec): string {
  const title = `${spec.agency}${spec.year}年政府信息公开工作年度报告`;
  const parts = [
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_${spec.agency}</title><style>td{border:1px solid}</style><script>var x = "三、收到和处理政府信息公开申请情况 1 2 3";</script></head><body>`,
    `<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/nb">政府信息公开年报</a></div>`,
    `<div class="article"><h1>${title}</h1><p>本报告所列数据的统计期限自${spec.year}年1月1日起至${spec.year}年12月31日止。</p>`,
    `<h2>一、总体情况</h2><p>${spec.year}年，${spec.agency}认真贯彻《条例》。</p><h2>二、主动公开政府信息情况</h2>`,
  ];
  for (const table of proactiveTables(spec)) {
    const width = table.header.length === 2 ? 4 : table.header.length;
    const valueSpan = table.header.length === 2 ? ` colspan="3"` : "";
    parts.push(
      `<table><tr>${td(table.caption, ` colspan="${width}"`)}</tr><tr>${td(table.header[0])}${table.header
        .slice(1)
        .map((label) => td(label, valueSpan))
        .join("")}</tr>`,
    );
    for (const [label, values] of table.rows) parts.push(`<tr>${td(label)}${values.map((value) => td(value, valueSpan)).join("")}</tr>`);
    parts.push("</table>");
  }
  parts.push(`<h2>三、收到和处理政府信息公开申请情况</h2><table><tbody>`);
  parts.push(
    `<tr>${td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", ` rowspan="3" colspan="3"`)}${td("申请人情况", ` colspan="${APPLICATIONS_PRINTED_COLUMNS.length}"`)}</tr>`,
  );
  parts.push(
    `<tr>${td(NATURAL_PERSON_LABEL, ` rowspan="2"`)}${td(LEGAL_PERSON_GROUP.labelZh, ` colspan="${LEGAL_PERSON_LABELS.length}"`)}${td(TOTAL_LABEL, ` rowspan="2"`)}</tr>`,
  );
  parts.push(`<tr>${LEGAL_PERSON_LABELS.map((label) => td(label)).join("")}</tr>`);
  const rows = applicationRows(spec);
  const resultCount = rows.filter(([code]) => APPLICATION_ROWS.find((row) => row.code === code)?.parent).length;
  for (const [code, [group, subgroup, leaf]] of rows) {
    const definition = APPLICATION_ROWS.find((row) => row.code === code)!;
    const labels: string[] = [];
    if (!definition.parent) labels.push(td(group, ` colspan="3"`));
    else {
      if (group) labels.push(td(group, ` rowspan="${resultCount}"`));
      if (definition.parent === RESULTS_ROW) labels.push(td(subgroup, ` colspan="2"`));
      else {
        const siblings = APPLICATION_ROWS.filter((row) => row.parent === definition.parent && row.kinds[spec.version] !== undefined);
        if (subgroup) labels.push(td(subgroup, ` rowspan="${siblings.length}"`));
        labels.push(td(leaf));
      }
    }
    parts.push(
      `<tr>${labels.join("")}${APPLICATIONS_PRINTED_COLUMNS.map((column) => td(show(spec.values, formatCellCode("APPLICATIONS", code, column)))).join("")}</tr>`,
    );
  }
  parts.push("</tbody></table><h2>四、政府信息公开行政复议、行政诉讼情况</h2><table>");
  const span = ` colspan="${OUTCOME_LABELS.length}"`;
  parts.push(`<tr>${td(REVIEW_LABEL[0], span)}${td(LITIGATION_LABEL, ` colspan="${OUTCOME_LABELS.length * LITIGATION_LABELS.length}"`)}</tr>`);
  parts.push(`<tr>${OUTCOME_LABELS.map((label) => td(label, ` rowspan="2"`)).join("")}${LITIGATION_LABELS.map(([, label]) => td(label, span)).join("")}</tr>`);
  parts.push(`<tr>${LITIGATION_LABELS.map(() => OUTCOME_LABELS.map((label) => td(label)).join("")).join("")}</tr>`);
  parts.push(`<tr>${REVIEW_CELLS.map((code) => td(show(spec.values, code))).join("")}</tr></table>`);
  parts.push(`<h2>五、存在的主要问题及改进情况</h2><p>一是公开质量有待提升。</p><h2>六、其他需要报告的事项</h2><p>无。</p></div>`);
  parts.push(`<div class="footer">版权所有：${spec.agency}\u3000电话：0517-83605210\u3000ICP备12345678号</div></body></html>`);
  return parts.join("\n");
}
