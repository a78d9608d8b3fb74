import type { TabularVersion, TemplateVersion } from "../domain/codes";
import { TEMPLATE_TABLES } from "../domain/template-catalog";
import type { ReportCell } from "../entities";
import { APPLICANT_TYPES, DISCLOSURE_CATEGORIES, REQUEST_OUTCOMES, REVIEW_GROUPS, REVIEW_OUTCOMES } from "./catalog";
import type { ApplicationsTableType, ProactiveTableType, ReviewLitigationTableType, TableCellType } from "./report-tables.types";

/** Builds a report's tables from its stored cells: every position the template prints, ABSENT where nothing was stored. */

type CellIndex = ReadonlyMap<string, ReportCell>;

/** Indexes cells by TABLE.ROW.COLUMN. */
export function indexCells(cells: readonly ReportCell[]): CellIndex {
  return new Map(cells.map((cell) => [`${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, cell]));
}

/** A stored cell as a TableCell. */
export function toTableCell(cell: ReportCell): TableCellType {
  return {
    code: `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`,
    tableCode: cell.tableCode,
    rowCode: cell.rowCode,
    columnCode: cell.columnCode,
    value: cell.value,
    state: cell.valueState,
    raw: cell.rawText,
    line: cell.line,
    provenance: cell.provenance
      ? cell.provenance.kind === "PDF"
        ? { kind: "PDF", page: cell.provenance.page, bbox: [...cell.provenance.bbox], table: null, row: null, cell: null }
        : { kind: "HTML", page: null, bbox: null, table: cell.provenance.table, row: cell.provenance.row, cell: cell.provenance.cell }
      : null,
  };
}

function cellAt(index: CellIndex, tableCode: string, rowCode: string, columnCode: string): TableCellType {
  const stored = index.get(`${tableCode}.${rowCode}.${columnCode}`);
  if (stored) return toTableCell(stored);
  return { code: `${tableCode}.${rowCode}.${columnCode}`, tableCode, rowCode, columnCode, value: null, state: "ABSENT", raw: null, line: null, provenance: null };
}

function isTabular(version: TemplateVersion): version is TabularVersion {
  return version === "TPL_2019" || version === "TPL_2021";
}

/** The section 二 sub-tables of a report's version. */
export function proactiveTables(version: TemplateVersion, index: CellIndex): ProactiveTableType[] {
  if (!isTabular(version)) return [];
  return TEMPLATE_TABLES.filter((table) => table.section === "S2_PROACTIVE" && table.versions.includes(version)).map((table) => {
    const columns = table.columns
      .filter((column) => column.versions.includes(version))
      .map((column) => ({ ...DISCLOSURE_CATEGORIES.find((category) => category.tableCode === table.code)!.columns.find((entry) => entry.code === column.code)!, labelZh: column.labelZhByVersion?.[version] ?? column.labelZh }));
    const categories = DISCLOSURE_CATEGORIES.filter((category) => category.tableCode === table.code && category.versions.includes(version));
    return {
      tableCode: table.code,
      labelZh: table.labelZh,
      labelEn: table.labelEn,
      columns,
      rows: categories.map((category) => ({ category, cells: columns.map((column) => cellAt(index, table.code, category.rowCode, column.code)) })),
    };
  });
}

/** The section 三 table; （六） as one row or three, as the report printed it. */
export function applicationsTable(version: TemplateVersion, index: CellIndex): ApplicationsTableType | null {
  if (!isTabular(version)) return null;
  const otherSplit = [...index.keys()].some((code) => code.startsWith("APPLICATIONS.OTHER_"));
  const rows = REQUEST_OUTCOMES.filter((outcome) => {
    if (outcome.code === "RESULTS" || !outcome.versions.includes(version)) return false;
    if (outcome.parentCode === "R_OTHER") return otherSplit;
    return true;
  }).map((outcome) => {
    const kind = outcome.kinds.find((entry) => entry.version === version)?.kind;
    const derived = kind === "GROUP" && (outcome.code !== "R_OTHER" || otherSplit);
    return { outcome, depth: outcome.depth, derived, cells: APPLICANT_TYPES.map((column) => cellAt(index, "APPLICATIONS", outcome.code, column.code)) };
  });
  return { columns: [...APPLICANT_TYPES], rows };
}

/** The section 四 table. */
export function reviewLitigationTable(version: TemplateVersion, index: CellIndex): ReviewLitigationTableType | null {
  if (!isTabular(version)) return null;
  return {
    outcomes: [...REVIEW_OUTCOMES],
    groups: REVIEW_GROUPS.map((group) => ({
      code: group.code,
      labelZh: group.labelZh,
      labelEn: group.labelEn,
      cells: REVIEW_OUTCOMES.map((outcome) => cellAt(index, "REVIEW_LITIGATION", group.code, outcome.code)),
    })),
  };
}
