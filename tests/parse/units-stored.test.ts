import { useSampleGraph } from "../support/sample-graph";
import { testDatabases } from "../support/test-databases";

interface ServedCell {
  code: string;
  value: number | null;
  unit: string;
  raw: string | null;
  state: string;
}

describe.each(testDatabases())("units of stored cells on $name", (database) => {
  const sample = useSampleGraph(database);

  it("serves pingtan-2019's procurement amount in 万元 with its unit and the printed 元 text", async () => {
    const result = await sample.graph.run(
      `{ reports(first: 1, filter: { yearFrom: 2019, yearTo: 2019 }) { nodes {
           proactiveTables { tableCode rows { cells { code value unit raw state } } }
           issues { rule severity cellCodes } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const report = (
      result.data as { reports: { nodes: Array<{ proactiveTables: Array<{ tableCode: string; rows: Array<{ cells: ServedCell[] }> }>; issues: unknown[] }> } }
    ).reports.nodes[0];
    const procurement = report.proactiveTables.find((table) => table.tableCode === "ART20_9")!.rows[0].cells;
    expect(procurement).toEqual([
      { code: "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_ITEMS", value: 135, unit: "件", raw: "13575394432.52元", state: "UNCERTAIN" },
      { code: "ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_AMOUNT", value: 7539.4433, unit: "万元", raw: "13575394432.52元", state: "UNCERTAIN" },
    ]);
    expect(report.issues).toContainEqual({ rule: "PARSE_UNIT_CONVERTED", severity: "info", cellCodes: ["ART20_9.CENTRAL_PROCUREMENT.PROCUREMENT_AMOUNT"] });
  });

  it("gives every stored cell of the samples the catalog's unit", async () => {
    const result = await sample.graph.run(`{ reports(first: 5) { nodes { cells { code unit } } } }`);
    expect(result.errors).toBeUndefined();
    const served = (result.data as { reports: { nodes: Array<{ cells: ServedCell[] }> } }).reports.nodes.flatMap((node) => node.cells);
    const unitOf = (code: string) => [...new Set(served.filter((cell) => cell.code === code).map((cell) => cell.unit))];
    expect([unitOf("ART20_8.ADMIN_FEES.FEE_AMOUNT"), unitOf("ART20_8.ADMIN_FEES.ITEMS_DELTA"), unitOf("APPLICATIONS.R_TOTAL.TOTAL")]).toEqual([
      ["万元"],
      ["项"],
      ["件"],
    ]);
    expect([...new Set(served.map((cell) => cell.unit))].sort()).toEqual(["万元", "件", "项"]);
  });
});
