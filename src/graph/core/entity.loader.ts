import DataLoader from "dataloader";
import { In, IsNull, type DataSource, type EntityTarget, type ObjectLiteral, type ValueTransformer } from "typeorm";
import { Agency, AgencyAlias, CellCorrection, Region, Report, ReportCell, ReportCopy, ReportSection, ValidationIssue } from "../../entities";

/**
 * The DataLoaders of one request, named by their key. Built per request, never shared. Contract (dataloader's):
 * each batch answers one entry per key, in the keys' order — the row, null, or [] where a key has none.
 */
export interface Loaders {
  readonly regionByCode: DataLoader<string, Region | null>;
  readonly regionsByParentCode: DataLoader<string, Region[]>;
  readonly agencyById: DataLoader<number, Agency | null>;
  readonly aliasesByAgencyId: DataLoader<number, AgencyAlias[]>;
  readonly reportById: DataLoader<number, Report | null>;
  /** Key: "agencyId:year". */
  readonly reportByAgencyYear: DataLoader<string, Report | null>;
  readonly cellsByReportId: DataLoader<number, ReportCell[]>;
  readonly sectionsByReportId: DataLoader<number, ReportSection[]>;
  readonly issuesByReportId: DataLoader<number, ValidationIssue[]>;
  /** Copies of a report from second sources, in the order they came. */
  readonly copiesByReportId: DataLoader<number, ReportCopy[]>;
  /** A report's standing corrections (not reverted) the parser disputes, in the order they were made. */
  readonly disputedCorrectionsByReportId: DataLoader<number, CellCorrection[]>;
}

/** A loader of one row per key. */
function loadOne<K extends string | number, T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await dataSource.getRepository(entity).find({ where: { [key]: In([...keys]) } as never });
    const byKey = new Map<unknown, T>(rows.map((row) => [row[key], row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** A loader of all rows per key, in `order`. */
function loadMany<K extends string | number, T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: Partial<Record<keyof T & string, "ASC" | "DESC">>,
): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const rows = await dataSource.getRepository(entity).find({ where: { [key]: In([...keys]) } as never, order: order as never });
    const byKey = new Map<unknown, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[key])?.push(row);
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

/**
 * A loader of all rows per key like `loadMany`, read as raw rows and mapped through the entity's column metadata
 * (each column's transformer applied, as hydration would), without building entity instances: for the hot lists of
 * plain rows (a report's cells: some 250 per report), where hydration is most of the cost. The rows have the
 * entity's properties and no relation.
 */
function loadManyRaw<K extends number, T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  orderBy: keyof T & string,
): DataLoader<K, T[]> {
  const metadata = dataSource.getMetadata(entity);
  const columns = metadata.columns;
  const keyColumn = metadata.findColumnWithPropertyName(key)!.databaseName;
  const orderColumn = metadata.findColumnWithPropertyName(orderBy)!.databaseName;
  const selected = columns.map((column) => column.databaseName).join(", ");
  return new DataLoader<K, T[]>(async (keys) => {
    const rows = (await dataSource.query(
      `SELECT ${selected} FROM ${metadata.tableName} WHERE ${keyColumn} IN (${keys.map(() => "?").join(", ")}) ORDER BY ${orderColumn}`,
      [...keys],
    )) as Array<Record<string, unknown>>;
    const byKey = new Map<unknown, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) {
      const mapped: Record<string, unknown> = {};
      for (const column of columns) {
        const value = row[column.databaseName];
        const transformer = column.transformer as ValueTransformer | undefined;
        mapped[column.propertyName] = transformer ? transformer.from(value) : value;
      }
      byKey.get(Number(mapped[key]))?.push(mapped as T);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

/** Reports by "agencyId:year", in one query per batch. */
function loadReportByAgencyYear(dataSource: DataSource): DataLoader<string, Report | null> {
  return new DataLoader<string, Report | null>(async (keys) => {
    const pairs = keys.map((key) => key.split(":").map(Number) as [number, number]);
    const rows = await dataSource.getRepository(Report).find({ where: pairs.map(([agencyId, year]) => ({ agencyId, year })) });
    const byKey = new Map(rows.map((row) => [`${row.agencyId}:${row.year}`, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Standing DISPUTED corrections by report id, in one query per batch. */
function loadDisputedCorrections(dataSource: DataSource): DataLoader<number, CellCorrection[]> {
  return new DataLoader<number, CellCorrection[]>(async (keys) => {
    const rows = await dataSource
      .getRepository(CellCorrection)
      .find({ where: { reportId: In([...keys]), status: "DISPUTED", revertedAt: IsNull() }, order: { id: "ASC" } });
    const byKey = new Map<number, CellCorrection[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(row.reportId)?.push(row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/** Builds a fresh set of loaders for one request. */
export function createLoaders(dataSource: DataSource): Loaders {
  return {
    regionByCode: loadOne(dataSource, Region, "code"),
    regionsByParentCode: loadMany(dataSource, Region, "parentCode", { code: "ASC" }),
    agencyById: loadOne(dataSource, Agency, "id"),
    aliasesByAgencyId: loadMany(dataSource, AgencyAlias, "agencyId", { id: "ASC" }),
    reportById: loadOne(dataSource, Report, "id"),
    reportByAgencyYear: loadReportByAgencyYear(dataSource),
    cellsByReportId: loadManyRaw(dataSource, ReportCell, "reportId", "id"),
    sectionsByReportId: loadMany(dataSource, ReportSection, "reportId", { id: "ASC" }),
    issuesByReportId: loadMany(dataSource, ValidationIssue, "reportId", { id: "ASC" }),
    copiesByReportId: loadMany(dataSource, ReportCopy, "reportId", { id: "ASC" }),
    disputedCorrectionsByReportId: loadDisputedCorrections(dataSource),
  };
}
