import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { IngestError } from "../../ingest/ingest-errors";
import { checkMetadata, MetadataError } from "../../ingest/ingest-metadata";
import { deleteReport, storeReport } from "../../services/report-writes";
import { requireRole } from "../core/auth";
import type { Context } from "../core/context";
import { BadUserInputError, ClientError, NotFoundError } from "../core/errors";
import { DeleteReportPayload, IngestReportPayload } from "./ingest.type";
import { IngestReportInput } from "./ingest.input";
import { numericKey } from "../core/node";

/** Writes: ingesting and deleting reports. Both need an ADMIN token. */
@Resolver()
export class IngestResolver {
  @Mutation(() => IngestReportPayload, {
    description: "Parses and stores a report in one transaction, idempotent on agency and year (报告入库). Needs an ADMIN token.",
  })
  async ingestReport(
    @Arg("input", () => IngestReportInput, { description: "The report's text and where it comes from (入库内容)." }) input: IngestReportInput,
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<IngestReportPayload> {
    const actor = requireRole(caller, "ADMIN");
    const { text, base64, format, ...rest } = input;
    if ((text === null || text === undefined) === (base64 === null || base64 === undefined)) throw new BadUserInputError("input", "give either text or base64");
    if (base64 && !/^[A-Za-z0-9+/=\s]*$/.test(base64)) throw new BadUserInputError("input.base64", "is not base64");
    try {
      const metadata = checkMetadata(Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined)), "input");
      const bytes = base64 ? Buffer.from(base64, "base64") : Buffer.from(text ?? "", "utf8");
      const { status, report } = await storeReport(dataSource, { bytes, format }, metadata, { actor });
      if (status !== "unchanged") onDataChanged?.();
      return { status: status.toUpperCase() as IngestReportPayload["status"], report };
    } catch (error) {
      // IngestError covers everything about the document: not a report, over a document limit, the parser failing
      // on it, a value the database refuses. A value too large for a cell is no error: the report is stored with
      // the cell marked ILLEGIBLE and a PARSE_VALUE_OUT_OF_RANGE issue.
      if (error instanceof MetadataError) throw new BadUserInputError("input", error.message.replace(/^input: /, ""));
      if (error instanceof IngestError) throw new ClientError("BAD_USER_INPUT", error.message);
      throw error;
    }
  }

  @Mutation(() => DeleteReportPayload, {
    description: "Deletes a report with its cells, sections and issues; its revisions stay (删除报告). Needs an ADMIN token.",
  })
  async deleteReport(
    @Arg("id", () => ID, { description: "The report's global id (报告编号)." }) id: string,
    @Ctx() { dataSource, caller, onDataChanged }: Context,
  ): Promise<DeleteReportPayload> {
    const actor = requireRole(caller, "ADMIN");
    if (!(await deleteReport(dataSource, numericKey(id, "id", "Report"), { actor }))) throw new NotFoundError("Report", id);
    onDataChanged?.();
    return { deletedReportId: id };
  }
}
