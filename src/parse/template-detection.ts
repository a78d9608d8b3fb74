import type { TemplateVersion } from "../domain/codes";
import { squeeze } from "./source-text";

/** Labels that only one template version prints (docs/template.md, "Version detection"). */
const SIGNALS: Readonly<Record<"TPL_2019" | "TPL_2021" | "LEGACY_PRE2019", readonly string[]>> = {
  TPL_2021: ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "行政规范性文件", "逾期不补正", "缴纳费用"],
  TPL_2019: ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购", "第二十条第(九)项"],
  LEGACY_PRE2019: ["依申请公开政府信息情况", "收费及减免", "咨询处理情况", "政府信息公开的收费及减免情况", "因政府信息公开申请行政复议、提起行政诉讼的情况"],
};

/** How strongly the text points at each version. */
export interface TemplateEvidence {
  readonly version: TemplateVersion;
  readonly scores: Readonly<Record<keyof typeof SIGNALS, number>>;
}

/**
 * Detects the template version from the labels, never from the year: the version with more of its own labels
 * wins; a text with neither table template but with the 2008 outline's headings is LEGACY_PRE2019.
 */
export function detectTemplate(text: string): TemplateEvidence {
  const flat = squeeze(text);
  const count = (labels: readonly string[]) => labels.filter((label) => flat.includes(label)).length;
  const scores = {
    TPL_2019: count(SIGNALS.TPL_2019),
    TPL_2021: count(SIGNALS.TPL_2021),
    LEGACY_PRE2019: count(SIGNALS.LEGACY_PRE2019),
  };
  const hasTables = flat.includes("本列数据的勾稽关系") || /第二十条第\(?[一五六八九]\)?项/.test(flat);
  let version: TemplateVersion = "UNKNOWN";
  if (scores.TPL_2021 > 0 || scores.TPL_2019 > 0) version = scores.TPL_2021 >= scores.TPL_2019 ? "TPL_2021" : "TPL_2019";
  else if (!hasTables && scores.LEGACY_PRE2019 > 0) version = "LEGACY_PRE2019";
  return { version, scores };
}
