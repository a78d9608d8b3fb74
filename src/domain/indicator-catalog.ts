import { formatCellCode } from "./cell";
import type { CatalogVersion, CellKind, Comparability, TableCode } from "./codes";
import { TEMPLATE_TABLES, type RowDefinition, type TableDefinition } from "./template-catalog";
import { RESULTS_ROW } from "./template-parts";
import { unitOfKind } from "./units";

/**
 * The indicator catalog: one entry per table cell that some template version prints or derives, with labels,
 * unit, versions and how it compares across versions (docs/rules.md). Built from the template catalog, so the two
 * can never disagree.
 */
export interface IndicatorDefinition {
  readonly code: string;
  readonly tableCode: TableCode;
  readonly rowCode: string;
  readonly columnCode: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly unit: string;
  readonly cellKind: CellKind;
  readonly versions: readonly CatalogVersion[];
  readonly derived: boolean;
  /** Indicators in one group measure the same thing across versions; the group is named by its first member. */
  readonly comparabilityGroup: string;
  readonly comparability: Comparability;
  readonly comparabilityNote: string | null;
  /** Template order, for stable listings. */
  readonly position: number;
}

/** Cross-version pairs that measure approximately the same thing (docs/rules.md). */
const APPROXIMATE_PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  ["ART20_1.REGULATIONS.NEW_MADE", "ART20_1.REGULATIONS.ISSUED", "本年新制作数量 (2019) and 本年制发件数 (2021) both count documents made this year."],
  [
    "ART20_1.NORMATIVE_DOCS.NEW_MADE",
    "ART20_1.ADMIN_NORMATIVE_DOCS.ISSUED",
    "2019 规范性文件 sometimes counted a wider set of documents than 2021 行政规范性文件.",
  ],
];

/**
 * LEGACY cells (the figures of a report on the 2008 outline) that measure nearly what a 2019/2021 cell measures: each
 * joins that cell's comparability group as APPROXIMATE, with the note saying how the counting differed. The 2019/2021
 * cell keeps its own comparability between the two national templates, so a series asked for by its code never
 * reads a pre-2019 figure; one asked for by the LEGACY code reads both.
 */
const LEGACY_COUNTERPARTS: ReadonlyArray<readonly [string, string, string]> = [
  ["LEGACY.APPLICATIONS_RECEIVED.VALUE", "APPLICATIONS.NEW_RECEIVED.TOTAL", "收到申请 under the 2008 条例; some reports counted requests carried over in it."],
  ["LEGACY.APPLICATIONS_ANSWERED.VALUE", "APPLICATIONS.R_TOTAL.TOTAL", "答复 or 办结 under the 2008 条例; reports did not always say which."],
  ["LEGACY.DISCLOSED.VALUE", "APPLICATIONS.R_DISCLOSED.TOTAL", "同意公开 under the 2008 条例; 属于已主动公开范围 answers were sometimes counted in it."],
  [
    "LEGACY.PARTLY_DISCLOSED.VALUE",
    "APPLICATIONS.R_PARTIAL.TOTAL",
    "同意部分公开 under the 2008 条例, without the 2019 rule that a split request counts only there.",
  ],
  [
    "LEGACY.WITHHELD.VALUE",
    "APPLICATIONS.R_WITHHELD.TOTAL",
    "不予公开 under the 2008 条例, whose exemptions (国家秘密, 商业秘密, 个人隐私) differ from the 2019 ones.",
  ],
  ["LEGACY.REVIEWS.VALUE", "REVIEW_LITIGATION.REVIEW.TOTAL", "行政复议 cases caused by disclosure work, as the report counted them."],
];

/** Cells that exist in both versions by code but whose meaning differs in a way worth saying. */
const NOTES: Readonly<Record<string, string>> = {
  "ART20_1.REGULATIONS.TOTAL_PUBLISHED": "Cumulative published; not comparable with 2021 现行有效件数 (in force).",
  "ART20_1.REGULATIONS.IN_FORCE": "Currently in force; not comparable with 2019 对外公开总数量 (cumulative).",
  "ART20_1.NORMATIVE_DOCS.TOTAL_PUBLISHED": "Cumulative published; not comparable with 2021 现行有效件数 (in force).",
  "ART20_1.ADMIN_NORMATIVE_DOCS.IN_FORCE": "Currently in force; not comparable with 2019 对外公开总数量 (cumulative).",
  "ART20_8.ADMIN_FEES.FEE_AMOUNT": "Money charged (万元); not comparable with the 2019 fee item counts.",
  "ART20_8.ADMIN_FEES.PREV_YEAR_ITEMS": "A count of fee items; not comparable with the 2021 amount charged.",
  "ART20_8.ADMIN_FEES.ITEMS_DELTA": "A count of fee items; not comparable with the 2021 amount charged.",
  "LEGACY.NOT_EXIST.VALUE": "With NOT_THIS_AGENCY, close to 2019 UNABLE_NOT_HELD (本机关不掌握), which merged the two.",
  "LEGACY.NOT_THIS_AGENCY.VALUE": "With NOT_EXIST, close to 2019 UNABLE_NOT_HELD (本机关不掌握), which merged the two.",
  "LEGACY.LAWSUITS.VALUE": "Close to the sum of 2019 LIT_DIRECT.TOTAL and LIT_AFTER_REVIEW.TOTAL.",
  "LEGACY.FEES_CHARGED.VALUE": "Fees for answering requests; not the 2021 ART20_8 行政事业性收费 amount.",
};

function isDerivedRow(row: RowDefinition, version: CatalogVersion): boolean {
  return row.kinds[version] === "GROUP";
}

/** The versions in which a table prints or derives the cell (row, column). */
function versionsOf(table: TableDefinition, row: RowDefinition, columnVersions: readonly CatalogVersion[]) {
  return row.versions.filter((version) => columnVersions.includes(version) && table.versions.includes(version));
}

function buildIndicators(): IndicatorDefinition[] {
  const approximate = new Map<string, { group: string; note: string }>();
  for (const [first, second, note] of APPROXIMATE_PAIRS) {
    approximate.set(first, { group: first, note });
    approximate.set(second, { group: first, note });
  }
  for (const [legacy, counterpart, note] of LEGACY_COUNTERPARTS) approximate.set(legacy, { group: counterpart, note });
  const indicators: IndicatorDefinition[] = [];
  for (const table of TEMPLATE_TABLES) {
    for (const row of table.rows) {
      if (row.code === RESULTS_ROW) continue; // a label only: its subtotal is R_TOTAL
      for (const column of table.columns) {
        const versions = versionsOf(table, row, column.versions);
        if (versions.length === 0) continue;
        const code = formatCellCode(table.code, row.code, column.code);
        const derivedIn = versions.filter((version) => column.derived || isDerivedRow(row, version));
        const derived = derivedIn.length === versions.length;
        const pair = approximate.get(code);
        const comparability: Comparability = pair
          ? "APPROXIMATE"
          : versions.length === 1
            ? "SINGLE_VERSION"
            : derivedIn.length > 0 && !derived
              ? "AGGREGATE_ONLY"
              : "SAME";
        const cellKind = derived ? "DERIVED" : table.cellKind(row.code, column.code);
        indicators.push({
          code,
          tableCode: table.code,
          rowCode: row.code,
          columnCode: column.code,
          labelZh: `${table.labelZh}·${row.labelZh}·${column.labelZh}`,
          labelEn: `${table.labelEn} · ${row.labelEn} · ${column.labelEn}`,
          unit: unitOfKind(table.cellKind(row.code, column.code)),
          cellKind,
          versions,
          derived,
          comparabilityGroup: pair?.group ?? code,
          comparability,
          comparabilityNote:
            pair?.note ??
            NOTES[code] ??
            (comparability === "AGGREGATE_ONLY" ? "Printed in one version and derived from its sub-rows in the other; compare the totals only." : null),
          position: indicators.length + 1,
        });
      }
    }
  }
  return indicators;
}

/** Every indicator of the template, in template order. */
export const INDICATORS: readonly IndicatorDefinition[] = buildIndicators();
