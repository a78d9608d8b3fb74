import { APPLICANT_COLUMNS, APPLICATION_ROWS, getTable, TEMPLATE_TABLES } from "../../domain/template-catalog";
import type { ApplicantTypeObject, DisclosureCategoryType, RequestOutcomeType, TableColumnType } from "./catalog.type";

/** The catalog objects the graph serves, built once from the template catalog. */

function columnOf(column: { code: string; labelZh: string; labelEn: string; versions: readonly string[]; derived?: boolean }): TableColumnType {
  return {
    code: column.code,
    labelZh: column.labelZh,
    labelEn: column.labelEn,
    versions: [...column.versions] as TableColumnType["versions"],
    derived: Boolean(column.derived),
  };
}

/** The section 二 rows, in template order. */
export const DISCLOSURE_CATEGORIES: readonly DisclosureCategoryType[] = TEMPLATE_TABLES.filter((table) => table.section === "S2_PROACTIVE").flatMap((table) =>
  table.rows.map((row) => ({
    code: `${table.code}.${row.code}`,
    tableCode: table.code,
    tableLabelZh: table.labelZh,
    tableLabelEn: table.labelEn,
    rowCode: row.code,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    versions: [...row.versions],
    columns: table.columns.map(columnOf),
  })),
);

function depthOf(code: string): number {
  const row = APPLICATION_ROWS.find((candidate) => candidate.code === code);
  return row?.parent ? depthOf(row.parent) + 1 : 0;
}

/** The section 三 rows, in template order. */
export const REQUEST_OUTCOMES: readonly RequestOutcomeType[] = APPLICATION_ROWS.map((row) => ({
  code: row.code,
  labelZh: row.labelZh,
  labelEn: row.labelEn,
  versions: [...row.versions],
  kinds: row.versions.map((version) => ({ version, kind: row.kinds[version]! })),
  depth: depthOf(row.code),
  parentCode: row.parent ?? null,
}));

/** The section 三 columns, in template order. */
export const APPLICANT_TYPES: readonly ApplicantTypeObject[] = APPLICANT_COLUMNS.map((column) => ({
  code: column.code,
  labelZh: column.labelZh,
  labelEn: column.labelEn,
  group: column.group ?? null,
  derived: Boolean(column.derived),
}));

/** The section 四 columns. */
export const REVIEW_OUTCOMES: readonly TableColumnType[] = getTable("REVIEW_LITIGATION").columns.map(columnOf);

/** The section 四 groups. */
export const REVIEW_GROUPS = getTable("REVIEW_LITIGATION").rows;
