import type { DataSource } from "typeorm";
import { exportCells, type CsvSink } from "../../src/analytics/csv-export";
import { ReportCell } from "../../src/entities";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { testDatabases } from "../support/test-databases";
import { loadDataset, valueOf, type DatasetReport } from "./dataset";
import { parseCsv } from "./export-csv";

describe.each(testDatabases())("CSV export on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;
  let reports: DatasetReport[];

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    reports = await loadDataset(dataSource);
    server = await startHttpServer(dataSource, { port: 0, tokens: [] }, createLogger("silent"));
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  it("streams every cell of a region and year as UTF-8 CSV with a byte-order mark", async () => {
    const response = await fetch(`${server.url}/export/cells.csv?regionCode=320800&year=2021`);
    expect([response.status, response.headers.get("content-type"), response.headers.get("content-disposition")]).toEqual([
      200,
      "text/csv; charset=utf-8",
      'attachment; filename="gongkai-cells.csv"',
    ]);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(
      text.startsWith(
        "\uFEFFreport_id,agency_id,agency_name,region_code,year,template_version,scope,table_code,row_code,column_code,value,value_state,raw_text,line\r\n",
      ),
    ).toBe(true);
    const rows = parseCsv(text.slice(1)).slice(1);
    const expected = await dataSource
      .getRepository(ReportCell)
      .createQueryBuilder("cell")
      .innerJoin("cell.report", "report")
      .innerJoin("report.agency", "agency")
      .where("report.year = 2021 AND agency.regionCode LIKE '3208%'")
      .getCount();
    expect(rows).toHaveLength(expected);
    const member = reports.find((report) => report.city === "320800" && report.year === 2021 && !report.aggregate)!;
    const cell = rows.find((row) => row[2] === member.agencyName && row[8] === "NEW_RECEIVED" && row[9] === "TOTAL")!;
    expect(Number(cell[10])).toBe(valueOf(member, "APPLICATIONS.NEW_RECEIVED.TOTAL"));
  });

  it("streams reports with their derived indicators", async () => {
    const text = Buffer.from(await (await fetch(`${server.url}/export/reports.csv?yearFrom=2022&scope=AGENCY`)).arrayBuffer()).toString("utf8");
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header.slice(0, 13)).toEqual([
      "report_id",
      "agency_id",
      "agency_name",
      "agency_kind",
      "region_code",
      "year",
      "template_version",
      "scope",
      "title",
      "published_at",
      "source_url",
      "error_count",
      "requestsReceived",
    ]);
    const members = reports.filter((report) => report.year === 2022 && !report.aggregate);
    expect(rows).toHaveLength(members.length);
    const rate = header.indexOf("disclosureRate");
    for (const row of rows) {
      const report = members.find((member) => member.agencyName === row[2])!;
      const handled = valueOf(report, "APPLICATIONS.R_TOTAL.TOTAL")!;
      const expected = handled === 0 ? "" : (valueOf(report, "APPLICATIONS.R_DISCLOSED.TOTAL")! + valueOf(report, "APPLICATIONS.R_PARTIAL.TOTAL")!) / handled;
      if (expected === "") expect(row[rate]).toBe("");
      else expect(Number(row[rate])).toBeCloseTo(expected, 9);
    }
  });

  it("answers 400 with the reason for a bad parameter, before writing anything", async () => {
    const response = await fetch(`${server.url}/export/cells.csv?year=last`);
    expect([response.status, await response.json()]).toEqual([400, { error: { code: "BAD_USER_INPUT", message: 'year must be a year, got "last"' } }]);
    const unknown = await fetch(`${server.url}/export/reports.csv?region=32`);
    expect(await unknown.json()).toEqual({
      error: {
        code: "BAD_USER_INPUT",
        message: 'unknown parameter "region"; use regionCode, agencyId, yearFrom, yearTo, year, templateVersion, scope, indicator',
      },
    });
  });

  it("stops reading the database as soon as the consumer goes away", async () => {
    let statements = 0;
    const counted = await database.reopen(dataSource, (sql) => {
      if (/FROM report_cell/.test(sql)) statements += 1;
    });
    try {
      let chunks = 0;
      const sink: CsvSink = { write: async () => ++chunks < 2 };
      const written = await exportCells(counted, {}, sink);
      expect([written, statements]).toEqual([0, 1]);
    } finally {
      await counted.destroy();
    }
  });
});
