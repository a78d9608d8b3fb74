import type { TabularVersion } from "../domain/codes";
import { APPLICATION_ROWS, getTable } from "../domain/template-catalog";

/**
 * Writes whole reports in the shapes real publications use (domain spec §8), from a map of cell values: Markdown
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

const APPLICANT_COLUMNS = ["NATURAL_PERSON", "COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG", "TOTAL"];
const REVIEW_CELLS = ["REVIEW", "LIT_DIRECT", "LIT_AFTER_REVIEW"].flatMap((row) =>
  ["UPHELD", "CORRECTED", "OTHER", "PENDING", "TOTAL"].map((column) => `REVIEW_LITIGATION.${row}.${column}`),
);
const CAPTIONS: Readonly<Record<string, string>> = { ART20_1: "一", ART20_5: "五", ART20_6: "六", ART20_8: "八", ART20_9: "九" };

function show(values: CellValues, code: string): string {
  const value = values.get(code);
  if (value === undefined) throw new Error(`no value for ${code}`);
  return value === null ? "" : String(value);
}

/** The section 三 rows a report prints, with the three label cells of each (group, sub-group, leaf). */
function applicationRows(spec: ReportSpec): Array<[string, [string, string, string]]> {
  const rows: Array<[string, [string, string, string]]> = [];
  const printedGroups = new Set<string>();
  for (const row of APPLICATION_ROWS) {
    const kind = row.kinds[spec.version];
    const isOtherSub = row.parent === "R_OTHER";
    if (row.code === "R_OTHER" ? spec.otherSplit : isOtherSub ? !spec.otherSplit : kind !== "LEAF" && kind !== "PRINTED_TOTAL") continue;
    if (!row.parent) {
      rows.push([row.code, [row.labelZh, "", ""]]);
    } else if (row.parent === "RESULTS") {
      rows.push([row.code, [rows.some(([, labels]) => labels[0] === "三、本年度办理结果") ? "" : "三、本年度办理结果", row.labelZh, ""]]);
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
  return ["ART20_1", "ART20_5", "ART20_6", "ART20_8", "ART20_9"]
    .map(getTable)
    .filter((table) => table.versions.includes(spec.version))
    .map((table) => {
      const columns = table.columns.filter((column) => column.versions.includes(spec.version));
      const rows = table.rows.filter((row) => row.versions.includes(spec.version));
      return {
        caption: `第二十条第（${CAPTIONS[table.code]}）项`,
        header: ["信息内容", ...columns.map((column) => column.labelZh)],
        rows: rows.map((row) => [row.labelZh, columns.map((column) => show(spec.values, `${table.code}.${row.code}.${column.code}`))] as [string, string[]]),
      };
    });
}

const pipe = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const separator = (count: number) => pipe(Array.from({ length: count }, () => "---"));

/** A Markdown report; `splitAfter` ends the section 三 table after that row and starts a headerless one. */
export function renderMarkdown(spec: ReportSpec, splitAfter?: string): string {
  const lines = [`# ${spec.agency}${spec.year}年政府信息公开工作年度报告`, "", "## 一、总体情况", "", `${spec.year}年，${spec.agency}认真贯彻《条例》。`, "", "## 二、主动公开政府信息情况", ""];
  for (const table of proactiveTables(spec)) {
    const width = Math.max(4, table.header.length);
    const pad = (cells: string[]) => [...cells, ...Array.from({ length: width - cells.length }, () => "")];
    lines.push(pipe(pad([table.caption])), separator(width), pipe(pad(table.header)));
    for (const [label, values] of table.rows) lines.push(pipe(pad([label, ...values])));
    lines.push("");
  }
  lines.push("## 三、收到和处理政府信息公开申请情况", "");
  lines.push(pipe(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", "", "", "", "", "", ""]));
  lines.push(separator(10));
  lines.push(pipe(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]));
  lines.push(pipe(["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]));
  for (const [code, labels] of applicationRows(spec)) {
    lines.push(pipe([...labels, ...APPLICANT_COLUMNS.map((column) => show(spec.values, `APPLICATIONS.${code}.${column}`))]));
    if (code === splitAfter) lines.push("", "- 4 -", "", separator(10));
  }
  lines.push("", "## 四、政府信息公开行政复议、行政诉讼情况", "");
  lines.push(pipe(["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""]), separator(15));
  lines.push(pipe(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]));
  lines.push(pipe(["", "", "", "", "", ...Array.from({ length: 2 }, () => ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]).flat()]));
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
    parts.push(`<table><tr>${td(table.caption, ` colspan="${width}"`)}</tr><tr>${td(table.header[0])}${table.header.slice(1).map((label) => td(label, valueSpan)).join("")}</tr>`);
    for (const [label, values] of table.rows) parts.push(`<tr>${td(label)}${values.map((value) => td(value, valueSpan)).join("")}</tr>`);
    parts.push("</table>");
  }
  parts.push(`<h2>三、收到和处理政府信息公开申请情况</h2><table><tbody>`);
  parts.push(`<tr>${td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", ` rowspan="3" colspan="3"`)}${td("申请人情况", ` colspan="7"`)}</tr>`);
  parts.push(`<tr>${td("自然人", ` rowspan="2"`)}${td("法人或其他组织", ` colspan="5"`)}${td("总计", ` rowspan="2"`)}</tr>`);
  parts.push(`<tr>${["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map((label) => td(label)).join("")}</tr>`);
  const rows = applicationRows(spec);
  const resultCount = rows.filter(([code]) => APPLICATION_ROWS.find((row) => row.code === code)?.parent).length;
  for (const [code, [group, subgroup, leaf]] of rows) {
    const definition = APPLICATION_ROWS.find((row) => row.code === code)!;
    const labels: string[] = [];
    if (!definition.parent) labels.push(td(group, ` colspan="3"`));
    else {
      if (group) labels.push(td(group, ` rowspan="${resultCount}"`));
      if (definition.parent === "RESULTS") labels.push(td(subgroup, ` colspan="2"`));
      else {
        const siblings = APPLICATION_ROWS.filter((row) => row.parent === definition.parent && row.kinds[spec.version] !== undefined);
        if (subgroup) labels.push(td(subgroup, ` rowspan="${siblings.length}"`));
        labels.push(td(leaf));
      }
    }
    parts.push(`<tr>${labels.join("")}${APPLICANT_COLUMNS.map((column) => td(show(spec.values, `APPLICATIONS.${code}.${column}`))).join("")}</tr>`);
  }
  parts.push("</tbody></table><h2>四、政府信息公开行政复议、行政诉讼情况</h2><table>");
  parts.push(`<tr>${td("行政复议", ` colspan="5"`)}${td("行政诉讼", ` colspan="10"`)}</tr>`);
  parts.push(`<tr>${["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map((label) => td(label, ` rowspan="2"`)).join("")}${td("未经复议直接起诉", ` colspan="5"`)}${td("复议后起诉", ` colspan="5"`)}</tr>`);
  parts.push(`<tr>${Array.from({ length: 2 }, () => ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map((label) => td(label)).join("")).join("")}</tr>`);
  parts.push(`<tr>${REVIEW_CELLS.map((code) => td(show(spec.values, code))).join("")}</tr></table>`);
  parts.push(`<h2>五、存在的主要问题及改进情况</h2><p>一是公开质量有待提升。</p><h2>六、其他需要报告的事项</h2><p>无。</p></div>`);
  parts.push(`<div class="footer">版权所有：${spec.agency}　电话：0517-83605210　ICP备12345678号</div></body></html>`);
  return parts.join("\n");
}
