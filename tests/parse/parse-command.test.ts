import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { runParse } from "../../src/cli/parse.command";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");

/** Runs the command and captures what it writes. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runParse(
    args,
    sink((text) => (out += text)),
    sink((text) => (err += text)),
  );
  return { code, out, err };
}

describe("gongkai parse", () => {
  it("prints the parse output contract as one JSON object per file and exits 0 for a clean report", async () => {
    const { code, out, err } = await run([path.join(CORPUS, "hongze-district-2024.txt")]);
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual([
      "templateVersion",
      "agencyName",
      "year",
      "scope",
      "scopeSource",
      "scopeEvidence",
      "region",
      "title",
      "sections",
      "narrative",
      "cells",
      "issues",
    ]);
    expect(report.cells[0]).toEqual({ table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: 0, state: "VALUE", raw: "0", line: 50, lineOffset: 3 });
    expect(report.region).toEqual({ code: "320813", province: "江苏省", city: "淮安市", county: "洪泽区" });
  });

  it("exits 1 when a report breaks the template's arithmetic", async () => {
    expect((await run([path.join(CORPUS, "hongze-district-2023.txt")])).code).toBe(1);
  });

  it("exits 2 with the reason for a text that is not an annual report", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-")), "novel.txt");
    fs.writeFileSync(file, "第一章 那年冬天，雪下得很大。");
    expect(await run([file])).toEqual({
      code: 2,
      out: "",
      err: `${file}: not a recognisable annual report: found none of the template's tables (第二十条 sub-tables, the 本列数据的勾稽关系 request table) nor the pre-2019 outline\n`,
    });
  });

  it("exits 3 for a file that cannot be read, after printing the others", async () => {
    const { code, out, err } = await run([path.join(CORPUS, "hongze-district-2024.txt"), "/nonexistent/report.txt"]);
    expect([code, out.split("\n").filter(Boolean).length, err]).toEqual([3, 1, "/nonexistent/report.txt: cannot be read: ENOENT\n"]);
  });

  it("renders the tables for a person with --format table", async () => {
    const { code, out } = await run(["--format", "table", path.join(CORPUS, "huaian-city-2024.txt")]);
    expect(code).toBe(0);
    expect(out.split("\n").slice(0, 2)).toEqual([
      "淮安市人民政府2024年政府信息公开工作年度报告",
      "agency: 淮安市人民政府  year: 2024  template: TPL_2021  scope: GOVERNMENT_AGGREGATE  region: 320800",
    ]);
    expect(out).toContain("LIT_DIRECT                                  12?           1?           1?           6?          20?");
  });

  it("shows under the table heading the evidence the scope was decided on", async () => {
    const city = (await run(["--format", "table", path.join(CORPUS, "huaian-city-2024.txt")])).out.split("\n")[2];
    const department = (await run(["--format", "table", path.join(CORPUS, "chuanhui-2020.txt")])).out.split("\n")[2];
    expect([city, department]).toEqual([
      "scope from PARSED_TEXT: +2 JURISDICTION_TOTAL line 30 全市共受理政府信息公开申请3119件; +1 AGENCY_KIND 淮安市人民政府 (GOVERNMENT)",
      "scope from NAME: -10 AGENCY_KIND 川汇区政务服务和大数据管理局 (DEPARTMENT)",
    ]);
  });

  it("reads a .json file as the structured form, as ingest does, to the same cells as the text it came from", async () => {
    const text = JSON.parse((await run([path.join(CORPUS, "hongze-district-2024.txt")])).out);
    const printed = text.cells.filter((cell: { state: string }) => cell.state !== "DERIVED");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-")), "hongze-2024.json");
    fs.writeFileSync(file, JSON.stringify({ ...text, cells: printed, issues: [] }));
    const { code, out, err } = await run([file]);
    expect([code, err]).toEqual([0, ""]);
    const structured = JSON.parse(out);
    const key = (cell: { table: string; row: string; column: string; value: number | null; state: string }) =>
      `${cell.table}.${cell.row}.${cell.column}=${cell.value}/${cell.state}`;
    expect(structured.cells.map(key).sort()).toEqual(text.cells.map(key).sort());
    // T1 compares the text's narrative with the tables; the structured form has no text to read it from.
    const tableIssues = text.issues.filter((issue: { rule: string }) => issue.rule !== "T1");
    expect([structured.agencyName, structured.year, structured.region.code, structured.issues]).toEqual(["淮安市洪泽区人民政府", 2024, "320813", tableIssues]);
  });

  it("exits 2 for a structured report with problems, naming each by its JSON path", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-")), "broken.json");
    const cells = [
      { table: "APPLICATIONS", row: "NEW_RECEIVED", column: "TOTAL", value: 3 },
      { table: "APPLICATIONS", row: "NEW_RECEIVED", column: "EVERYONE", value: 1 },
      { table: "ART20_1", row: "REGULATIONS", column: "ISSUED", value: "seven" },
    ];
    fs.writeFileSync(file, JSON.stringify({ templateVersion: "TPL_2021", year: 1999, cells }));
    expect(await run([file])).toEqual({
      code: 2,
      out: "",
      err:
        `${file}: not a structured report: $.year: must be a year between 2000 and 2100, got 1999; ` +
        "$.cells[1]: APPLICATIONS.NEW_RECEIVED.EVERYONE is not a printed cell of the template; $.cells[2].value: must be a number or null\n",
    });
  });

  it("refuses an unknown format", async () => {
    expect((await run(["--format", "xml", "x.txt"])).code).toBe(2);
  });
});
