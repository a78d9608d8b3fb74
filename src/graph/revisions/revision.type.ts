import { Field, Float, Int, ObjectType } from "type-graphql";
import type { CorrectionStatus, ReviewStatus, RevisionKind } from "../../domain/codes";
import type { CellCorrection, Report } from "../../entities";
import { recordCellCode } from "../../domain/cell";
import { Connection } from "../core/connection";
import { ReportScopeEnum, TemplateVersionEnum, ValueStateEnum } from "../core/domain.enum";
import { ReportType } from "../reports/report.type";
import { CorrectionStatusEnum, ReviewStatusEnum, RevisionKindEnum } from "./revision.enum";

@ObjectType("CellSide", { description: "A cell's value and state on one side of a change (单元格取值)." })
export class CellSideType {
  @Field(() => Float, { nullable: true, description: "The number; null when blank, marked or unreadable (数值)." })
  value: number | null;

  @Field(() => ValueStateEnum, { description: "How the value was read or entered (取值状态)." })
  state: string;

  @Field(() => String, { nullable: true, description: "The text as printed (原文)." })
  rawText: string | null;
}

@ObjectType("CellChange", { description: "One cell's change in a revision (单元格变更)." })
export class CellChangeType {
  @Field({ description: "TABLE.ROW.COLUMN code (单元格代码)." })
  cell: string;

  @Field(() => CellSideType, { nullable: true, description: "Before the revision; null for a cell it added (变更前)." })
  before: CellSideType | null;

  @Field(() => CellSideType, { nullable: true, description: "After the revision; null for a cell it removed (变更后)." })
  after: CellSideType | null;
}

@ObjectType("ReportRevision", { description: "One change to one report, never changed once written (报告修订): who, when, why and what." })
export class ReportRevisionType {
  @Field(() => Int, { description: "The revision's place in the global commit order: the change feed's position (全局修订号)." })
  sequence: number;

  @Field(() => Int, { description: "The report's own revision number, from 1 (报告修订序号)." })
  number: number;

  @Field(() => Int, { description: "The report's database id; the report may since have been deleted (报告编号)." })
  reportDatabaseId: number;

  @Field(() => Int, { description: "The year the report covers (报告年度)." })
  year: number;

  @Field(() => RevisionKindEnum, { description: "What the revision records (修订类型)." })
  kind: RevisionKind;

  @Field({ description: "Who made the change: the API token's name, or cli:USER (修订人)." })
  actor: string;

  @Field(() => String, { nullable: true, description: "Why, in words (修订原因)." })
  reason: string | null;

  @Field({ description: "When the change was committed (提交时间)." })
  committedAt: Date;

  @Field(() => Int, { description: "Cells added, removed or changed (变更单元格数)." })
  cellsChanged: number;

  @Field(() => Int, { description: "Validation issues added or removed (变更校验问题数)." })
  issuesChanged: number;

  @Field(() => TemplateVersionEnum, { description: "The report's template version after the revision (模板版本)." })
  templateVersion: string;

  @Field(() => ReportScopeEnum, { description: "The report's scope after the revision (报告范围)." })
  scope: string;

  @Field(() => ReviewStatusEnum, { description: "The report's review status after the revision (审核状态)." })
  reviewStatus: ReviewStatus;

  @Field({ description: "SHA-256 of the source the report was read from after the revision (内容哈希)." })
  contentHash: string;

  @Field({ description: "The parser version of the report after the revision (解析器版本)." })
  parserVersion: string;

  agencyId: number;
}

export const ReportRevisionConnection = Connection(ReportRevisionType, "ReportRevision", "revisions (修订)");

@ObjectType("CellCorrection", { description: "A person's correction of one cell, with the parser's reading beside it (人工更正)." })
export class CellCorrectionType {
  @Field(() => Int, { description: "The correction's number, to revert it by (更正编号)." })
  databaseId: number;

  @Field({ description: "TABLE.ROW.COLUMN code of the cell (单元格代码)." })
  cell: string;

  @Field(() => Float, { nullable: true, description: "The value the person entered; null when they gave a state (更正值)." })
  value: number | null;

  @Field(() => ValueStateEnum, { description: "CORRECTED with a value, or the state the person gave (更正状态)." })
  state: string;

  @Field({ description: "Why, in words (更正原因)." })
  reason: string;

  @Field(() => String, { nullable: true, description: "Where the person read it: a page of the PDF, a URL (依据)." })
  evidence: string | null;

  @Field({ description: "Who corrected it: the API token's name, or cli:USER (更正人)." })
  actor: string;

  @Field({ description: "When (更正时间)." })
  createdAt: Date;

  @Field(() => Int, { description: "The revision that made it, in the global commit order (修订号)." })
  revisionSequence: number;

  @Field(() => Float, { nullable: true, description: "The parser's latest reading of the cell: its number (解析值)." })
  parserValue: number | null;

  @Field(() => ValueStateEnum, { nullable: true, description: "The parser's latest reading: its state; null when the parser has no such cell (解析状态)." })
  parserState: string | null;

  @Field(() => String, { nullable: true, description: "The parser's latest reading: the printed text (解析原文)." })
  parserRawText: string | null;

  @Field(() => String, { nullable: true, description: "The parser version of that reading (解析器版本)." })
  parserVersion: string | null;

  @Field(() => CorrectionStatusEnum, { description: "What that reading says of the correction (核对状态)." })
  status: CorrectionStatus;

  @Field(() => String, { nullable: true, description: "Who reverted or superseded it; null while it stands (撤销人)." })
  revertedBy: string | null;

  @Field(() => Date, { nullable: true, description: "When it was reverted or superseded (撤销时间)." })
  revertedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was reverted or superseded (撤销原因)." })
  revertReason: string | null;
}

/** A stored correction as the graph shows it. */
export function toCorrectionType(correction: CellCorrection): CellCorrectionType {
  return {
    databaseId: correction.id,
    cell: recordCellCode(correction),
    value: correction.value,
    state: correction.valueState,
    reason: correction.reason,
    evidence: correction.evidence,
    actor: correction.actor,
    createdAt: correction.createdAt,
    revisionSequence: correction.revisionId,
    parserValue: correction.parsedValue,
    parserState: correction.parsedState,
    parserRawText: correction.parsedRawText,
    parserVersion: correction.parserVersion,
    status: correction.status,
    revertedBy: correction.revertedBy,
    revertedAt: correction.revertedAt,
    revertReason: correction.revertReason,
  };
}

@ObjectType("HistoryPoint", { description: "The point in the history a report was read at (历史时点)." })
export class HistoryPointType {
  @Field(() => Int, { description: "Every revision up to this one in the global commit order, none after (修订号)." })
  sequence: number;

  @Field(() => Date, { nullable: true, description: "The moment asked for, when one was (时间点)." })
  asOf: Date | null;

  @Field(() => String, { nullable: true, description: "The release asked for, when one was (发布版本)." })
  release: string | null;
}

@ObjectType("Release", { description: "A named state of the data: every report as of one revision (数据发布版本). Nothing is copied." })
export class ReleaseType {
  @Field({ description: "The release's name (版本名称)." })
  name: string;

  @Field(() => Int, { description: "The last revision committed when it was made (修订号)." })
  sequence: number;

  @Field({ description: "When it was made (创建时间)." })
  createdAt: Date;

  @Field({ description: "Who made it (创建人)." })
  createdBy: string;

  @Field(() => String, { nullable: true, description: "What it is for, in words (说明)." })
  note: string | null;
}

@ObjectType("ReviewPayload", { description: "What a maintainer's change did (审核操作结果)." })
export class ReviewPayloadType {
  @Field(() => ReportType, { description: "The report as it now stands (报告)." })
  report: Report;

  @Field(() => ReportRevisionType, { description: "The revision that recorded the change (修订)." })
  revision: ReportRevisionType;
}
