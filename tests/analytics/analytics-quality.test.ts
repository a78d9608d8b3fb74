import type { DataSource } from "typeorm";
import { resolveIndicator } from "../../src/analytics/indicator-ref";
import { QUALITY_COLUMNS, qualityCells } from "../../src/analytics/quality-columns";
import { runValueQuery } from "../../src/analytics/value-query";
import { Agency } from "../../src/entities";
import { selectionSql } from "../../src/services/report-selection";
import { GraphClient } from "../support/graph-client";
import { openWithSamples } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const FEES = "ART20_8.ADMIN_FEES.FEE_AMOUNT";
const QUALITY = "quality { reportsCounted reportsWithUncertainInputs reportsFailingInputRules reportsWithComponentTotals inputsCorrected totals }";

describe.each(testDatabases())("quality, totals and errors of analytic values on the samples, on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;
  let hongze: string;

  beforeAll(async () => {
    dataSource = await openWithSamples(database);
    graph = await GraphClient.start(dataSource);
    const agency = await dataSource.getRepository(Agency).findOneByOrFail({ name: "淮安市洪泽区人民政府" });
    hongze = Buffer.from(`Agency:${agency.id}`).toString("base64url");
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  const disputeRate2023 = (totals: string) =>
    graph.run(
      `{ timeSeries(agencyId: "${hongze}", indicator: "disputeRate", yearFrom: 2023, yearTo: 2023, totals: ${totals}) { year value comparability ${QUALITY} } }`,
    );

  it("serves 洪泽区 2023's dispute rate from its printed totals as 0, flagged as failing R4", async () => {
    expect((await disputeRate2023("PRINTED")).data).toEqual({
      timeSeries: [
        {
          year: 2023,
          value: 0,
          comparability: "NO_PREVIOUS",
          quality: {
            reportsCounted: 1,
            reportsWithUncertainInputs: 0,
            reportsFailingInputRules: 1,
            reportsWithComponentTotals: 0,
            inputsCorrected: 0,
            totals: "PRINTED",
          },
        },
      ],
    });
  });

  it("computes 洪泽区 2023's dispute rate from the components with COMPONENTS: (10 + 1 review, 5 litigation) / 21 handled", async () => {
    expect((await disputeRate2023("COMPONENTS")).data).toEqual({
      timeSeries: [
        {
          year: 2023,
          value: 0.761905,
          comparability: "NO_PREVIOUS",
          quality: {
            reportsCounted: 1,
            reportsWithUncertainInputs: 0,
            reportsFailingInputRules: 1,
            reportsWithComponentTotals: 1,
            inputsCorrected: 0,
            totals: "COMPONENTS",
          },
        },
      ],
    });
  });

  it("gives 洪泽区's fee change 2023 → 2024 exactly (7545 − 7730.28 = −185.28, not −185.27999999999975)", async () => {
    const result = await graph.run(
      `{ timeSeries(agencyId: "${hongze}", indicator: "${FEES}", yearFrom: 2024, yearTo: 2024) { value previousValue change relativeChange } }`,
    );
    expect(result.data).toEqual({ timeSeries: [{ value: 7545, previousValue: 7730.28, change: -185.28, relativeChange: -0.023968 }] });
  });

  it("counts 淮安市人民政府 2024's section 四 cells read as UNCERTAIN in its dispute rate's quality", async () => {
    const agency = await dataSource.getRepository(Agency).findOneByOrFail({ name: "淮安市人民政府" });
    const id = Buffer.from(`Agency:${agency.id}`).toString("base64url");
    const result = await graph.run(
      `{ compare(subjects: { agencyIds: ["${id}"] }, years: [2024], indicators: ["disputeRate", "requestsReceived"]) { rows { values { indicator ${QUALITY} } } } }`,
    );
    const values = (result.data as { compare: { rows: Array<{ values: Array<{ indicator: string; quality: Record<string, unknown> }> }> } }).compare.rows[0]
      .values;
    expect(values.map((value) => [value.indicator, value.quality.reportsCounted, value.quality.reportsWithUncertainInputs])).toEqual([
      ["disputeRate", 1, 1],
      ["requestsReceived", 1, 0],
    ]);
  });

  it("says NO_PREVIOUS, not SAME, when the year before has a report but no value (洪泽区 2023 review correction rate: 0 / 0)", async () => {
    const result = await graph.run(
      `{ timeSeries(agencyId: "${hongze}", indicator: "reviewCorrectionRate", yearFrom: 2024, yearTo: 2024) { previousValue change comparability note } }`,
    );
    expect(result.data).toEqual({ timeSeries: [{ previousValue: null, change: null, comparability: "NO_PREVIOUS", note: "no value the year before" }] });
  });

  it("gives the exports the same quality as columns (qualityCells over runValueQuery)", async () => {
    const [row] = await runValueQuery(dataSource, {
      indicators: [resolveIndicator("disputeRate")],
      where: selectionSql({ year: 2023, agencyIds: [Number(Buffer.from(hongze, "base64url").toString().split(":")[1])] }),
      keys: [],
    });
    expect(QUALITY_COLUMNS.map((column) => column.key)).toEqual([
      "reportsCounted",
      "reportsWithUncertainInputs",
      "reportsFailingInputRules",
      "reportsWithComponentTotals",
      "inputsCorrected",
      "totals",
    ]);
    expect(qualityCells(row.values[0].quality)).toEqual([1, 0, 1, 0, 0, "PRINTED"]);
  });

  it("keeps the other aliases' data when one analytics field fails, with the failed field's path", async () => {
    const result = await graph.run(
      `{ good: timeSeries(agencyId: "${hongze}", indicator: "requestsReceived", yearFrom: 2023, yearTo: 2023) { value } bad: ranking(indicator: "NOPE", year: 2023) { cohortSize } }`,
    );
    expect(result.data).toEqual({ good: [{ value: 21 }], bad: null });
    const errors = result.errors as Array<{ path?: unknown; extensions?: Record<string, unknown> }> | undefined;
    expect(errors?.map((error) => [error.path, error.extensions?.code, error.extensions?.argument])).toEqual([[["bad"], "BAD_USER_INPUT", "indicator"]]);
  });

  it("names agencyId or regionCode when timeSeries is given neither", async () => {
    const result = await graph.run(`{ timeSeries(indicator: "requestsReceived", yearFrom: 2023, yearTo: 2024) { value } }`);
    expect(result.errors?.map((error) => [error.message, error.extensions?.argument])).toEqual([
      ["agencyId: give either agencyId or regionCode, not both and not neither", "agencyId"],
    ]);
  });

  it("names the indicator argument for an unknown indicator in timeSeries", async () => {
    const result = await graph.run(`{ timeSeries(agencyId: "${hongze}", indicator: "happiness", yearFrom: 2023, yearTo: 2024) { value } }`);
    expect(result.errors?.map((error) => error.extensions?.argument)).toEqual(["indicator"]);
    expect(result.errors?.[0].message).toMatch(/^indicator: "happiness" is neither an indicator code/);
  });

  it.each([
    ["compare", "subjects.regionCodes[0]", `{ compare(subjects: { regionCodes: ["999999"] }, years: [2024], indicators: ["requestsReceived"]) { years } }`],
    ["compare", "column", `{ compare(subjects: { regionCodes: ["320800"] }, years: [2024], indicators: ["disclosureRate"], column: "NOPE") { years } }`],
    ["timeSeries", "regionCode", `{ timeSeries(regionCode: "999999", indicator: "requestsReceived", yearFrom: 2023, yearTo: 2024) { value } }`],
    ["regionRollup", "regionCode", `{ regionRollup(regionCode: "999999", year: 2024, indicators: ["requestsReceived"]) { year } }`],
    ["ranking", "regionCode", `{ ranking(indicator: "requestsReceived", year: 2024, regionCode: "999999") { cohortSize } }`],
    ["aggregate", "filter.regionCode", `{ aggregate(filter: { regionCode: "999999" }, groupBy: [YEAR], indicators: ["requestsReceived"]) { year } }`],
  ])("refuses an unknown code in %s with BAD_USER_INPUT naming %s", async (field, argument, query) => {
    const result = await graph.run(query);
    expect(result.data).toEqual({ [field]: null });
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([["BAD_USER_INPUT", argument]]);
  });

  it("aggregates and rolls up with COMPONENTS the same way, and says so in each value's quality", async () => {
    const result = await graph.run(`{
      aggregate(filter: { yearFrom: 2023, yearTo: 2023 }, groupBy: [YEAR], indicators: ["disputeRate"], totals: COMPONENTS) { year values { value quality { reportsFailingInputRules reportsWithComponentTotals totals } } }
      regionRollup(regionCode: "320813", year: 2023, indicators: ["disputeRate"], totals: COMPONENTS) { values { value quality { reportsCounted reportsWithComponentTotals } } } }`);
    expect(result.data).toEqual({
      aggregate: [{ year: 2023, values: [{ value: 0.761905, quality: { reportsFailingInputRules: 1, reportsWithComponentTotals: 1, totals: "COMPONENTS" } }] }],
      regionRollup: { values: [{ value: 0.761905, quality: { reportsCounted: 1, reportsWithComponentTotals: 1 } }] },
    });
  });

  it("gives each ranking entry its quality", async () => {
    const result = await graph.run(`{ ranking(indicator: "disputeRate", year: 2023, minCohortSize: 1) { entries { value ${QUALITY} } } }`);
    expect(result.data).toEqual({
      ranking: {
        entries: [
          {
            value: 0,
            quality: {
              reportsCounted: 1,
              reportsWithUncertainInputs: 0,
              reportsFailingInputRules: 1,
              reportsWithComponentTotals: 0,
              inputsCorrected: 0,
              totals: "PRINTED",
            },
          },
        ],
      },
    });
  });
});
