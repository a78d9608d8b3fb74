import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Agency, Report, ReportCell, ValidationIssue } from "../../src/entities";
import { parseReport, type ParseIssue } from "../../src/parse";
import type { IngestMetadata } from "../../src/ingest/ingest-metadata";
import { ingestSource, type IngestOutcome } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { deleteReport } from "../../src/services/report-writes";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const read = (name: string) => fs.readFileSync(path.join(CORPUS, name), "utf8");
const PINGTAN = read("pingtan-2019.txt");
const HONGZE_2023 = read("hongze-district-2023.txt");
const HONGZE_2024 = read("hongze-district-2024.txt");

/** `text` with each printed row replaced, every one of them printed exactly once. */
function withRows(text: string, rows: Readonly<Record<string, string>>): string {
  return Object.entries(rows).reduce((changed, [printed, replacement]) => {
    expect(changed.split(printed)).toHaveLength(2);
    return changed.replace(printed, replacement);
  }, text);
}

/** pingtan-2019 with every section 二 value printed apart: the text reads it one way. */
const PINGTAN_2019_APART = withRows(PINGTAN, {
  规范性文件898989: "规范性文件 89 89 89",
  行政许可3960181: "行政许可 396 0 181",
  其他对外管理服务事项100153: "其他对外管理服务事项 10 0 153",
  行政处罚26480430: "行政处罚 2648 0 430",
  行政强制126025: "行政强制 126 0 25",
  行政事业性收费350: "行政事业性收费 35 0",
  "政府集中采购13575394432.52元": "政府集中采购 135 75394432.52元",
});

/**
 * A 2020 report of the same agency, its section 二 glued. Against 2019 (PREV_YEAR_ITEMS 2020 = 396, 10, 2648, 126
 * and 35 by X3): 行政许可 fits one reading, the parser's; 行政强制 one reading, not the parser's (12 | 6 | 52);
 * 行政事业性收费 one; 行政处罚 three (2648 | 1 | 218, 2648 | 12 | 18, 2648 | 121 | 8); 其他对外管理服务事项 none.
 */
const PINGTAN_2020_GLUED = withRows(PINGTAN, {
  其他对外管理服务事项100153: "其他对外管理服务事项9955",
  行政处罚26480430: "行政处罚26481218",
  行政强制126025: "行政强制12652",
});

const LICENSING = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => `ART20_5.ADMIN_LICENSING.${column}`);
const COERCION = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => `ART20_6.ADMIN_COERCION.${column}`);
const PENALTY = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => `ART20_6.ADMIN_PENALTY.${column}`);
const EXTERNAL = ["PREV_YEAR_ITEMS", "ITEMS_DELTA", "DECISIONS"].map((column) => `ART20_5.OTHER_EXTERNAL_SERVICES.${column}`);
const FEES = ["PREV_YEAR_ITEMS", "ITEMS_DELTA"].map((column) => `ART20_8.ADMIN_FEES.${column}`);
const NORMATIVE_2021 = ["ISSUED", "REPEALED", "IN_FORCE"].map((column) => `ART20_1.ADMIN_NORMATIVE_DOCS.${column}`);

/** Hongze 2024 with its 行政规范性文件 row glued: 1 | 20 | 17 (kept), 1 | 201 | 7, 12 | 0 | 17, 120 | 1 | 7. */
const HONGZE_2024_GLUED = withRows(HONGZE_2024, { "行政规范性文件 3 0 8": "行政规范性文件 12017" });

/** Hongze 2024 with no label that tells its version apart (its two 本年处理决定数量 headers too): read as TPL_2021, a guess. */
const HONGZE_2024_UNLABELLED = withRows(HONGZE_2024.replaceAll("本年处理决定数量", "处理决定数量"), {
  "本年制发件数 本年废止件数 现行有效件数": "件数 件数 件数",
  本年收费金额: "收费金额",
  "行政规范性文件 3 0 8": "规范性文件 3 0 8",
});

/** `text` (a Hongze report) with `sentence` opening its overview, on line 12. */
const stating = (text: string, sentence: string): string => withRows(text, { "一、总体情况\n": `一、总体情况\n${sentence}\n` });

/** The row warnings a fresh parse of `text` gives: the PARSE_AMBIGUOUS issues of its rows printed glued. */
function parsedWarnings(text: string): Array<[string, string, string[]]> {
  const result = parseReport(text);
  if (result.kind !== "report") throw new Error(result.reason);
  return result.report.issues.filter((issue: ParseIssue) => issue.rule === "PARSE_AMBIGUOUS").map((issue) => [issue.rule, issue.message, [...issue.cells]]);
}

/** How a stored cell stands: value, state, what decided it, and its printed text. */
type Standing = [number | null, string, string | null, string | null];

describe.each(testDatabases())("evidence deciding glued rows on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });
  afterEach(async () => dataSource.destroy());

  const ingest = (text: string, metadata: IngestMetadata = {}): Promise<IngestOutcome> =>
    ingestSource(dataSource, { bytes: Buffer.from(text), fileName: "report.txt" }, metadata);

  async function reportId(year: number, agency: string): Promise<number> {
    const found = await dataSource
      .getRepository(Report)
      .createQueryBuilder("report")
      .innerJoin(Agency, "agency", "agency.id = report.agencyId")
      .where("report.year = :year AND agency.name = :agency", { year, agency })
      .getOneOrFail();
    return found.id;
  }

  /** The stored cells of a report by code. */
  async function cellsOf(id: number): Promise<Map<string, ReportCell>> {
    const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId: id } });
    return new Map(cells.map((cell) => [`${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`, cell]));
  }

  async function standing(id: number, codes: readonly string[]): Promise<Standing[]> {
    const cells = await cellsOf(id);
    return codes.map((code) => {
      const cell = cells.get(code)!;
      return [cell.value, cell.valueState, cell.decidedBy, cell.rawText];
    });
  }

  async function issuesOf(id: number, rules: readonly string[]): Promise<Array<[string, string, string[]]>> {
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: id }, order: { id: "ASC" } });
    return issues.filter((issue) => rules.includes(issue.rule)).map((issue) => [issue.rule, issue.message, issue.cellCodes]);
  }

  /** Everything a decision may change on a report: its section 二 cells and its issues. */
  async function snapshot(id: number): Promise<unknown> {
    const cells = [...(await cellsOf(id)).values()].filter((cell) => cell.tableCode.startsWith("ART20"));
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: id } });
    return {
      cells: cells
        .map((cell) => [
          cell.tableCode,
          cell.rowCode,
          cell.columnCode,
          cell.value,
          cell.valueState,
          cell.rawText,
          cell.candidates,
          cell.rowReadings,
          cell.uncertainty,
          cell.decidedBy,
        ])
        .sort(),
      issues: issues.map((issue) => [issue.rule, issue.severity, issue.message, issue.cellCodes.join(","), issue.line]).sort(),
    };
  }

  const COERCION_DECIDED =
    "ART20_6.ADMIN_COERCION (PREV_YEAR_ITEMS | ITEMS_DELTA | DECISIONS) is read as 126 | 5 | 2 (the parser kept 12 | 6 | 52), the only one of its 6 readings " +
    "that fits X3:2019 (PREV_YEAR_ITEMS 2020 = PREV_YEAR_ITEMS 2019 (126) + ITEMS_DELTA 2019 (0)); rejected: 12 | 6 | 52; 1 | 265 | 2; 1 | 26 | 52; 12 | 65 | 2; 1 | 2 | 652";

  it("decides a 2020 row by the 2019 report ingested before it, and leaves the rows it fits two readings of, or none, undecided", async () => {
    await ingest(PINGTAN_2019_APART);
    const later = await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    expect(await standing(later.reportId, [...LICENSING, ...COERCION, ...FEES])).toEqual([
      [396, "VALUE", "X3:2019", "3960181"],
      [0, "VALUE", "X3:2019", "3960181"],
      [181, "VALUE", "X3:2019", "3960181"],
      [126, "VALUE", "X3:2019", "12652"],
      [5, "VALUE", "X3:2019", "12652"],
      [2, "VALUE", "X3:2019", "12652"],
      [35, "VALUE", "X3:2019", "350"],
      [0, "VALUE", "X3:2019", "350"],
    ]);
    expect(await standing(later.reportId, [...PENALTY, ...EXTERNAL])).toEqual([
      [264, "UNCERTAIN", null, "26481218"],
      [81, "UNCERTAIN", null, "26481218"],
      [218, "UNCERTAIN", null, "26481218"],
      [9, "UNCERTAIN", null, "9955"],
      [95, "UNCERTAIN", null, "9955"],
      [5, "UNCERTAIN", null, "9955"],
    ]);
    const coercion = (await cellsOf(later.reportId)).get(COERCION[2])!;
    expect([coercion.candidates, coercion.rowReadings, coercion.uncertainty]).toEqual([
      [52, 2, 652],
      [52, 2, 52, 2, 652, 2],
      'glued run "12652" splits 6 ways into 3 cells; no rule checks them',
    ]);
    const decided = await issuesOf(later.reportId, ["EVIDENCE_DECIDED"]);
    expect(decided.map(([, , cells]) => cells)).toEqual([LICENSING, COERCION, FEES]);
    expect(decided[1]).toEqual(["EVIDENCE_DECIDED", COERCION_DECIDED, COERCION]);
    // A decided row's PARSE_AMBIGUOUS warning gives way to its decision; the rows left open keep theirs, as parsed.
    const warnings = parsedWarnings(PINGTAN_2020_GLUED);
    expect(warnings.map(([, , cells]) => cells[0])).toEqual([
      "ART20_1.NORMATIVE_DOCS.NEW_MADE",
      LICENSING[0],
      EXTERNAL[0],
      PENALTY[0],
      COERCION[0],
      FEES[0],
      "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_ITEMS",
    ]);
    expect(await issuesOf(later.reportId, ["PARSE_AMBIGUOUS"])).toEqual(
      warnings.filter(([, , cells]) => ![LICENSING[0], COERCION[0], FEES[0]].includes(cells[0])),
    );
    // The rows left open are kept as the parser read them, and X3 says that reading breaks the rule.
    expect((await issuesOf(later.reportId, ["X3"])).map(([, message]) => message).sort()).toEqual([
      "X3 (ADMIN_PENALTY): PREV_YEAR_ITEMS 2020 = 264 but PREV_YEAR_ITEMS 2019 + ITEMS_DELTA 2019 = 2648",
      "X3 (OTHER_EXTERNAL_SERVICES): PREV_YEAR_ITEMS 2020 = 9 but PREV_YEAR_ITEMS 2019 + ITEMS_DELTA 2019 = 10",
    ]);
  });

  it("serves a decided cell's candidates, reason and evidence, and an open cell's, through the graph", async () => {
    await ingest(PINGTAN_2019_APART);
    await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    const graph = await GraphClient.start(dataSource);
    try {
      const result = await graph.run(
        `{ reports(first: 1, filter: { yearFrom: 2020, yearTo: 2020 }) { nodes { cells { code value state candidates uncertainty decidedBy } } } }`,
      );
      expect(result.errors).toBeUndefined();
      const cells = (result.data as { reports: { nodes: Array<{ cells: Array<{ code: string }> }> } }).reports.nodes[0].cells;
      expect(cells.filter((cell) => [COERCION[0], EXTERNAL[0], "APPLICATIONS.NEW_RECEIVED.TOTAL"].includes(cell.code))).toEqual([
        {
          code: EXTERNAL[0],
          value: 9,
          state: "UNCERTAIN",
          candidates: [9, 99],
          uncertainty: 'glued run "9955" splits 3 ways into 3 cells; no rule checks them',
          decidedBy: null,
        },
        {
          code: COERCION[0],
          value: 126,
          state: "VALUE",
          candidates: [12, 1, 126],
          uncertainty: 'glued run "12652" splits 6 ways into 3 cells; no rule checks them',
          decidedBy: "X3:2019",
        },
        { code: "APPLICATIONS.NEW_RECEIVED.TOTAL", value: 23, state: "VALUE", candidates: null, uncertainty: null, decidedBy: null },
      ]);
    } finally {
      await graph.stop();
    }
  });

  it("decides the same when the previous year arrives after, in the transaction that stores it", async () => {
    await ingest(PINGTAN_2019_APART);
    const first = await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    const expected = await snapshot(first.reportId);
    await dataSource.destroy();
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    const later = await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    expect(await standing(later.reportId, COERCION)).toEqual([
      [12, "UNCERTAIN", null, "12652"],
      [6, "UNCERTAIN", null, "12652"],
      [52, "UNCERTAIN", null, "12652"],
    ]);
    expect(await issuesOf(later.reportId, ["EVIDENCE_DECIDED"])).toEqual([]);
    await ingest(PINGTAN_2019_APART);
    expect(await snapshot(later.reportId)).toEqual(expected);
  });

  it("re-decides when the evidence report is replaced or deleted", async () => {
    await ingest(PINGTAN_2019_APART);
    const later = await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    const replaced = await ingest(withRows(PINGTAN_2019_APART, { "行政许可 396 0 181": "行政许可 400 0 181" }));
    expect(replaced.status).toBe("updated");
    expect(await standing(later.reportId, [...LICENSING, ...COERCION])).toEqual([
      [396, "UNCERTAIN", null, "3960181"],
      [0, "UNCERTAIN", null, "3960181"],
      [181, "UNCERTAIN", null, "3960181"],
      [126, "VALUE", "X3:2019", "12652"],
      [5, "VALUE", "X3:2019", "12652"],
      [2, "VALUE", "X3:2019", "12652"],
    ]);
    expect((await issuesOf(later.reportId, ["EVIDENCE_DECIDED"])).map(([, , cells]) => cells)).toEqual([COERCION, FEES]);
    expect(await deleteReport(dataSource, replaced.reportId)).toBe(true);
    expect(await standing(later.reportId, COERCION)).toEqual([
      [12, "UNCERTAIN", null, "12652"],
      [6, "UNCERTAIN", null, "12652"],
      [52, "UNCERTAIN", null, "12652"],
    ]);
    expect(await issuesOf(later.reportId, ["EVIDENCE_DECIDED", "X3"])).toEqual([]);
    // Every row open again carries its PARSE_AMBIGUOUS warning back, word for word as the parser writes it.
    const sorted = (issues: Array<[string, string, string[]]>) => [...issues].sort((a, b) => a[2][0].localeCompare(b[2][0]));
    expect(sorted(await issuesOf(later.reportId, ["PARSE_AMBIGUOUS"]))).toEqual(sorted(parsedWarnings(PINGTAN_2020_GLUED)));
  });

  it("changes nothing when the same sources come again, in either order, or are re-parsed", async () => {
    await ingest(PINGTAN_2019_APART);
    const later = await ingest(PINGTAN_2020_GLUED, { year: 2020 });
    const earlier = await reportId(2019, "平潭综合实验区");
    const before = [await snapshot(earlier), await snapshot(later.reportId)];
    expect((await ingest(PINGTAN_2020_GLUED, { year: 2020 })).status).toBe("unchanged");
    expect((await ingest(PINGTAN_2019_APART)).status).toBe("unchanged");
    expect((await reparseAll(dataSource)).map((outcome) => [outcome.year, outcome.changedCells, outcome.error])).toEqual([
      [2019, 0, undefined],
      [2020, 0, undefined],
    ]);
    expect([await snapshot(earlier), await snapshot(later.reportId)]).toEqual(before);
  });

  it("decides a TPL_2021 row by X2 against the year before, and one of the year before by X2 against the year after", async () => {
    await ingest(HONGZE_2023);
    const later = await ingest(HONGZE_2024_GLUED);
    expect(await standing(later.reportId, NORMATIVE_2021)).toEqual([
      [12, "VALUE", "X2:2023", "12017"],
      [0, "VALUE", "X2:2023", "12017"],
      [17, "VALUE", "X2:2023", "12017"],
    ]);
    expect(await issuesOf(later.reportId, ["EVIDENCE_DECIDED", "X2"])).toEqual([
      [
        "EVIDENCE_DECIDED",
        "ART20_1.ADMIN_NORMATIVE_DOCS (ISSUED | REPEALED | IN_FORCE) is read as 12 | 0 | 17 (the parser kept 1 | 20 | 17), the only one of its 4 readings that fits " +
          "X2:2023 (IN_FORCE 2024 = IN_FORCE 2023 (5) + ISSUED 2024 - REPEALED 2024); rejected: 1 | 20 | 17; 1 | 201 | 7; 120 | 1 | 7",
        NORMATIVE_2021,
      ],
    ]);

    await dataSource.destroy();
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    await ingest(HONGZE_2024);
    // 2024 prints 3 | 0 | 8, so IN_FORCE 2023 = 8 - 3 + 0 = 5: of 1 | 0 | 25 (kept) and 10 | 2 | 5, the second.
    const earlier = await ingest(withRows(HONGZE_2023, { "行政规范性文件          0          5       5": "行政规范性文件          1025" }));
    expect(await standing(earlier.reportId, NORMATIVE_2021)).toEqual([
      [10, "VALUE", "X2:2024", "1025"],
      [2, "VALUE", "X2:2024", "1025"],
      [5, "VALUE", "X2:2024", "1025"],
    ]);
  });

  it("decides a row by a fact of the overview naming one of its cells", async () => {
    const stated = withRows(HONGZE_2024_GLUED, { "一、总体情况\n": "一、总体情况\n本年制发行政规范性文件12件。\n" });
    const outcome = await ingest(stated);
    expect(await standing(outcome.reportId, NORMATIVE_2021)).toEqual([
      [12, "VALUE", "NARRATIVE:line 12", "12017"],
      [0, "VALUE", "NARRATIVE:line 12", "12017"],
      [17, "VALUE", "NARRATIVE:line 12", "12017"],
    ]);
    expect((await issuesOf(outcome.reportId, ["EVIDENCE_DECIDED"]))[0][1]).toBe(
      "ART20_1.ADMIN_NORMATIVE_DOCS (ISSUED | REPEALED | IN_FORCE) is read as 12 | 0 | 17 (the parser kept 1 | 20 | 17), the only one of its 4 readings that fits " +
        'NARRATIVE:line 12 (the overview says "制发行政规范性文件12件"); rejected: 1 | 20 | 17; 1 | 201 | 7; 120 | 1 | 7',
    );
    // A fact that two readings fit (现行有效 17: 1 | 20 | 17 and 12 | 0 | 17) decides nothing.
    const open = await ingest(withRows(HONGZE_2024_GLUED, { "一、总体情况\n": "一、总体情况\n现行有效行政规范性文件17件。\n" }));
    expect(await standing(open.reportId, NORMATIVE_2021)).toEqual([
      [1, "UNCERTAIN", null, "12017"],
      [20, "UNCERTAIN", null, "12017"],
      [17, "UNCERTAIN", null, "12017"],
    ]);
  });
  /** Hongze 2024's glued 行政规范性文件 row as the parser leaves it: 1 | 20 | 17, UNCERTAIN. */
  const OPEN_2024: Standing[] = [
    [1, "UNCERTAIN", null, "12017"],
    [20, "UNCERTAIN", null, "12017"],
    [17, "UNCERTAIN", null, "12017"],
  ];
  const DECIDED_2024: Standing[] = [
    [12, "VALUE", "X2:2023", "12017"],
    [0, "VALUE", "X2:2023", "12017"],
    [17, "VALUE", "X2:2023", "12017"],
  ];

  it("decides nothing by X2 against a report of another scope, and decides once the scopes agree", async () => {
    await ingest(HONGZE_2023, { scope: "GOVERNMENT_AGGREGATE" });
    const later = await ingest(HONGZE_2024_GLUED, { scope: "AGENCY" });
    expect(await standing(later.reportId, NORMATIVE_2021)).toEqual(OPEN_2024);
    expect(await issuesOf(later.reportId, ["EVIDENCE_DECIDED"])).toEqual([]);
    expect((await ingest(HONGZE_2023, { scope: "AGENCY" })).status).toBe("updated");
    expect(await standing(later.reportId, NORMATIVE_2021)).toEqual(DECIDED_2024);
    expect((await ingest(HONGZE_2023, { scope: "GOVERNMENT_AGGREGATE" })).status).toBe("updated");
    expect(await standing(later.reportId, NORMATIVE_2021)).toEqual(OPEN_2024);
  });

  it("decides nothing by X2 when a report's template version was guessed, either way round", async () => {
    await ingest(HONGZE_2023);
    const guessed = await ingest(withRows(HONGZE_2024_UNLABELLED, { "规范性文件 3 0 8": "规范性文件 12017" }));
    expect((await issuesOf(guessed.reportId, ["PARSE_TEMPLATE_UNKNOWN"])).map(([rule]) => rule)).toEqual(["PARSE_TEMPLATE_UNKNOWN"]);
    expect(await standing(guessed.reportId, NORMATIVE_2021)).toEqual(OPEN_2024);

    await dataSource.destroy();
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    await ingest(HONGZE_2024_UNLABELLED);
    // Against the labelled 2024 report, this row is decided as 10 | 2 | 5 (the TPL_2021 test above).
    const earlier = await ingest(withRows(HONGZE_2023, { "行政规范性文件          0          5       5": "行政规范性文件          1025" }));
    expect(await standing(earlier.reportId, NORMATIVE_2021)).toEqual([
      [1, "UNCERTAIN", null, "1025"],
      [0, "UNCERTAIN", null, "1025"],
      [25, "UNCERTAIN", null, "1025"],
    ]);
  });

  it("takes no overview figure that names the documents loosely, is a part, or is qualified by a bracket", async () => {
    // Each would pick 120 | 1 | 7 if it counted.
    for (const sentence of [
      "本年印发规范性文件120件。",
      "全年印发文件130件，其中以区政府名义印发行政规范性文件120件。",
      "本年印发行政规范性文件120件（含党内规范性文件7件）。",
    ]) {
      const outcome = await ingest(stating(HONGZE_2024_GLUED, sentence));
      expect([sentence, await standing(outcome.reportId, NORMATIVE_2021)]).toEqual([sentence, OPEN_2024]);
    }
  });

  it("takes a 2019 overview figure on 规范性文件 by that label, never by 行政规范性文件", async () => {
    const NORMATIVE_2019 = ["NEW_MADE", "NEW_PUBLISHED", "TOTAL_PUBLISHED"].map((column) => `ART20_1.NORMATIVE_DOCS.${column}`);
    const plain = await ingest(withRows(PINGTAN, { "（2）推进扶贫": "本年制发规范性文件8989件。（2）推进扶贫" }));
    expect(await standing(plain.reportId, NORMATIVE_2019)).toEqual([
      [8989, "VALUE", "NARRATIVE:line 10", "898989"],
      [8, "VALUE", "NARRATIVE:line 10", "898989"],
      [9, "VALUE", "NARRATIVE:line 10", "898989"],
    ]);
    const administrative = await ingest(withRows(PINGTAN, { "（2）推进扶贫": "本年制发行政规范性文件8989件。（2）推进扶贫" }));
    expect(await standing(administrative.reportId, NORMATIVE_2019)).toEqual([
      [89, "UNCERTAIN", null, "898989"],
      [89, "UNCERTAIN", null, "898989"],
      [89, "UNCERTAIN", null, "898989"],
    ]);
  });
});
