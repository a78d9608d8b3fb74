import type { DataSource } from "typeorm";
import { toGlobalId } from "../../src/graph/core/node";
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
        pageInfo: { hasNextPage: true, endCursor: Buffer.from('["320804","320804"]').toString("base64url") },
        nodes: [
          { code: "320803", name: "淮安区" },
          { code: "320804", name: "淮阴区" },
        ],
      },
    });
    const after = (first.data as { regions: { pageInfo: { endCursor: string } } }).regions.pageInfo.endCursor;
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
      ["BAD_USER_INPUT", `id: "${toGlobalId("Report", 1)}" is the id of a Report, not of a Agency`],
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
      ["BAD_USER_INPUT", 'column: "EVERYONE" is not an applicant-type column'],
    ]);
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
    expect(await count(`{ scope: GOVERNMENT_AGGREGATE }`)).toBe(1);
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
