import { registerEnumType } from "type-graphql";
import { CORRECTABLE_STATES, CORRECTION_STATUSES, REVIEW_STATUSES, REVISION_KINDS } from "../../domain/codes";

function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;
}

export const RevisionKindEnum = enumOf(REVISION_KINDS);
registerEnumType(RevisionKindEnum, {
  name: "RevisionKind",
  description: "What a revision of a report records (修订类型).",
  valuesConfig: {
    INGESTED: { description: "The report's first ingest (首次入库)." },
    UPDATED: { description: "New content for the same agency and year (内容更新)." },
    REPARSED: { description: "Read again from its stored source by the current parser (重新解析)." },
    NEIGHBOUR_CHANGED: { description: "Changed because a neighbouring year changed: its evidence or X1–X3 re-checked (相邻年度变动)." },
    CORRECTED: { description: "A person corrected cells (人工更正)." },
    REVERTED: { description: "A person reverted corrections (撤销更正)." },
    SCOPE_SET: { description: "A maintainer set the report's scope over the parser's reading (人工设定范围)." },
    AGENCY_RENAMED: { description: "Its agency took the name a later report prints (机关更名)." },
    RECHECKED: { description: "Its cross-year checks X1–X3 were run again on their own (重新校验)." },
    VERIFIED: { description: "A person verified the report (人工核验)." },
    COPY_ADDED: { description: "A copy from a second source was received (收到另一来源副本)." },
    DELETED: { description: "The report was deleted; its history stays (删除)." },
  },
});

export const ReviewStatusEnum = enumOf(REVIEW_STATUSES);
registerEnumType(ReviewStatusEnum, {
  name: "ReviewStatus",
  description: "Where a report stands with the people who keep the data (审核状态).",
  valuesConfig: {
    UNREVIEWED: { description: "No person has verified it (未审核)." },
    NEEDS_REVIEW: { description: "Changed since a person verified it, or the parser disputes a correction (待复核)." },
    VERIFIED: { description: "A person verified it, and nothing changed since (已核验)." },
  },
});

export const CorrectionStatusEnum = enumOf(CORRECTION_STATUSES);
registerEnumType(CorrectionStatusEnum, {
  name: "CorrectionStatus",
  description: "What the parser's latest reading says of a correction (更正核对状态).",
  valuesConfig: {
    STANDS: { description: "The parser cannot say: it has not read the report since, or reads the cell with doubt (待定)." },
    CONFIRMED: { description: "The parser reads the same, for certain (解析一致)." },
    DISPUTED: { description: "The parser reads something else, for certain; the correction stands and the report is queued for review (解析不一致)." },
  },
});

export const CorrectableStateEnum = enumOf(CORRECTABLE_STATES);
registerEnumType(CorrectableStateEnum, {
  name: "CorrectableState",
  description: "A state a person may give a cell instead of a value (可更正状态).",
  valuesConfig: {
    BLANK: { description: "Printed empty: counts as 0 (空白)." },
    NA_MARK: { description: "A mark such as 无 or /, not a number (标记)." },
    ILLEGIBLE: { description: "Unreadable in the published document too (无法辨认)." },
    ABSENT: { description: "Not printed at all (未列出)." },
  },
});
