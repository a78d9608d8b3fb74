import type { SectionCode } from "../domain/codes";
import { squeeze, type SourceText } from "./source-text";

/** A span of the normalised text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Section headings (docs/template.md), matched on keywords so that the variants real reports print are found:
 *   二、主动公开政府信息情况
 *   三、收到和处理政府信息公开申请情况
 *   四、政府信息公开行政复议、行政诉讼情况 | 四、因政府信息公开工作被申请行政复议(、)提起行政诉讼情况
 *   五、(政府信息公开工作)存在(的)(主要)问题及改进情况
 *   六、其他需要报告的事项 | 六、其他事项
 * A row label such as "四、结转下年度继续办理" or "三、本年度办理结果" never matches.
 */
const HEADINGS: ReadonlyArray<readonly [SectionCode, RegExp]> = [
  ["S1_OVERVIEW", /一\s*[、.]\s*总体情况/g],
  ["S2_PROACTIVE", /二\s*[、.]\s*主动公开政府信息(?:的)?情况/g],
  ["S3_APPLICATIONS", /三\s*[、.]\s*收到和处理政府信息公开申请(?:的)?情况/g],
  ["S4_REVIEW_LITIGATION", /四\s*[、.]\s*(?:因)?政府信息公开(?:工作|申请)?(?:被申请)?行政复议/g],
  ["S5_PROBLEMS", /五\s*[、.]\s*(?:政府信息公开工作)?存在(?:的)?(?:主要)?问题/g],
  ["S6_OTHER", /六\s*[、.]\s*其他(?:需要报告的)?事项/g],
];

/** Page chrome after the report on a portal page: copyright, site registration, print and share links. */
const PAGE_CHROME = /版权所有|ICP备|公网安备|主办单位|承办单位|网站标识码|网站地图|打印本页|关闭窗口|【打印】|扫一扫|分享到/g;

/** The first match of `pattern` at or after `from`. */
function findFrom(text: string, pattern: RegExp, from: number): number | null {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : null;
}

/**
 * Finds each section heading in order (each after the one before it, so a duplicated heading or a part list in
 * the preamble does not reorder them) and returns the span from each heading to the next one found.
 */
export function locateSections(text: string): Partial<Record<SectionCode, Span>> {
  const found: Array<[SectionCode, number]> = [];
  let from = 0;
  for (const [code, pattern] of HEADINGS) {
    const at = findFrom(text, pattern, from);
    if (at === null) continue;
    found.push([code, at]);
    from = at + 1;
  }
  const last = found[found.length - 1];
  const end = last ? (findFrom(text, PAGE_CHROME, last[1]) ?? text.length) : text.length;
  const spans: Partial<Record<SectionCode, Span>> = {};
  found.forEach(([code, start], index) => {
    spans[code] = { start, end: index + 1 < found.length ? found[index + 1][1] : end };
  });
  return spans;
}

/**
 * The text of a section as printed, without its heading line, trimmed; null when the section was not found.
 */
export function sectionBody(source: SourceText, span: Span | undefined): string | null {
  if (!span) return null;
  const body = source.originalSlice(span.start, span.end);
  const newline = body.indexOf("\n");
  if (newline < 0) return body.replace(/^\S+\s*/, "").trim();
  const heading = squeeze(body.slice(0, newline));
  const lines = body.slice(newline + 1).split("\n");
  // A heading printed twice (docs/real-text.md M10) is dropped with the first.
  while (lines.length > 0 && (lines[0].trim() === "" || squeeze(lines[0].replace(/^#+/, "")) === heading)) lines.shift();
  return lines
    .join("\n")
    .replace(/^#+\s*/gm, "")
    .trim();
}
