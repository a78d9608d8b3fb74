import type { DataSource } from "typeorm";
import type { AgencyKind, TemplateVersion } from "../../src/domain/codes";
import { Agency, Report, ReportCell, ReportSection, ValidationIssue } from "../../src/entities";

/** Stores an agency in a region. */
export async function createAgency(dataSource: DataSource, fields: { name: string; regionCode: string; kind?: AgencyKind }): Promise<Agency> {
  return dataSource.getRepository(Agency).save({
    name: fields.name,
    normalizedName: fields.name,
    kind: fields.kind ?? "DEPARTMENT",
    regionCode: fields.regionCode,
  });
}

/** A cell to store: TABLE.ROW.COLUMN and a value. */
export type CellSeed = readonly [code: string, value: number | null];

/** Stores a report with the given cells, one S6 section and one issue. */
export async function createReport(
  dataSource: DataSource,
  fields: { agencyId: number; year: number; templateVersion?: TemplateVersion; cells?: readonly CellSeed[] },
): Promise<Report> {
  const report = await dataSource.getRepository(Report).save({
    agencyId: fields.agencyId,
    year: fields.year,
    templateVersion: fields.templateVersion ?? "TPL_2021",
    scope: "AGENCY",
    title: `${fields.year}年政府信息公开工作年度报告`,
    publishedAt: `${fields.year + 1}-01-31`,
    sourceUrl: null,
    sourceFormat: "TEXT",
    contentHash: "0".repeat(64),
    parserVersion: "test",
    ingestedAt: new Date("2026-01-01T00:00:00Z"),
    errorCount: 1,
  });
  await dataSource.getRepository(ReportCell).save(
    (fields.cells ?? []).map(([code, value], index) => {
      const [tableCode, rowCode, columnCode] = code.split(".");
      return {
        reportId: report.id,
        tableCode,
        rowCode,
        columnCode,
        value,
        valueState: value === null ? ("BLANK" as const) : ("VALUE" as const),
        rawText: value === null ? "" : String(value),
        line: 100 + index,
      };
    }),
  );
  await dataSource.getRepository(ReportSection).save({ reportId: report.id, sectionCode: "S6_OTHER", body: "无" });
  await dataSource.getRepository(ValidationIssue).save({
    reportId: report.id,
    rule: "R1",
    severity: "error",
    message: "NEW_RECEIVED + CARRIED_OVER_IN ≠ R_TOTAL + CARRIED_FORWARD_OUT",
    cellCodes: ["APPLICATIONS.NEW_RECEIVED.TOTAL", "APPLICATIONS.R_TOTAL.TOTAL"],
    line: 120,
  });
  return report;
}
