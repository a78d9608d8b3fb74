import type { DataSource } from "typeorm";
import { toGlobalId } from "../../src/graph/core/node";
import { APPLICANT_COLUMN_CODES, checkColumnCode, checkRowCode, checkTableCode, VALIDATION_RULES } from "../../src/graph/core/code-checks";
import { TABLE_CODES } from "../../src/domain/codes";
import { getTable } from "../../src/domain/template-catalog";
import { GraphClient, type OperationResult } from "../support/graph-client";
import { openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

function codes(result: OperationResult): Array<[unknown, string]> {
  return (result.errors ?? []).map((error) => [error.extensions?.code, error.message]);
}

describe.each(testDatabases())("the graph on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
    graph = await GraphClient.start(dataSource);
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("pages regions by code with stable cursors and a total count", async () => {
    const first = await graph.run(
      `{ regions(first: 2, filter: { parentCode: "320800" }) { totalCount pageInfo { hasNextPage endCursor } nodes { code name } } }`,
    );
    expect(first.data).toEqual({
      regions: {
        totalCount: 8,
        pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
        nodes: [
          { code: "320803", name: "淮安区" },
          { code: "320804", name: "淮阴区" },
        ],
      },
    });
    const after = (first.data as { regions: { pageInfo: { endCursor: string } } }).regions.pageInfo.endCursor;
    expect(JSON.parse(Buffer.from(after, "base64url").toString("utf8"))).toEqual({
      o: "CODE ASC",
      l: expect.stringMatching(/^[\w-]{16}$/),
      k: ["320804", "320804"],
    });
    const next = await graph.run(
      `query ($after: String) { regions(first: 10, after: $after, filter: { parentCode: "320800" }) { pageInfo { hasNextPage hasPreviousPage } nodes { code } } }`,
      { after },
    );
    expect(next.data).toEqual({
      regions: {
        pageInfo: { hasNextPage: false, hasPreviousPage: true },
        nodes: ["320812", "320813", "320826", "320830", "320831", "320871"].map((code) => ({ code })),
      },
    });
  });

  it("refuses a cursor under another order, another filter, another parent or in the old format, naming why", async () => {
    type Page = { pageInfo?: { endCursor: string }; reports?: Page };
    const endCursor = async (query: string): Promise<string> => {
      const top = Object.values((await graph.run(query)).data as object)[0] as Page;
      return (top.pageInfo ?? top.reports!.pageInfo)!.endCursor;
    };
    const byYear = await endCursor(`{ reports(first: 1, orderBy: { field: YEAR, direction: DESC }) { pageInfo { endCursor } } }`);
    expect(codes(await graph.run(`query ($a: String) { reports(first: 1, after: $a) { totalCount } }`, { a: byYear }))).toEqual([
      ["BAD_USER_INPUT", "after: the cursor was taken under the order YEAR DESC, not ID ASC: start again without `after`"],
    ]);
    const from2023 = await endCursor(`{ reports(first: 1, filter: { yearFrom: 2023 }) { pageInfo { endCursor } } }`);
    expect(codes(await graph.run(`query ($a: String) { reports(first: 1, after: $a, filter: { yearFrom: 2024 }) { totalCount } }`, { a: from2023 }))).toEqual([
      ["BAD_USER_INPUT", "after: the cursor was taken from another list or under other filter arguments: start again without `after`"],
    ]);
    const sameFilter = await graph.run(`query ($a: String) { reports(first: 1, after: $a, filter: { yearFrom: 2023 }) { pageInfo { hasPreviousPage } } }`, {
      a: from2023,
    });
    expect([sameFilter.errors, sameFilter.data]).toEqual([undefined, { reports: { pageInfo: { hasPreviousPage: true } } }]);
    const ofAgency1 = await endCursor(`{ agency(id: "${toGlobalId("Agency", 1)}") { reports(first: 1) { pageInfo { endCursor } } } }`);
    const onAgency2 = await graph.run(`query ($a: String) { agency(id: "${toGlobalId("Agency", 2)}") { reports(first: 1, after: $a) { totalCount } } }`, {
      a: ofAgency1,
    });
    expect(codes(onAgency2)).toEqual([
      ["BAD_USER_INPUT", "after: the cursor was taken from another list or under other filter arguments: start again without `after`"],
    ]);
    const oldFormat = Buffer.from("[2024,3]").toString("base64url");
    expect(codes(await graph.run(`{ reports(first: 1, after: "${oldFormat}") { totalCount } }`))).toEqual([
      ["BAD_USER_INPUT", `after: "${oldFormat}" is not a cursor of this list`],
    ]);
  });

  it("lists a region's children and ancestors", async () => {
    const result = await graph.run(`{ region(code: "411600") { ancestors { code } children { code } } }`);
    const region = (result.data as { region: { ancestors: unknown[]; children: Array<{ code: string }> } }).region;
    expect(region.ancestors).toEqual([{ code: "410000" }]);
    expect(region.children.map((child) => child.code)).toEqual([
      "411602",
      "411603",
      "411621",
      "411622",
      "411623",
      "411624",
      "411625",
      "411627",
      "411628",
      "411671",
      "411681",
    ]);
  });

  it("answers NOT_FOUND and BAD_USER_INPUT with codes", async () => {
    expect(codes(await graph.run(`{ region(code: "999999") { name } }`))).toEqual([["NOT_FOUND", 'Region "999999" does not exist']]);
    expect(codes(await graph.run(`{ region(code: "41") { name } }`))).toEqual([["BAD_USER_INPUT", 'code: "41" is not a 6-digit region code']]);
    expect(codes(await graph.run(`{ regions(first: 101) { totalCount } }`))).toEqual([["BAD_USER_INPUT", "first: must be between 1 and 100, got 101"]]);
    expect(codes(await graph.run(`{ reports(first: 1, after: "nonsense") { totalCount } }`))).toEqual([
      ["BAD_USER_INPUT", 'after: "nonsense" is not a cursor of this list'],
    ]);
    expect(codes(await graph.run(`{ agency(id: "${toGlobalId("Report", 1)}") { name } }`))).toEqual([
      ["BAD_USER_INPUT", `id: "${toGlobalId("Report", 1)}" is the id of a Report, not of an Agency`],
    ]);
    expect(codes(await graph.run(`{ node(id: "${toGlobalId("Agency", 999)}") { id } }`))).toEqual([
      ["NOT_FOUND", `Node "${toGlobalId("Agency", 999)}" does not exist`],
    ]);
    expect(codes(await graph.run(`{ report(id: "${toGlobalId("Report", 1)}", year: 2020) { year } }`))).toEqual([
      ["BAD_USER_INPUT", "report: give either id, or agencyId and year"],
    ]);
  });

  it("finds a report by its agency and year, and renders its section 三 table with derived subtotals", async () => {
    const agencies = await graph.run(`{ agencies(first: 1, filter: { nameContains: "淮安市人民政府" }) { nodes { id } } }`);
    const agencyId = (agencies.data as { agencies: { nodes: Array<{ id: string }> } }).agencies.nodes[0].id;
    const result = await graph.run(
      `query ($agencyId: ID!) { report(agencyId: $agencyId, year: 2024) {
        applicationsTable { columns { code } rows { outcome { code } depth derived cells { value state } } }
      } }`,
      { agencyId },
    );
    const table = (
      result.data as {
        report: {
          applicationsTable: {
            columns: Array<{ code: string }>;
            rows: Array<{ outcome: { code: string }; depth: number; derived: boolean; cells: Array<{ value: number; state: string }> }>;
          };
        };
      }
    ).report.applicationsTable;
    expect(table.columns.map((column) => column.code)).toEqual([
      "NATURAL_PERSON",
      "COMMERCIAL_ENTERPRISE",
      "RESEARCH_INSTITUTION",
      "PUBLIC_WELFARE_ORG",
      "LEGAL_SERVICE_ORG",
      "OTHER_ORG",
      "TOTAL",
      "LEGAL_PERSON_SUBTOTAL",
    ]);
    expect(table.rows).toHaveLength(29);
    const row = (code: string) => table.rows.find((candidate) => candidate.outcome.code === code)!;
    expect(row("R_WITHHELD")).toEqual({
      outcome: { code: "R_WITHHELD" },
      depth: 1,
      derived: true,
      cells: [176, 2, 0, 0, 0, 0, 178, 2].map((value) => ({ value, state: "DERIVED" })),
    });
    expect(row("WITHHELD_STATE_SECRET")).toMatchObject({ depth: 2, derived: false });
    expect(row("R_OTHER")).toMatchObject({ derived: true, cells: expect.arrayContaining([{ value: 187, state: "DERIVED" }]) });
    expect(row("NEW_RECEIVED").cells.map((cell) => cell.value)).toEqual([3001, 53, 0, 0, 61, 4, 3119, 118]);
  });

  it("finds a report by its global id", async () => {
    const listed = await graph.run(`{ reports(first: 1, orderBy: { field: YEAR }) { nodes { id year } } }`);
    const { id, year } = (listed.data as { reports: { nodes: Array<{ id: string; year: number }> } }).reports.nodes[0];
    const found = await graph.run(`query ($id: ID!) { report(id: $id) { id year agency { name } } }`, { id });
    expect(found.data).toEqual({ report: { id, year, agency: { name: "平潭综合实验区" } } });
  });

  it("prints （六） as one row where the report does", async () => {
    const result = await graph.run(
      `{ reports(first: 1, filter: { agencyNameContains: "洪泽", yearFrom: 2024 }) { nodes { applicationsTable { rows { outcome { code } derived } } } } }`,
    );
    const rows = (result.data as { reports: { nodes: Array<{ applicationsTable: { rows: Array<{ outcome: { code: string }; derived: boolean }> } }> } }).reports
      .nodes[0].applicationsTable.rows;
    expect(rows.filter((row) => row.outcome.code.includes("OTHER"))).toEqual([{ outcome: { code: "R_OTHER" }, derived: false }]);
  });

  // hongze-district-2023 prints 0 as its section 四 totals: the dispute rate uses the printed totals, as printed.
  it("computes derived indicators per applicant column, null where the denominator is zero", async () => {
    const result = await graph.run(
      `{ reports(first: 5, orderBy: { field: YEAR }) { nodes { year agency { name } total: indicators { disclosureRate legalPersonShare disputeRate } natural: indicators(column: "NATURAL_PERSON") { requestsHandled } } } }`,
    );
    expect(result.data).toEqual({
      reports: {
        nodes: [
          {
            year: 2019,
            agency: { name: "平潭综合实验区" },
            total: { disclosureRate: 8 / 23, legalPersonShare: 0, disputeRate: 0 },
            natural: { requestsHandled: 23 },
          },
          {
            year: 2020,
            agency: { name: "川汇区政务服务和大数据管理局" },
            total: { disclosureRate: null, legalPersonShare: null, disputeRate: null },
            natural: { requestsHandled: 0 },
          },
          {
            year: 2023,
            agency: { name: "淮安市洪泽区人民政府" },
            total: { disclosureRate: 4 / 21, legalPersonShare: 0, disputeRate: 0 },
            natural: { requestsHandled: 21 },
          },
          {
            year: 2024,
            agency: { name: "淮安市洪泽区人民政府" },
            total: { disclosureRate: 59 / 95, legalPersonShare: 0, disputeRate: 6 / 95 },
            natural: { requestsHandled: 95 },
          },
          {
            year: 2024,
            agency: { name: "淮安市人民政府" },
            total: { disclosureRate: 1816 / 3050, legalPersonShare: 118 / 3119, disputeRate: (351 + 26 + 20) / 3050 },
            natural: { requestsHandled: 2932 },
          },
        ],
      },
    });
    expect(codes(await graph.run(`{ reports(first: 1) { nodes { indicators(column: "EVERYONE") { disclosureRate } } } }`))).toEqual([
      ["BAD_USER_INPUT", `column: "EVERYONE" is not one of ${APPLICANT_COLUMN_CODES.join(", ")}`],
    ]);
  });

  it("refuses unknown codes in every code argument, naming the argument and the codes allowed", async () => {
    const refused = async (query: string) => codes(await graph.run(query));
    expect(await refused(`{ reports(first: 1, filter: { failingRules: ["R1", "R9"] }) { totalCount } }`)).toEqual([
      ["BAD_USER_INPUT", `filter.failingRules[1]: "R9" is not one of ${VALIDATION_RULES.join(", ")}`],
    ]);
    expect(VALIDATION_RULES.slice(0, 8)).toEqual(["R1", "R2", "R3", "R4", "R5", "X1", "X2", "X3"]);
    expect(await refused(`{ reports(first: 1) { nodes { cells(filter: { tableCode: "NOPE" }) { code } } } }`)).toEqual([
      ["BAD_USER_INPUT", `filter.tableCode: "NOPE" is not one of ${TABLE_CODES.join(", ")}`],
    ]);
    expect(await refused(`{ reports(first: 1) { nodes { cells(filter: { tableCode: "REVIEW_LITIGATION", rowCode: "NOPE" }) { code } } } }`)).toEqual([
      [
        "BAD_USER_INPUT",
        `filter.rowCode: "NOPE" is not one of ${getTable("REVIEW_LITIGATION")
          .rows.map((row) => row.code)
          .join(", ")}`,
      ],
    ]);
    expect(await refused(`{ reports(first: 1) { nodes { cells(filter: { tableCode: "ART20_1", columnCode: "TOTAL" }) { code } } } }`)).toEqual([
      [
        "BAD_USER_INPUT",
        `filter.columnCode: "TOTAL" is not one of ${getTable("ART20_1")
          .columns.map((column) => column.code)
          .join(", ")}`,
      ],
    ]);
    expect(await refused(`{ indicators(tableCode: "NOPE") { code } }`)).toEqual([
      ["BAD_USER_INPUT", `tableCode: "NOPE" is not one of ${TABLE_CODES.join(", ")}`],
    ]);
    expect(await refused(`{ reports(first: 1, filter: { regionCode: "999999" }) { totalCount } }`)).toEqual([
      ["BAD_USER_INPUT", 'filter.regionCode: no region has the code "999999"'],
    ]);
    expect(await refused(`{ agencies(first: 1, filter: { regionCode: "999999" }) { totalCount } }`)).toEqual([
      ["BAD_USER_INPUT", 'filter.regionCode: no region has the code "999999"'],
    ]);
    expect(await refused(`{ regions(first: 1, filter: { parentCode: "999999" }) { totalCount } }`)).toEqual([
      ["BAD_USER_INPUT", 'filter.parentCode: no region has the code "999999"'],
    ]);
    const unknownAgency = toGlobalId("Agency", 999999);
    expect(await refused(`{ reports(first: 1, filter: { agencyId: "${unknownAgency}" }) { totalCount } }`)).toEqual([
      ["BAD_USER_INPUT", `filter.agencyId: no agency has the id "${unknownAgency}"`],
    ]);
  });

  it("accepts the codes of every stored cell in a cell filter, and finds the cell by them", async () => {
    const result = await graph.run(`{ reports(first: 100) { nodes { cells { tableCode rowCode columnCode } } } }`);
    type Cell = { tableCode: string; rowCode: string; columnCode: string };
    const cells = (result.data as { reports: { nodes: Array<{ cells: Cell[] }> } }).reports.nodes.flatMap((report) => report.cells);
    const refusedCells = cells.filter((cell) => {
      try {
        checkTableCode("filter.tableCode", cell.tableCode);
        checkRowCode("filter.rowCode", cell.rowCode, cell.tableCode);
        checkColumnCode("filter.columnCode", cell.columnCode, cell.tableCode);
        return false;
      } catch {
        return true;
      }
    });
    expect([cells.length > 0, refusedCells]).toEqual([true, []]);
    const one = await graph.run(
      `{ reports(first: 1, orderBy: { field: YEAR, direction: DESC }) { nodes { cells(filter: { tableCode: "APPLICATIONS", rowCode: "R_TOTAL", columnCode: "TOTAL" }) { tableCode rowCode columnCode } } } }`,
    );
    expect(one.data).toEqual({ reports: { nodes: [{ cells: [{ tableCode: "APPLICATIONS", rowCode: "R_TOTAL", columnCode: "TOTAL" }] }] } });
  });

  it("filters reports by region subtree, years, template, kind, scope, name and validation errors", async () => {
    const count = async (filter: string) =>
      ((await graph.run(`{ reports(first: 1, filter: ${filter}) { totalCount } }`)).data as { reports: { totalCount: number } }).reports.totalCount;
    expect(await count(`{ regionCode: "320000" }`)).toBe(3);
    expect(await count(`{ regionCode: "320813" }`)).toBe(2);
    expect(await count(`{ regionCode: "410000" }`)).toBe(1);
    expect(await count(`{ yearFrom: 2020, yearTo: 2023 }`)).toBe(2);
    expect(await count(`{ templateVersions: [TPL_2019] }`)).toBe(2);
    expect(await count(`{ agencyKinds: [DEPARTMENT] }`)).toBe(1);
    // 平潭综合实验区 2019 and 淮安市人民政府 2024, whose texts sum their whole jurisdictions.
    expect(await count(`{ scope: GOVERNMENT_AGGREGATE }`)).toBe(2);
    expect(await count(`{ agencyNameContains: "人民政府" }`)).toBe(3);
    expect(await count(`{ hasValidationErrors: false }`)).toBe(4);
  });

  it("treats SQL and LIKE metacharacters in every text argument as plain text", async () => {
    const hostile = ["' OR '1'='1", "%", "_", "\\", "'; DROP TABLE report; --", "!%", '"'];
    for (const text of hostile) {
      const result = await graph.run(
        `query ($text: String!) {
          reports(first: 5, filter: { agencyNameContains: $text }) { totalCount }
          agencies(first: 5, filter: { nameContains: $text }) { totalCount }
          regions(first: 5, filter: { nameContains: $text }) { totalCount }
        }`,
        { text },
      );
      expect(result.data).toEqual({ reports: { totalCount: 0 }, agencies: { totalCount: 0 }, regions: { totalCount: 0 } });
    }
    expect(codes(await graph.run(`{ region(code: "' OR 1=1") { name } }`))).toEqual([["BAD_USER_INPUT", `code: "' OR 1=1" is not a 6-digit region code`]]);
    expect(((await graph.run(`{ reports(first: 1) { totalCount } }`)).data as { reports: { totalCount: number } }).reports.totalCount).toBe(5);
  });

  it("orders reports by agency name and error count with keyset pages that cover every report once", async () => {
    for (const orderBy of ["{ field: AGENCY_NAME }", "{ field: ERROR_COUNT, direction: DESC }", "{ field: YEAR, direction: DESC }"]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: OperationResult = await graph.run(
          `query ($after: String) { reports(first: 2, after: $after, orderBy: ${orderBy}) { pageInfo { hasNextPage endCursor } nodes { id } } }`,
          { after },
        );
        const connection = (result.data as { reports: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ id: string }> } }).reports;
        seen.push(...connection.nodes.map((node) => node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(5);
      expect(seen).toHaveLength(5);
    }
  });

  it("serves the catalog: disclosure categories, the outcome tree, and the reports that use a category", async () => {
    const result = await graph.run(`{
      disclosureCategories { code versions }
      requestOutcomes { code }
      withheld: requestOutcomes { code children { code } parent { code } }
    }`);
    const data = result.data as {
      disclosureCategories: Array<{ code: string; versions: string[] }>;
      requestOutcomes: unknown[];
      withheld: Array<{ code: string; children: Array<{ code: string }>; parent: { code: string } | null }>;
    };
    expect(data.disclosureCategories).toHaveLength(9);
    expect(data.disclosureCategories.find((category) => category.code === "ART20_9.CENTRAL_PROCUREMENT")).toEqual({
      code: "ART20_9.CENTRAL_PROCUREMENT",
      versions: ["TPL_2019"],
    });
    expect(data.requestOutcomes).toHaveLength(30);
    expect(data.withheld.find((outcome) => outcome.code === "R_OTHER")).toEqual({
      code: "R_OTHER",
      children: [{ code: "OTHER_NO_CORRECTION" }, { code: "OTHER_FEE_UNPAID" }, { code: "OTHER_OTHER" }],
      parent: { code: "RESULTS" },
    });
    const procurement = await graph.run(`{ disclosureCategories { code reports(first: 10) { totalCount nodes { year } } } }`);
    const category = (
      procurement.data as { disclosureCategories: Array<{ code: string; reports: { totalCount: number; nodes: unknown[] } }> }
    ).disclosureCategories.find((entry) => entry.code === "ART20_9.CENTRAL_PROCUREMENT");
    expect(category?.reports).toEqual({ totalCount: 2, nodes: [{ year: 2020 }, { year: 2019 }] });
  });

  it("lists a year's reports and agencies", async () => {
    const result = await graph.run(
      `{ year(year: 2024) { year reportCount reports(first: 5) { nodes { agency { name } } } agencies(first: 5) { totalCount } } }`,
    );
    expect(result.data).toEqual({
      year: {
        year: 2024,
        reportCount: 2,
        reports: { nodes: [{ agency: { name: "淮安市洪泽区人民政府" } }, { agency: { name: "淮安市人民政府" } }] },
        agencies: { totalCount: 2 },
      },
    });
    expect(codes(await graph.run(`{ year(year: 1999) { year } }`))).toEqual([["NOT_FOUND", "Year 1999 does not exist"]]);
  });
});
