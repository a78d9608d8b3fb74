import { CreateRegion1732000000001 } from "./1732000000001-create-region";
import { CreateAgency1732000000002 } from "./1732000000002-create-agency";
import { CreateReport1732000000003 } from "./1732000000003-create-report";
import { CreateIndicator1732000000004 } from "./1732000000004-create-indicator";
import { CreateSourceDocument1732000000005 } from "./1732000000005-create-source-document";
import { AddCellProvenance1732000000006 } from "./1732000000006-add-cell-provenance";
import { AddReportScopeEvidence1732000000007 } from "./1732000000007-add-report-scope-evidence";
import { AddReportNarrative1732000000008 } from "./1732000000008-add-report-narrative";
import { AddCellCandidates1732000000009 } from "./1732000000009-add-cell-candidates";
import { AddRevisions1732000000010 } from "./1732000000010-add-revisions";
import { AddReportCopies1732000000011 } from "./1732000000011-add-report-copies";

/** Every migration, in the order it runs. Append new ones; never reorder or edit a released one. */
export const MIGRATIONS = [
  CreateRegion1732000000001,
  CreateAgency1732000000002,
  CreateReport1732000000003,
  CreateIndicator1732000000004,
  CreateSourceDocument1732000000005,
  AddCellProvenance1732000000006,
  AddReportScopeEvidence1732000000007,
  AddReportNarrative1732000000008,
  AddCellCandidates1732000000009,
  AddRevisions1732000000010,
  AddReportCopies1732000000011,
];
