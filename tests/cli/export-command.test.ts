import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { runExport } from "../../src/cli/export.command";
import ExcelJS from "exceljs";
import { TEMPLATE_TABLES } from "../../src/domain/template-catalog";
import { Agency, Report, ReportCell } from "../../src/entities";
import { toGlobalId } from "../../src/graph/core/node";
import { openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

/** A stream that keeps what is written to it. */
function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("gongkai export --output, before the database is opened", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-"));
  const aFile = path.join(folder, "a-file.txt");
  fs.writeFileSync(aFile, "not a directory");

  it.each([
    ["in a directory that does not exist", path.join(folder, "missing", "cells.csv"), `the directory ${path.join(folder, "missing")} does not exist`],
    ["that is a directory", folder, "it is a directory"],
    ["under a file", path.join(aFile, "cells.csv"), `${aFile} is not a directory`],
  ])("refuses an output path %s with exit 1 and a message naming it, opening nothing and writing nothing", async (_case, output, problem) => {
    const err = capture();
    let opened = 0;
    const code = await runExport(["cells", "--output", output], capture().stream, err.stream, async () => {
      opened += 1;
      throw new Error("the database must not be opened");
    });
    expect([code, err.text(), opened]).toEqual([1, `export: cannot write ${output}: ${problem}\n`, 0]);
    expect(fs.readdirSync(folder)).toEqual(["a-file.txt"]);
    expect(fs.readFileSync(aFile, "utf8")).toBe("not a directory");
  });
});

describe.each(testDatabases())("gongkai export --output on $name", (database) => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
  }, 120_000);
  afterAll(async () => dataSource.destroy());

  it("writes every cell to the file and prints the row count", async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-")), "cells.csv");
    const err = capture();
    const code = await runExport(["cells", "--output", output], capture().stream, err.stream, () => database.reopen(dataSource));
    const cells = await dataSource.getRepository(ReportCell).count();
    expect([code, err.text()]).toEqual([0, `${cells} cells rows written to ${output}\n`]);
    const lines = fs.readFileSync(output, "utf8").split("\r\n");
    expect([lines.length, lines[0]]).toEqual([
      cells + 2,
      "\uFEFFreport_id,agency_id,agency_name,region_code,year,template_version,scope,table_code,row_code,column_code,value,value_state,raw_text,line",
    ]);
  });

  it("writes the wide CSV, one row per report, and prints the report count", async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-")), "wide.csv");
    const err = capture();
    const code = await runExport(["wide", "--output", output], capture().stream, err.stream, () => database.reopen(dataSource));
    const reports = await dataSource.getRepository(Report).count();
    expect([code, err.text()]).toEqual([0, `${reports} wide rows written to ${output}\n`]);
    const lines = fs.readFileSync(output, "utf8").split("\r\n");
    expect([lines.length, lines[0].split(",").slice(0, 3)]).toEqual([reports + 2, ["\uFEFF报告编号 report_id", "机关编号 agency_id", "机关名称 agency_name"]]);
  });

  it("writes the XLSX workbook of one agency, named by its global id, with a sheet per table and one of issues", async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-")), "reports.xlsx");
    const agency = (await dataSource.getRepository(Agency).find({ order: { id: "ASC" }, take: 1 }))[0];
    const reports = await dataSource.getRepository(Report).count({ where: { agencyId: agency.id } });
    const err = capture();
    const code = await runExport(["xlsx", "--agency-id", toGlobalId("Agency", agency.id), "--output", output], capture().stream, err.stream, () =>
      database.reopen(dataSource),
    );
    expect([code, err.text()]).toEqual([0, `${reports} xlsx rows written to ${output}\n`]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.name === "校验问题" ? null : sheet.rowCount])).toEqual([
      ...TEMPLATE_TABLES.map((table) => [table.labelZh, 3 + reports]),
      ["校验问题", null],
    ]);
  });

  it.each([
    [["xlsx"], "xlsx needs --output FILE: a workbook is not written to a terminal"],
    [["wide", "--indicator", "APPLICATIONS"], "indicator applies to cells.csv only; a report export has every cell"],
    [
      ["cells", "--indicator", "NOPE"],
      'indicator must be a table code or TABLE.ROW.COLUMN; "NOPE" is not a table code: use one of ART20_1, ART20_5, ART20_6, ART20_8, ART20_9, APPLICATIONS, REVIEW_LITIGATION, LEGACY',
    ],
    [["wide", "--region-code", "999999"], 'regionCode "999999" is not a known region code; the regions query lists them'],
    [["cells", "--agency-id", "999999"], "agencyId 999999 is not a known agency; the agencies query lists them"],
  ])("refuses %j with exit 2 and the reason, writing no file", async (args, message) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-"));
    const err = capture();
    // The xlsx case is the missing --output itself.
    const withOutput = args[0] === "xlsx" ? args : [...args, "--output", path.join(folder, "out")];
    const code = await runExport(withOutput, capture().stream, err.stream, () => database.reopen(dataSource));
    expect([code, err.text().split("\n")[0], fs.readdirSync(folder)]).toEqual([2, `export: ${message}`, []]);
  });

  it("reports a write that fails mid-stream (a full device) with exit 1, the path and the reason, and no success line", async () => {
    const err = capture();
    const code = await runExport(["cells", "--output", "/dev/full"], capture().stream, err.stream, () => database.reopen(dataSource));
    expect([code, err.text()]).toEqual([1, "export: the export to /dev/full failed: ENOSPC: no space left on device, write\n"]);
  });

  it("removes the partial file when the database fails mid-export, with exit 1 and the reason", async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-export-")), "cells.csv");
    const failing = () =>
      database.reopen(dataSource, (sql) => {
        if (/FROM report_cell/.test(sql)) throw new Error("connection lost (injected)");
      });
    const err = capture();
    const code = await runExport(["cells", "--output", output], capture().stream, err.stream, failing);
    expect([code, err.text(), fs.existsSync(output)]).toEqual([
      1,
      `export: the export to ${output} failed: connection lost (injected); the partial file was removed\n`,
      false,
    ]);
  });
});
