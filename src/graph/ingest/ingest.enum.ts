import { registerEnumType } from "type-graphql";
import { SOURCE_FORMATS } from "../../domain/codes";
import { enumOf } from "../core/domain.enum";

/** Formats a report's text can be sent in over the API: every source format the documents layer reads. */
export const InputFormatEnum = enumOf(SOURCE_FORMATS);
registerEnumType(InputFormatEnum, {
  name: "InputFormat",
  description: "How an ingested report is written (来源格式): plain or OCR text, Markdown, an HTML page, a PDF (as base64), or the structured JSON form.",
});

export const IngestStatusEnum = { INGESTED: "INGESTED", UPDATED: "UPDATED", UNCHANGED: "UNCHANGED" } as const;
registerEnumType(IngestStatusEnum, {
  name: "IngestStatus",
  description: "What ingesting did (入库结果): stored a new report, replaced an existing one's content, or found it unchanged.",
});
