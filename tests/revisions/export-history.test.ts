import type { DataSource } from "typeorm";
import { exportCells, exportWide, resolveExportPoint, type CsvSink, type ExportFilter } from "../../src/analytics/csv-export";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { Report, ReportCell, ReportRevision, RevisionClock } from "../../src/entities";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import type { HistoryPoint } from "../../src/revisions/history";
import { createRelease } from "../../src/services/releases";
import { correctCells } from "../../src/services/report-review";
import { deleteReport } from "../../src/services/report-writes";
import { openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

/** A sink that keeps the whole export. */
function memorySink(): CsvSink & { text: () => string } {
  let text = "";
  return {
    write: async (chunk) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

async function exported(dataSource: DataSource, filter: ExportFilter = {}, point: HistoryPoint | null = null): Promise<string> {
  const sink = memorySink();
  await exportCells(dataSource, filter, sink, point);
  return sink.text();
}

async function exportedWide(dataSource: DataSource, point: HistoryPoint | null = null): Promise<string> {
  const sink = memorySink();
  await exportWide(dataSource, {}, sink, point);
  return sink.text();
}

const HEADER =
  "\uFEFFreport_id,agency_id,agency_name,region_code,year,template_version,scope,table_code,row_code,column_code,value,value_state,raw_text,line\r\n";

/** Waits until the clock has moved past the last commit, so that a moment names exactly the revisions before it. */
async function pastLastCommit(dataSource: DataSource): Promise<Date> {
  const clock = await dataSource.getRepository(RevisionClock).findOneByOrFail({ id: 1 });
  while (Date.now() <= clock.lastCommittedAt.getTime()) await new Promise((resolve) => setImmediate(resolve));
  return new Date(clock.lastCommittedAt.getTime() + 1);
}

describe.each(testDatabases())("exports as of a point on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;
  let before: string;
  let beforeFiltered: string;
  let beforeWide: string;
  let beforeMoment: Date;
  let corrected: { reportId: number; cell: ReportCell; value: number };
  const filtered: ExportFilter = { regionCode: "320800", yearFrom: 2024, indicator: "APPLICATIONS" };

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
    server = await startHttpServer(dataSource, { port: 0, tokens: [] }, createLogger("silent"));
    before = await exported(dataSource);
    beforeFiltered = await exported(dataSource, filtered);
    beforeWide = await exportedWide(dataSource);
    await createRelease(dataSource, { name: "before-fix" }, { actor: "tester" });
    beforeMoment = await pastLastCommit(dataSource);
    const report = (await dataSource.getRepository(Report).find({ order: { id: "ASC" } })).find((candidate) => candidate.year === 2024)!;
    const cell = (await dataSource.getRepository(ReportCell).find({ where: { reportId: report.id, tableCode: "APPLICATIONS" }, order: { id: "ASC" } })).find(
      (candidate) =>
        candidate.value !== null &&
        INDICATORS.some((indicator) => indicator.code === `${candidate.tableCode}.${candidate.rowCode}.${candidate.columnCode}` && !indicator.derived),
    )!;
    const value = Number(cell.value) + 7;
    await correctCells(
      dataSource,
      {
        reportId: report.id,
        revision: report.revision,
        corrections: [{ cell: `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, value, reason: "read again from the PDF" }],
      },
      { actor: "tester" },
    );
    corrected = { reportId: report.id, cell, value };
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  const rowOf = (text: string) =>
    text
      .split("\r\n")
      .find(
        (line) =>
          line.startsWith(`${corrected.reportId},`) && line.includes(`,${corrected.cell.tableCode},${corrected.cell.rowCode},${corrected.cell.columnCode},`),
      );

  it("orders the current export by report id, then table, row and column", async () => {
    const lines = before.slice(HEADER.length).split("\r\n").filter(Boolean);
    expect(lines.length).toBe(await dataSource.getRepository(ReportCell).count());
    const keys = lines.map((line) => {
      const fields = line.split(",");
      return [Number(fields[0]), fields[7], fields[8], fields[9]] as const;
    });
    const sorted = [...keys].sort(
      (a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0),
    );
    expect(keys).toEqual(sorted);
  });

  it("under the release gives the bytes of the export taken before the correction; the current one the new value", async () => {
    const point = await resolveExportPoint(dataSource, { release: "before-fix" });
    expect(await exported(dataSource, {}, point)).toBe(before);
    const now = await exported(dataSource);
    expect(now).not.toBe(before);
    expect(rowOf(before)).toContain(`,${Number(corrected.cell.value)},`);
    expect(rowOf(now)).toContain(`,${corrected.value},CORRECTED,`);
  });

  it("gives the wide table for people under the release as it was before the correction, its quality counts included", async () => {
    const point = await resolveExportPoint(dataSource, { release: "before-fix" });
    expect(await exportedWide(dataSource, point)).toBe(beforeWide);
    const now = await exportedWide(dataSource);
    expect(now).not.toBe(beforeWide);
    expect(now.split("\r\n").length).toBe(beforeWide.split("\r\n").length);
  });

  it("as of a moment before the correction gives the old values, under the filters applied to the values then", async () => {
    const point = await resolveExportPoint(dataSource, { asOf: beforeMoment });
    expect(await exported(dataSource, {}, point)).toBe(before);
    expect(await exported(dataSource, filtered, point)).toBe(beforeFiltered);
    expect(beforeFiltered.split("\r\n").length).toBeGreaterThan(3);
    expect(await exported(dataSource, filtered)).not.toBe(beforeFiltered);
  });

  it("as of a moment before any report gives the header only", async () => {
    const first = await dataSource.getRepository(ReportRevision).findOneOrFail({ where: {}, order: { id: "ASC" } });
    const point = await resolveExportPoint(dataSource, { asOf: new Date(first.committedAt.getTime() - 1) });
    expect(point?.revisionId).toBe(0);
    expect(await exported(dataSource, {}, point)).toBe(HEADER);
  });

  it("over HTTP: release and asOf as query parameters, the same bytes; bad or unknown ones are a 400", async () => {
    const text = async (query: string) => {
      const response = await fetch(`${server.url}/export/cells.csv?${query}`);
      return [response.status, Buffer.from(await response.arrayBuffer()).toString("utf8")] as const;
    };
    expect(await text("release=before-fix")).toEqual([200, before]);
    expect(await text(`asOf=${encodeURIComponent(beforeMoment.toISOString())}`)).toEqual([200, before]);
    const refusals = [
      ["release=nope", 'release "nope" is not a known release; gongkai release list lists them'],
      [`release=before-fix&asOf=${encodeURIComponent(beforeMoment.toISOString())}`, "give asOf or release, not both"],
      ["asOf=2024-03-01", 'asOf must be a moment in ISO 8601 with its time zone (2024-03-01T12:00:00Z, 2024-03-01T20:00:00+08:00), got "2024-03-01"'],
      [
        "asOf=2024-13-45T00:00:00Z",
        'asOf must be a moment in ISO 8601 with its time zone (2024-03-01T12:00:00Z, 2024-03-01T20:00:00+08:00), got "2024-13-45T00:00:00Z"',
      ],
      ["release=a&release=b", "release must be given once"],
    ];
    for (const [query, message] of refusals) {
      const [status, body] = await text(query);
      expect([query, status, JSON.parse(body)]).toEqual([query, 400, { error: { code: "BAD_USER_INPUT", message } }]);
    }
    const response = await fetch(`${server.url}/export/reports.csv?release=before-fix`);
    expect([response.status, ((await response.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "asOf and release apply to cells.csv and reports-wide.csv only, not to gongkai-reports.csv",
    ]);
  });

  it("keeps a deleted report in the release and drops it from the current export", async () => {
    const [first] = await dataSource.getRepository(Report).find({ order: { id: "ASC" }, take: 1 });
    await deleteReport(dataSource, first.id, { actor: "tester" });
    expect(await exported(dataSource, {}, await resolveExportPoint(dataSource, { release: "before-fix" }))).toBe(before);
    expect((await exported(dataSource)).includes(`\r\n${first.id},`)).toBe(false);
    expect(before.includes(`\r\n${first.id},`)).toBe(true);
  });
});
