import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { runCorrect } from "../../src/cli/correct.command";
import { CellCorrection, ReportCell, ReportRevision } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { correctCells } from "../../src/services/report-review";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const HEADER = "report_id,revision,cell,value,state,reason,evidence";
const CELL_A = "APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON";
const CELL_B = "APPLICATIONS.NEW_RECEIVED.COMMERCIAL_ENTERPRISE";

function write(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-correct-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe.each(testDatabases())("gongkai correct on $name", (database) => {
  let dataSource: DataSource;
  let first: number;
  let second: number;
  const saved = process.env.GONGKAI_ACTOR;

  beforeEach(async () => {
    process.env.GONGKAI_ACTOR = "zhao.lei";
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    const ingest = (name: string) => ingestSource(dataSource, { fileName: name, bytes: fs.readFileSync(path.join(SAMPLES, name)) });
    first = (await ingest("huaian-city-2024.txt")).reportId;
    second = (await ingest("chuanhui-2020.txt")).reportId;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.GONGKAI_ACTOR;
    else process.env.GONGKAI_ACTOR = saved;
    await dataSource.destroy();
  });

  const run = async (file: string) => {
    const out = capture();
    const err = capture();
    const code = await runCorrect([file], out.stream, err.stream, () => database.reopen(dataSource));
    return { code, out: out.text(), err: err.text() };
  };
  const cell = async (reportId: number, code: string) => {
    const [table, row, column] = code.split(".");
    const found = await dataSource.getRepository(ReportCell).findOneByOrFail({ reportId, tableCode: table, rowCode: row, columnCode: column });
    return [found.value === null ? null : Number(found.value), found.valueState];
  };
  const revisionCount = () => dataSource.getRepository(ReportRevision).count();

  it("applies a CSV with a BOM, one revision per report, by the CLI user", async () => {
    const file = write(
      "fixes.csv",
      `\uFEFF${HEADER}\r\n${first},1,${CELL_A},12,,"read again, page 3",p. 3\r\n${first},1,${CELL_B},,ABSENT,no such row,\r\n${second},1,${CELL_A},4,,typo,\r\n`,
    );
    const result = await run(file);
    if (result.code !== 0) throw new Error(result.err);
    const revisions = await dataSource.getRepository(ReportRevision).find({ where: { kind: "CORRECTED" }, order: { id: "ASC" } });
    expect(result).toEqual({
      code: 0,
      out: `report ${first}: revision 2 (2 cells corrected, revision id ${revisions[0].id})\nreport ${second}: revision 2 (1 cell corrected, revision id ${revisions[1].id})\n`,
      err: "",
    });
    expect(revisions.map((revision) => [revision.reportId, revision.actor])).toEqual([
      [first, "cli:zhao.lei"],
      [second, "cli:zhao.lei"],
    ]);
    expect(await cell(first, CELL_A)).toEqual([12, "CORRECTED"]);
    expect(await cell(first, CELL_B)).toEqual([null, "ABSENT"]);
    expect(await cell(second, CELL_A)).toEqual([4, "CORRECTED"]);
    const kept = await dataSource.getRepository(CellCorrection).findOneByOrFail({ reportId: first, rowCode: "NEW_RECEIVED" });
    expect([kept.reason, kept.evidence, kept.actor]).toEqual(["read again, page 3", "p. 3", "cli:zhao.lei"]);
  });

  it("applies a JSON array", async () => {
    const file = write("fixes.json", JSON.stringify([{ reportId: first, revision: 1, cell: CELL_A, value: 9, reason: "letter of 2 May", evidence: "letter" }]));
    const result = await run(file);
    expect([result.code, result.err]).toEqual([0, ""]);
    expect(result.out).toMatch(new RegExp(`^report ${first}: revision 2 \\(1 cell corrected, revision id \\d+\\)\\n$`));
    expect(await cell(first, CELL_A)).toEqual([9, "CORRECTED"]);
  });

  it("prints every bad CSV row with its line and field, writes nothing and exits 2", async () => {
    const file = write(
      "bad.csv",
      [
        HEADER,
        `${first},1,${CELL_A},12,,fine,`,
        `999,1,${CELL_A},1,,no report,`,
        `${first},1,NOPE.X.Y,1,,bad cell,`,
        `${first},1,${CELL_B},-3,,negative,`,
        `${second},1,${CELL_A},abc,,not a number,`,
        `${second},1,${CELL_B},1,,,`,
        `${second},1,${CELL_B},1,ABSENT,both,`,
        `${first},1,${CELL_A},13,,twice,`,
        "",
      ].join("\n"),
    );
    const before = await revisionCount();
    const result = await run(file);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err.split("\n")).toEqual([
      `${file} line 3: report_id: report 999 does not exist`,
      `${file} line 4: cell: "NOPE.X.Y" is not a cell of the catalog (TABLE.ROW.COLUMN; the indicators query lists them)`,
      `${file} line 5: value: ${CELL_B} counts (件) and cannot be negative`,
      `${file} line 6: value: must be a number, got "abc"`,
      `${file} line 7: reason: is required: say why, in words`,
      `${file} line 8: value/state: give exactly one of value and state`,
      `${file} line 9: cell: ${CELL_A} is corrected twice in one request (also at line 2)`,
      "correct: 7 problem(s); nothing was written",
      "",
    ]);
    expect(await revisionCount()).toBe(before);
    expect(await dataSource.getRepository(CellCorrection).count()).toBe(0);
  });

  it("names JSON items by index, and refuses a stale revision before writing anything", async () => {
    await correctCells(dataSource, { reportId: second, revision: 1, corrections: [{ cell: CELL_B, value: 2, reason: "first" }] }, { actor: "web" });
    const file = write(
      "stale.json",
      JSON.stringify([
        { reportId: first, revision: 1, cell: CELL_A, value: 5, reason: "ok" },
        { reportId: second, revision: 1, cell: CELL_A, value: 5, reason: "stale" },
      ]),
    );
    const before = await revisionCount();
    const result = await run(file);
    expect([result.code, result.out, result.err]).toEqual([
      2,
      "",
      `${file} item 1: revision: report ${second} is at revision 2, not 1: it changed since it was read; read it again and re-apply the change\ncorrect: 1 problem(s); nothing was written\n`,
    ]);
    expect(await revisionCount()).toBe(before);
  });

  it("refuses a header that misses a column, and an unreadable file", async () => {
    const file = write("bad-header.csv", `report_id,revision,cell,value,reason\n${first},1,${CELL_A},1,x\n`);
    expect(await run(file)).toEqual({ code: 2, out: "", err: `correct: ${file}: line 1: the header must name ${HEADER}; missing state\n` });
    expect((await run("/nonexistent/fixes.csv")).err).toBe("correct: cannot read /nonexistent/fixes.csv: ENOENT\n");
  });
});
