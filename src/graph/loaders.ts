import DataLoader from "dataloader";
import { In, type DataSource, type ObjectLiteral, type EntityTarget } from "typeorm";
import { Agency, Region, Report, ReportCell, ReportSection, ValidationIssue } from "../entities";

/** The DataLoaders of one request, named by their key. Built per request, never shared. */
export interface Loaders {
  readonly regionByCode: DataLoader<string, Region | null>;
  readonly regionsByParentCode: DataLoader<string, Region[]>;
  readonly agencyById: DataLoader<number, Agency | null>;
  readonly reportsByAgencyId: DataLoader<number, Report[]>;
  readonly cellsByReportId: DataLoader<number, ReportCell[]>;
  readonly sectionsByReportId: DataLoader<number, ReportSection[]>;
  readonly issuesByReportId: DataLoader<number, ValidationIssue[]>;
}

/** A loader of one row per key: same length and order as the keys, null where a key has no row. */
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

/** A loader of all rows per key, in `order`: same length and order as the keys, [] where a key has none. */
function loadMany<K extends string | number, T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: Partial<Record<keyof T & string, "ASC" | "DESC">>,
): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const rows = await dataSource
      .getRepository(entity)
      .find({ where: { [key]: In([...keys]) } as never, order: order as never });
    const byKey = new Map<unknown, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[key])?.push(row);
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

/** Builds a fresh set of loaders for one request. */
export function createLoaders(dataSource: DataSource): Loaders {
  return {
    regionByCode: loadOne(dataSource, Region, "code"),
    regionsByParentCode: loadMany(dataSource, Region, "parentCode", { code: "ASC" }),
    agencyById: loadOne(dataSource, Agency, "id"),
    reportsByAgencyId: loadMany(dataSource, Report, "agencyId", { year: "DESC" }),
    cellsByReportId: loadMany(dataSource, ReportCell, "reportId", { id: "ASC" }),
    sectionsByReportId: loadMany(dataSource, ReportSection, "reportId", { id: "ASC" }),
    issuesByReportId: loadMany(dataSource, ValidationIssue, "reportId", { id: "ASC" }),
  };
}
