import { Agency } from "./agency.entity";
import { AgencyAlias } from "./agency-alias.entity";
import { Indicator } from "./indicator.entity";
import { Region } from "./region.entity";
import { Report } from "./report.entity";
import { ReportCell } from "./report-cell.entity";
import { ReportSection } from "./report-section.entity";
import { SourceChunk } from "./source-chunk.entity";
import { SourceDocument } from "./source-document.entity";
import { ValidationIssue } from "./validation-issue.entity";
import { CellCorrection } from "./cell-correction.entity";
import { CellVersion } from "./cell-version.entity";
import { DataRelease } from "./data-release.entity";
import { IssueVersion } from "./issue-version.entity";
import { ReportRevision } from "./report-revision.entity";
import { RevisionClock } from "./revision-clock.entity";
import { ReportCopy } from "./report-copy.entity";

export {
  Agency,
  AgencyAlias,
  CellCorrection,
  CellVersion,
  DataRelease,
  Indicator,
  IssueVersion,
  Region,
  Report,
  ReportCell,
  ReportCopy,
  ReportRevision,
  ReportSection,
  RevisionClock,
  SourceChunk,
  SourceDocument,
  ValidationIssue,
};
export type { RevisionFields } from "./report-revision.entity";
export { COPY_STATUSES, type CopyDisagreement, type CopyReading, type CopyStatus } from "./report-copy.entity";

/** Every entity, for the DataSource. */
export const ENTITIES = [
  Region,
  Agency,
  AgencyAlias,
  Report,
  ReportCell,
  ReportSection,
  ValidationIssue,
  Indicator,
  SourceDocument,
  SourceChunk,
  ReportRevision,
  CellVersion,
  IssueVersion,
  CellCorrection,
  DataRelease,
  RevisionClock,
  ReportCopy,
];
