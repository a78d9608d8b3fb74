import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { In, IsNull } from "typeorm";
import { CellCorrection, type CellVersion, type IssueVersion, type Report, type ReportCell, type ValidationIssue } from "../../entities";
import { cellChanges, partsAt, type CellChange } from "../../revisions/history";
import type { Loaders } from "../core/entity.loader";

/**
 * The loaders of the history, one set per request like the others (kept beside the request's Loaders, so they live
 * and die with it): a report's cells and issues as of a revision, its corrections, a revision's cell changes.
 */
export interface HistoryLoaders {
  /** Key: "reportId@sequence". */
  readonly partsAt: DataLoader<string, { cells: CellVersion[]; issues: IssueVersion[] }>;
  readonly correctionsByReportId: DataLoader<number, CellCorrection[]>;
  readonly standingCorrectionsByReportId: DataLoader<number, CellCorrection[]>;
  readonly changesByRevision: DataLoader<number, CellChange[]>;
}

const perRequest = new WeakMap<Loaders, HistoryLoaders>();

function corrections(dataSource: DataSource, standingOnly: boolean): DataLoader<number, CellCorrection[]> {
  return new DataLoader<number, CellCorrection[]>(async (keys) => {
    const rows = await dataSource
      .getRepository(CellCorrection)
      .find({ where: { reportId: In([...keys]), ...(standingOnly ? { revertedAt: IsNull() } : {}) }, order: { id: "ASC" } });
    return keys.map((key) => rows.filter((row) => row.reportId === key));
  });
}

/** The history loaders of the request whose loaders are `loaders`. */
export function historyLoaders(dataSource: DataSource, loaders: Loaders): HistoryLoaders {
  let found = perRequest.get(loaders);
  if (!found) {
    found = {
      partsAt: new DataLoader(async (keys) => {
        const bySequence = new Map<number, number[]>();
        for (const key of keys) {
          const [reportId, sequence] = key.split("@").map(Number);
          bySequence.set(sequence, [...(bySequence.get(sequence) ?? []), reportId]);
        }
        const answers = new Map<string, { cells: CellVersion[]; issues: IssueVersion[] }>();
        for (const [sequence, reportIds] of bySequence) {
          for (const [reportId, parts] of await partsAt(dataSource.manager, reportIds, sequence)) answers.set(`${reportId}@${sequence}`, parts);
        }
        return keys.map((key) => answers.get(key) ?? { cells: [], issues: [] });
      }),
      correctionsByReportId: corrections(dataSource, false),
      standingCorrectionsByReportId: corrections(dataSource, true),
      changesByRevision: new DataLoader(async (keys) => {
        const changes = await cellChanges(dataSource.manager, keys);
        return keys.map((key) => changes.get(key) ?? []);
      }),
    };
    perRequest.set(loaders, found);
  }
  return found;
}

/** A report's cells: as of its point when it was read at one, else as stored now. */
export async function cellsOf(report: Report, dataSource: DataSource, loaders: Loaders): Promise<ReportCell[]> {
  if (!report.asOf) return loaders.cellsByReportId.load(report.id);
  const sequence = report.asOf.sequence;
  const parts = await historyLoaders(dataSource, loaders).partsAt.load(`${report.id}@${sequence}`);
  // A version read as of a revision is a stored cell as it was then; the revision travels with it to its correction.
  return parts.cells.map((cell) => Object.assign(cell, { asOfSequence: sequence })) as unknown as ReportCell[];
}

/** A report's validation issues: as of its point when it was read at one, else as stored now. */
export async function issuesOf(report: Report, dataSource: DataSource, loaders: Loaders): Promise<ValidationIssue[]> {
  if (!report.asOf) return loaders.issuesByReportId.load(report.id);
  const parts = await historyLoaders(dataSource, loaders).partsAt.load(`${report.id}@${report.asOf.sequence}`);
  return parts.issues as unknown as ValidationIssue[];
}
