import { TABULAR_VERSIONS, type TabularVersion, type TemplateVersion } from "../../domain/codes";
import { recordCellCode } from "../../domain/cell";
import { TEMPLATE_TABLES } from "../../domain/template-catalog";
import { unitOfCell } from "../../domain/units";
import { isOtherSplit, OTHER_ROW, RESULTS_ROW } from "../../domain/template-parts";
import type { ReportCell } from "../../entities";
import { APPLICANT_TYPES, DISCLOSURE_CATEGORIES, REQUEST_OUTCOMES, REVIEW_GROUPS, REVIEW_OUTCOMES } from "../catalog/catalog-entries";
import type { ApplicationsTableType, ProactiveTableType, ReviewLitigationTableType, TableCellType } from "./report-tables.type";

/** Builds a report's tables from its stored cells: every position the template prints, ABSENT where nothing was stored. */

type CellIndex = ReadonlyMap<string, ReportCell>;

/** Indexes cells by TABLE.ROW.COLUMN. */
export function indexCells(cells: readonly ReportCell[]): CellIndex {
  return new Map(cells.map((cell) => [recordCellCode(cell), cell]));
}

/** A stored cell as a TableCell. */
export function toTableCell(cell: ReportCell): TableCellType {
  return {
    code: recordCellCode(cell),
    tableCode: cell.tableCode,
    rowCode: cell.rowCode,
    columnCode: cell.columnCode,
    value: cell.value,
    unit: unitOfCell(cell.tableCode, cell.rowCode, cell.columnCode),
    state: cell.valueState,
    raw: cell.rawText,
    line: cell.line,
    provenance: cell.provenance
      ? cell.provenance.kind === "PDF"
        ? { kind: "PDF", page: cell.provenance.page, bbox: [...cell.provenance.bbox], table: null, row: null, cell: null }
        : { kind: "HTML", page: null, bbox: null, table: cell.provenance.table, row: cell.provenance.row, cell: cell.provenance.cell }
      : null,
    candidates: cell.candidates ? [...cell.candidates] : null,
    uncertainty: cell.uncertainty,
    decidedBy: cell.decidedBy,
    reportId: cell.reportId,
    asOfSequence: (cell as { asOfSequence?: number }).asOfSequence ?? null,
  };
}

function cellAt(index: CellIndex, tableCode: string, rowCode: string, columnCode: string): TableCellType {
  const code = recordCellCode({ tableCode, rowCode, columnCode });
  const stored = index.get(code);
  if (stored) return toTableCell(stored);
  return {
    code,
    tableCode,
    rowCode,
    columnCode,
    value: null,
    unit: unitOfCell(tableCode, rowCode, columnCode),
    state: "ABSENT",
    raw: null,
    line: null,
    provenance: null,
    candidates: null,
    uncertainty: null,
    decidedBy: null,
  };
}

function isTabular(version: TemplateVersion): version is TabularVersion {
  return (TABULAR_VERSIONS as readonly string[]).includes(version);
}

/** The section 二 sub-tables of a report's version. */
export function proactiveTables(version: TemplateVersion, index: CellIndex): ProactiveTableType[] {
  if (!isTabular(version)) return [];
  return TEMPLATE_TABLES.filter((table) => table.section === "S2_PROACTIVE" && table.versions.includes(version)).map((table) => {
    const columns = table.columns
      .filter((column) => column.versions.includes(version))
      .map((column) => ({
        ...DISCLOSURE_CATEGORIES.find((category) => category.tableCode === table.code)!.columns.find((entry) => entry.code === column.code)!,
        labelZh: column.labelZhByVersion?.[version] ?? column.labelZh,
      }));
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
  const otherSplit = isOtherSplit([...index.values()].filter((cell) => cell.tableCode === "APPLICATIONS").map((cell) => cell.rowCode));
  const rows = REQUEST_OUTCOMES.filter((outcome) => {
    // The results header has no cells of its own; （六）'s sub-rows appear when the report printed them.
    if (outcome.code === RESULTS_ROW || !outcome.versions.includes(version)) return false;
    if (outcome.parentCode === OTHER_ROW) return otherSplit;
    return true;
  }).map((outcome) => {
    const kind = outcome.kinds.find((entry) => entry.version === version)?.kind;
    const derived = kind === "GROUP" && (outcome.code !== OTHER_ROW || otherSplit);
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
