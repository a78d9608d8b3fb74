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

export { Agency, AgencyAlias, Indicator, Region, Report, ReportCell, ReportSection, SourceChunk, SourceDocument, ValidationIssue };

/** Every entity, for the DataSource. */
export const ENTITIES = [Region, Agency, AgencyAlias, Report, ReportCell, ReportSection, ValidationIssue, Indicator, SourceDocument, SourceChunk];
