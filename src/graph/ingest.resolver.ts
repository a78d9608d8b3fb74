import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { recomputeContinuity } from "../analytics/continuity";
import { Report } from "../entities";
import { IngestError } from "../ingest/ingest-errors";
import { checkMetadata, MetadataError } from "../ingest/ingest-metadata";
import { ingestSource } from "../ingest/ingest-report";
import { requireWriter } from "./auth";
import type { Context } from "./context";
import { BadUserInputError, ClientError, NotFoundError } from "./errors";
import { DeleteReportPayload, IngestReportInput, IngestReportPayload } from "./ingest.types";
import { numericKey } from "./node";

/** Writes: ingesting and deleting reports. Both need the API token. */
@Resolver()
export class IngestResolver {
  @Mutation(() => IngestReportPayload, {
    description: "Parses and stores a report in one transaction, idempotent on agency and year (报告入库). Needs the API token.",
  })
  async ingestReport(@Arg("input") input: IngestReportInput, @Ctx() { dataSource, caller, onDataChanged }: Context): Promise<IngestReportPayload> {
    requireWriter(caller);
    const { text, base64, format, ...rest } = input;
    if ((text === null || text === undefined) === (base64 === null || base64 === undefined)) throw new BadUserInputError("input", "give either text or base64");
    if (base64 && !/^[A-Za-z0-9+/=\s]*$/.test(base64)) throw new BadUserInputError("input.base64", "is not base64");
    try {
      const metadata = checkMetadata(Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined)), "input");
      const bytes = base64 ? Buffer.from(base64, "base64") : Buffer.from(text ?? "", "utf8");
      const outcome = await ingestSource(dataSource, { bytes, format }, metadata);
      if (outcome.status !== "unchanged") onDataChanged?.();
      const report = await dataSource.getRepository(Report).findOneByOrFail({ id: outcome.reportId });
      return { status: outcome.status.toUpperCase() as IngestReportPayload["status"], report };
    } catch (error) {
      // IngestError covers everything about the document: not a report, over a document limit, the parser failing
      // on it, a value the database refuses. A value too large for a cell is no error: the report is stored with
      // the cell marked ILLEGIBLE and a PARSE_VALUE_OUT_OF_RANGE issue.
      if (error instanceof MetadataError) throw new BadUserInputError("input", error.message.replace(/^input: /, ""));
      if (error instanceof IngestError) throw new ClientError("BAD_USER_INPUT", error.message);
      throw error;
    }
  }

  @Mutation(() => DeleteReportPayload, { description: "Deletes a report with its cells, sections and issues (删除报告). Needs the API token." })
  async deleteReport(@Arg("id", () => ID, { description: "The report's global id (报告编号)." }) id: string, @Ctx() { dataSource, caller, onDataChanged }: Context): Promise<DeleteReportPayload> {
    requireWriter(caller);
    const key = numericKey(id, "id", "Report");
    const deleted = await dataSource.transaction(async (manager) => {
      const report = await manager.findOneBy(Report, { id: key });
      if (!report) return 0;
      await manager.delete(Report, { id: key });
      // The next year's continuity was checked against this report.
      await recomputeContinuity(manager, report.agencyId, [report.year + 1]);
      return 1;
    });
    if (deleted === 0) throw new NotFoundError("Report", id);
    onDataChanged?.();
    return { deletedReportId: id };
  }
}
