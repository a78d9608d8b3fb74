/**
 * The parser: report text -> cells, metadata and issues. Pure (no database, no network) and deterministic.
 * See README.md in this folder for the stages.
 */
export { PARSER_VERSION, parseReport, type ParseInputFormat } from "./parse-report";
export type { ParseIssue, ParseResult, ParsedCell, ParsedRegion, ParsedReport } from "./parsed-report";
export { cellCode } from "./parsed-report";
export { describeStructuredProblems, readStructuredReport, type StructuredProblem, type StructuredReadResult } from "./structured-report";
