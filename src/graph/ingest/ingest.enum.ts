import { registerEnumType } from "type-graphql";
import { SOURCE_FORMATS } from "../../domain/codes";
import { enumOf } from "../core/domain.enum";

/** Formats a report's text can be sent in over the API: every source format the documents layer reads. */
export const InputFormatEnum = enumOf(SOURCE_FORMATS);
registerEnumType(InputFormatEnum, {
  name: "InputFormat",
  description: "How an ingested report is written (来源格式): plain or OCR text, Markdown, an HTML page, a PDF (as base64), or the structured JSON form.",
  valuesConfig: {
    TEXT: { description: "Plain or OCR text (纯文本)." },
    MARKDOWN: { description: "Markdown, tables as pipes (Markdown文本)." },
    HTML: { description: "An HTML page (HTML网页)." },
    PDF: { description: "A PDF file as base64 (PDF文件，base64编码)." },
    JSON: { description: "The structured JSON form of a report (结构化JSON)." },
  },
});

export const IngestStatusEnum = { INGESTED: "INGESTED", UPDATED: "UPDATED", UNCHANGED: "UNCHANGED", DIVERGENT: "DIVERGENT", CONFIRMED: "CONFIRMED" } as const;
registerEnumType(IngestStatusEnum, {
  name: "IngestStatus",
  description:
    "What ingesting did (入库结果): stored a new report, replaced an existing one's content from the same source, found it unchanged, or kept a second source's copy beside the served report (another URL, or another format when neither has a URL).",
  valuesConfig: {
    INGESTED: { description: "A new report was stored (新入库)." },
    UPDATED: { description: "An existing report's content was replaced from the same source (已更新)." },
    UNCHANGED: { description: "The same content was already stored, as the report or as a copy; nothing changed (未变化)." },
    DIVERGENT: {
      description:
        "A second source's copy disagrees with the served report in some cell: kept beside it, not served, and the report needs review (副本不一致).",
    },
    CONFIRMED: { description: "A second source's copy agrees with the served report in every cell: kept beside it as confirmation (副本一致)." },
  },
});
