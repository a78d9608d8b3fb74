import type { CatalogVersion, CellKind, TableCode, TabularVersion } from "./codes";

/**
 * The national template as data: every table, row and column with its Chinese label (as the template prints it),
 * an English label, and the template versions it exists in (docs/tables.md); and the LEGACY table of the figures a
 * pre-2019 report states. This file mirrors the template's structure one table at a time, which is why it is long.
 */

/** A labelled code that exists in some template versions. */
export interface Dimension {
  readonly code: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly versions: readonly CatalogVersion[];
}

/** How a row behaves in a version: a data row, a printed total, or a group label with no numbers of its own. */
export type RowKind = "LEAF" | "PRINTED_TOTAL" | "GROUP";

/**
 * A row of a table. `parent` names the group row it belongs to (section 三 only). `keyword` (section 三 only) is
 * what the row's printed label is recognised by, matched on the label without white space; a group label with no
 * numbers of its own has none.
 */
export interface RowDefinition extends Dimension {
  readonly kinds: Readonly<Partial<Record<CatalogVersion, RowKind>>>;
  readonly parent?: string;
  readonly keyword?: RegExp;
}

/**
 * A column of a table. A `derived` column is never printed (the 法人或其他组织 subtotal). `labelZhByVersion` gives a
 * version's own wording where the versions print the same column differently (处理决定数量 / 本年处理决定数量).
 */
export interface ColumnDefinition extends Dimension {
  readonly derived?: boolean;
  readonly group?: string;
  readonly labelZhByVersion?: Readonly<Partial<Record<TabularVersion, string>>>;
}

/** A table of the template and the cells each version prints. */
export interface TableDefinition extends Dimension {
  readonly code: TableCode;
  /** The section the table is printed in; null for LEGACY, whose figures are read wherever the report states them. */
  readonly section: "S2_PROACTIVE" | "S3_APPLICATIONS" | "S4_REVIEW_LITIGATION" | null;
  readonly rows: readonly RowDefinition[];
  readonly columns: readonly ColumnDefinition[];
  /** Which columns each version prints; absent means all columns of the version. */
  readonly columnsByVersion?: Readonly<Record<TabularVersion, readonly string[]>>;
  /** The kind of value a printed cell holds. */
  readonly cellKind: (row: string, column: string) => CellKind;
}

const BOTH: readonly TabularVersion[] = ["TPL_2019", "TPL_2021"];
const V2019: readonly TabularVersion[] = ["TPL_2019"];
const V2021: readonly TabularVersion[] = ["TPL_2021"];
const LEAF_BOTH = { TPL_2019: "LEAF", TPL_2021: "LEAF" } as const;
const LEAF_2021 = { TPL_2021: "LEAF" } as const;

function dimension(code: string, labelZh: string, labelEn: string, versions: readonly CatalogVersion[]): Dimension {
  return { code, labelZh, labelEn, versions };
}

/** Rows that belong to one section 二 sub-table, all of them leaves. */
function leafRows(...rows: Dimension[]): RowDefinition[] {
  return rows.map((row) => ({
    ...row,
    kinds: Object.fromEntries(row.versions.map((version) => [version, "LEAF"])),
  }));
}

const ITEM_COLUMNS_2019 = [
  dimension("PREV_YEAR_ITEMS", "上一年项目数量", "Items the previous year", V2019),
  dimension("ITEMS_DELTA", "本年增/减", "Change in items this year", V2019),
];

/**
 * Cell kinds of the section 二 columns that are not plain counts. Both amounts of money are stored in the template's
 * unit, 万元 (`unitOfCell` in units.ts): 本年收费金额 is headed （单位：万元） by the 2021 template, and 采购总金额, which
 * the 2019 template prints without a unit, is converted from the unit the report prints in its cell or header.
 */
const ART20_COLUMN_KINDS: Readonly<Record<string, CellKind>> = {
  PREV_YEAR_ITEMS: "ITEM_COUNT",
  ITEMS_DELTA: "SIGNED_DELTA",
  FEE_AMOUNT: "AMOUNT_WAN_YUAN",
  PROCUREMENT_AMOUNT: "AMOUNT_RAW_UNIT",
};

function art20CellKind(_row: string, column: string): CellKind {
  return ART20_COLUMN_KINDS[column] ?? "COUNT";
}

const ART20_1: TableDefinition = {
  ...dimension("ART20_1", "第二十条第（一）项", "Article 20(1): regulations and normative documents", BOTH),
  code: "ART20_1",
  section: "S2_PROACTIVE",
  rows: leafRows(
    dimension("REGULATIONS", "规章", "Regulations", BOTH),
    dimension("NORMATIVE_DOCS", "规范性文件", "Normative documents", V2019),
    dimension("ADMIN_NORMATIVE_DOCS", "行政规范性文件", "Administrative normative documents", V2021),
  ),
  columns: [
    dimension("NEW_MADE", "本年新制作数量", "Newly made this year", V2019),
    dimension("NEW_PUBLISHED", "本年新公开数量", "Newly published this year", V2019),
    dimension("TOTAL_PUBLISHED", "对外公开总数量", "Total published to date", V2019),
    dimension("ISSUED", "本年制发件数", "Issued this year", V2021),
    dimension("REPEALED", "本年废止件数", "Repealed this year", V2021),
    dimension("IN_FORCE", "现行有效件数", "Currently in force", V2021),
  ],
  cellKind: art20CellKind,
};

const DECISIONS: ColumnDefinition = {
  ...dimension("DECISIONS", "处理决定数量", "Decisions", BOTH),
  labelZhByVersion: { TPL_2019: "处理决定数量", TPL_2021: "本年处理决定数量" },
};

const ART20_5: TableDefinition = {
  ...dimension("ART20_5", "第二十条第（五）项", "Article 20(5): administrative licensing", BOTH),
  code: "ART20_5",
  section: "S2_PROACTIVE",
  rows: leafRows(
    dimension("ADMIN_LICENSING", "行政许可", "Administrative licensing", BOTH),
    dimension("OTHER_EXTERNAL_SERVICES", "其他对外管理服务事项", "Other external management services", V2019),
  ),
  columns: [...ITEM_COLUMNS_2019, DECISIONS],
  cellKind: art20CellKind,
};

const ART20_6: TableDefinition = {
  ...dimension("ART20_6", "第二十条第（六）项", "Article 20(6): administrative penalties and coercion", BOTH),
  code: "ART20_6",
  section: "S2_PROACTIVE",
  rows: leafRows(
    dimension("ADMIN_PENALTY", "行政处罚", "Administrative penalties", BOTH),
    dimension("ADMIN_COERCION", "行政强制", "Administrative coercion", BOTH),
  ),
  columns: [...ITEM_COLUMNS_2019, DECISIONS],
  cellKind: art20CellKind,
};

const ART20_8: TableDefinition = {
  ...dimension("ART20_8", "第二十条第（八）项", "Article 20(8): administrative fees", BOTH),
  code: "ART20_8",
  section: "S2_PROACTIVE",
  rows: leafRows(dimension("ADMIN_FEES", "行政事业性收费", "Administrative fees", BOTH)),
  columns: [...ITEM_COLUMNS_2019, dimension("FEE_AMOUNT", "本年收费金额（单位：万元）", "Fees charged this year (10,000 yuan)", V2021)],
  cellKind: art20CellKind,
};

const ART20_9: TableDefinition = {
  ...dimension("ART20_9", "第二十条第（九）项", "Article 20(9): centralised government procurement", V2019),
  code: "ART20_9",
  section: "S2_PROACTIVE",
  rows: leafRows(dimension("CENTRAL_PROCUREMENT", "政府集中采购", "Centralised government procurement", V2019)),
  columns: [
    dimension("PROCUREMENT_ITEMS", "采购项目数量", "Procurement items", V2019),
    dimension("PROCUREMENT_AMOUNT", "采购总金额", "Total procurement amount", V2019),
  ],
  cellKind: art20CellKind,
};

/** A section 三 row; `kinds` defaults to a leaf in both versions. */
function applicationRow(code: string, labelZh: string, labelEn: string, parent?: string, kinds: RowDefinition["kinds"] = LEAF_BOTH): RowDefinition {
  const versions = (Object.keys(kinds) as TabularVersion[]).filter((version) => kinds[version] !== undefined);
  return { code, labelZh, labelEn, versions, kinds, parent, keyword: APPLICATION_ROW_KEYWORDS[code] };
}

/** How each printed section 三 row's label is recognised (docs/real-text.md hints); group labels have none. */
const APPLICATION_ROW_KEYWORDS: Readonly<Record<string, RegExp>> = {
  NEW_RECEIVED: /新收/,
  CARRIED_OVER_IN: /上年结转/,
  R_DISCLOSED: /予以公开/,
  R_PARTIAL: /部分公开/,
  WITHHELD_STATE_SECRET: /国家秘密/,
  WITHHELD_LAW_PROHIBITED: /其他法律|禁止公开/,
  WITHHELD_THREE_SAFETY_ONE_STABILITY: /三安全/,
  WITHHELD_THIRD_PARTY: /第三方/,
  WITHHELD_INTERNAL_AFFAIRS: /三类内/,
  WITHHELD_PROCESS_INFO: /过程性/,
  WITHHELD_ENFORCEMENT_FILE: /执法案卷/,
  WITHHELD_ADMIN_QUERY: /行政查询/,
  UNABLE_NOT_HELD: /不掌握/,
  UNABLE_NEEDS_CREATION: /另行制作/,
  UNABLE_STILL_UNCLEAR: /仍不明确/,
  NOT_PROCESSED_PETITION: /信访|举报投诉/,
  NOT_PROCESSED_REPEAT: /重复申请/,
  NOT_PROCESSED_PUBLICATION: /出版物/,
  NOT_PROCESSED_MASS_REPEAT: /大量反复/,
  NOT_PROCESSED_CONFIRM_REISSUE: /重新出具|确认或/,
  R_OTHER: /其他处理/,
  OTHER_NO_CORRECTION: /不补正/,
  OTHER_FEE_UNPAID: /缴纳费用|不缴费|收费通知/,
  OTHER_OTHER: /3[.、]其他(?!处理)/,
  R_TOTAL: /总计/,
  CARRIED_FORWARD_OUT: /结转下年/,
};

const GROUP_BOTH = { TPL_2019: "GROUP", TPL_2021: "GROUP" } as const;

/** The section 三 rows in template order (docs/tables.md). */
export const APPLICATION_ROWS: readonly RowDefinition[] = [
  applicationRow("NEW_RECEIVED", "一、本年新收政府信息公开申请数量", "New requests received this year"),
  applicationRow("CARRIED_OVER_IN", "二、上年结转政府信息公开申请数量", "Requests carried over from last year"),
  applicationRow("RESULTS", "三、本年度办理结果", "Outcomes this year", undefined, GROUP_BOTH),
  applicationRow("R_DISCLOSED", "（一）予以公开", "Disclosed", "RESULTS"),
  applicationRow("R_PARTIAL", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "Partly disclosed", "RESULTS"),
  applicationRow("R_WITHHELD", "（三）不予公开", "Withheld", "RESULTS", GROUP_BOTH),
  applicationRow("WITHHELD_STATE_SECRET", "1.属于国家秘密", "State secret", "R_WITHHELD"),
  applicationRow("WITHHELD_LAW_PROHIBITED", "2.其他法律行政法规禁止公开", "Prohibited by other laws", "R_WITHHELD"),
  applicationRow("WITHHELD_THREE_SAFETY_ONE_STABILITY", "3.危及“三安全一稳定”", "Endangers the three securities and stability", "R_WITHHELD"),
  applicationRow("WITHHELD_THIRD_PARTY", "4.保护第三方合法权益", "Protects a third party's rights", "R_WITHHELD"),
  applicationRow("WITHHELD_INTERNAL_AFFAIRS", "5.属于三类内部事务信息", "Internal affairs", "R_WITHHELD"),
  applicationRow("WITHHELD_PROCESS_INFO", "6.属于四类过程性信息", "Process information", "R_WITHHELD"),
  applicationRow("WITHHELD_ENFORCEMENT_FILE", "7.属于行政执法案卷", "Enforcement case file", "R_WITHHELD"),
  applicationRow("WITHHELD_ADMIN_QUERY", "8.属于行政查询事项", "Administrative query matter", "R_WITHHELD"),
  applicationRow("R_UNABLE", "（四）无法提供", "Unable to provide", "RESULTS", GROUP_BOTH),
  applicationRow("UNABLE_NOT_HELD", "1.本机关不掌握相关政府信息", "Information not held", "R_UNABLE"),
  applicationRow("UNABLE_NEEDS_CREATION", "2.没有现成信息需要另行制作", "Would need to be created", "R_UNABLE"),
  applicationRow("UNABLE_STILL_UNCLEAR", "3.补正后申请内容仍不明确", "Still unclear after correction", "R_UNABLE"),
  applicationRow("R_NOT_PROCESSED", "（五）不予处理", "Not processed", "RESULTS", GROUP_BOTH),
  applicationRow("NOT_PROCESSED_PETITION", "1.信访举报投诉类申请", "Petition, report or complaint", "R_NOT_PROCESSED"),
  applicationRow("NOT_PROCESSED_REPEAT", "2.重复申请", "Repeated request", "R_NOT_PROCESSED"),
  applicationRow("NOT_PROCESSED_PUBLICATION", "3.要求提供公开出版物", "Asks for a publication", "R_NOT_PROCESSED"),
  applicationRow("NOT_PROCESSED_MASS_REPEAT", "4.无正当理由大量反复申请", "Mass repeated requests without good reason", "R_NOT_PROCESSED"),
  applicationRow(
    "NOT_PROCESSED_CONFIRM_REISSUE",
    "5.要求行政机关确认或重新出具已获取信息",
    "Asks to confirm or reissue information already obtained",
    "R_NOT_PROCESSED",
  ),
  applicationRow("R_OTHER", "（六）其他处理", "Otherwise handled", "RESULTS", { TPL_2019: "LEAF", TPL_2021: "GROUP" }),
  applicationRow(
    "OTHER_NO_CORRECTION",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "Applicant did not correct in time",
    "R_OTHER",
    LEAF_2021,
  ),
  applicationRow(
    "OTHER_FEE_UNPAID",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "Applicant did not pay the fee in time",
    "R_OTHER",
    LEAF_2021,
  ),
  applicationRow("OTHER_OTHER", "3.其他", "Other", "R_OTHER", LEAF_2021),
  applicationRow("R_TOTAL", "（七）总计", "Total handled", "RESULTS", {
    TPL_2019: "PRINTED_TOTAL",
    TPL_2021: "PRINTED_TOTAL",
  }),
  applicationRow("CARRIED_FORWARD_OUT", "四、结转下年度继续办理", "Carried forward to next year"),
];

/** The applicant group the five organisation columns belong to, as the template heads it. */
export const LEGAL_PERSON_GROUP = { code: "LEGAL_PERSON", labelZh: "法人或其他组织", labelEn: "Legal persons and other organisations" } as const;

/**
 * The section 三 columns: applicant types (docs/tables.md), in printed order, then the derived 法人或其他组织
 * subtotal. The columns of `LEGAL_PERSON_GROUP` are the ones its subtotal adds up.
 */
export const APPLICANT_COLUMNS: readonly ColumnDefinition[] = [
  dimension("NATURAL_PERSON", "自然人", "Natural persons", BOTH),
  { ...dimension("COMMERCIAL_ENTERPRISE", "商业企业", "Commercial enterprises", BOTH), group: LEGAL_PERSON_GROUP.code },
  { ...dimension("RESEARCH_INSTITUTION", "科研机构", "Research institutions", BOTH), group: LEGAL_PERSON_GROUP.code },
  { ...dimension("PUBLIC_WELFARE_ORG", "社会公益组织", "Public-welfare organisations", BOTH), group: LEGAL_PERSON_GROUP.code },
  { ...dimension("LEGAL_SERVICE_ORG", "法律服务机构", "Legal-service organisations", BOTH), group: LEGAL_PERSON_GROUP.code },
  { ...dimension("OTHER_ORG", "其他", "Other organisations", BOTH), group: LEGAL_PERSON_GROUP.code },
  dimension("TOTAL", "总计", "Total", BOTH),
  {
    ...dimension("LEGAL_PERSON_SUBTOTAL", "法人或其他组织（小计）", "Legal persons and other organisations (subtotal)", BOTH),
    derived: true,
  },
];

const APPLICATIONS: TableDefinition = {
  ...dimension("APPLICATIONS", "收到和处理政府信息公开申请情况", "Disclosure requests received and handled", BOTH),
  code: "APPLICATIONS",
  section: "S3_APPLICATIONS",
  rows: APPLICATION_ROWS,
  columns: APPLICANT_COLUMNS,
  cellKind: (row, column) => (column === "TOTAL" || row === "R_TOTAL" ? "PRINTED_TOTAL" : "COUNT"),
};

const REVIEW_LITIGATION: TableDefinition = {
  ...dimension("REVIEW_LITIGATION", "政府信息公开行政复议、行政诉讼情况", "Administrative review and litigation", BOTH),
  code: "REVIEW_LITIGATION",
  section: "S4_REVIEW_LITIGATION",
  rows: leafRows(
    dimension("REVIEW", "行政复议", "Administrative review", BOTH),
    dimension("LIT_DIRECT", "行政诉讼·未经复议直接起诉", "Litigation without prior review", BOTH),
    dimension("LIT_AFTER_REVIEW", "行政诉讼·复议后起诉", "Litigation after review", BOTH),
  ),
  columns: [
    dimension("UPHELD", "结果维持", "Upheld", BOTH),
    dimension("CORRECTED", "结果纠正", "Corrected", BOTH),
    dimension("OTHER", "其他结果", "Other outcome", BOTH),
    dimension("PENDING", "尚未审结", "Pending", BOTH),
    dimension("TOTAL", "总计", "Total", BOTH),
  ],
  cellKind: (_row, column) => (column === "TOTAL" ? "PRINTED_TOTAL" : "COUNT"),
};

const V_LEGACY: readonly CatalogVersion[] = ["LEGACY_PRE2019"];

/** Cell kinds of the LEGACY rows that are not plain counts (件). */
const LEGACY_ROW_KINDS: Readonly<Record<string, CellKind>> = {
  PROACTIVE_ITEMS: "RECORD_COUNT",
  FEES_CHARGED: "AMOUNT_RAW_UNIT",
  FEES_WAIVED: "AMOUNT_RAW_UNIT",
};

/**
 * The headline figures of a report on the 2008 outline (docs/tables.md, "LEGACY"): no national table existed, so a
 * report states them in its text or in a table of its own, one figure per row. Money is stored in 万元 from the 元 or
 * 万元 the report prints, like every amount. `indicator-catalog.ts` says which rows compare with a 2019/2021 cell.
 */
const LEGACY: TableDefinition = {
  ...dimension("LEGACY", "2019年前年度报告主要数据", "Headline figures of a report before 2019", V_LEGACY),
  code: "LEGACY",
  section: null,
  rows: leafRows(
    dimension("PROACTIVE_ITEMS", "主动公开政府信息", "Information published proactively", V_LEGACY),
    dimension("APPLICATIONS_RECEIVED", "收到政府信息公开申请", "Requests received", V_LEGACY),
    dimension("APPLICATIONS_ANSWERED", "答复（办结）申请", "Requests answered", V_LEGACY),
    dimension("DISCLOSED", "同意公开", "Disclosed", V_LEGACY),
    dimension("PARTLY_DISCLOSED", "同意部分公开", "Partly disclosed", V_LEGACY),
    dimension("WITHHELD", "不予公开", "Withheld", V_LEGACY),
    dimension("NOT_EXIST", "信息不存在", "Information does not exist", V_LEGACY),
    dimension("NOT_THIS_AGENCY", "非本机关政府信息", "Not this organ's information", V_LEGACY),
    dimension("UNCLEAR", "申请内容不明确", "Request unclear", V_LEGACY),
    dimension("REVIEWS", "行政复议", "Administrative reviews", V_LEGACY),
    dimension("LAWSUITS", "行政诉讼", "Lawsuits", V_LEGACY),
    dimension("COMPLAINTS", "申诉（举报投诉）", "Complaints", V_LEGACY),
    dimension("FEES_CHARGED", "收取费用", "Fees charged", V_LEGACY),
    dimension("FEES_WAIVED", "减免费用", "Fees waived", V_LEGACY),
  ),
  columns: [dimension("VALUE", "数值", "Value", V_LEGACY)],
  cellKind: (row) => LEGACY_ROW_KINDS[row] ?? "COUNT",
};

/** Every table of the template, in the order a report prints them, then LEGACY. */
export const TEMPLATE_TABLES: readonly TableDefinition[] = [ART20_1, ART20_5, ART20_6, ART20_8, ART20_9, APPLICATIONS, REVIEW_LITIGATION, LEGACY];

/** Looks a table up by code; throws on an unknown code, which is a programmer error. */
export function getTable(code: string): TableDefinition {
  const table = TEMPLATE_TABLES.find((candidate) => candidate.code === code);
  if (!table) throw new Error(`Unknown table code "${code}"; expected one of ${TEMPLATE_TABLES.map((t) => t.code).join(", ")}`);
  return table;
}
