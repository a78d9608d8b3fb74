import type { DataSource } from "typeorm";
import { Agency, Report, ValidationIssue } from "../../src/entities";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";
import { AGGREGATE_EXTRA, CITIES, loadDataset, SKIPPED, valueOf, YEARS, type DatasetReport } from "./dataset";

const NEW_TOTAL = "APPLICATIONS.NEW_RECEIVED.TOTAL";
// Rates and percentiles are served rounded to 6 decimal places (src/analytics/decimal-output.ts): agree to 5.
const CLOSE = 5;

function disclosureRate(report: DatasetReport): number | null {
  const handled = valueOf(report, "APPLICATIONS.R_TOTAL.TOTAL")!;
  return handled === 0 ? null : (valueOf(report, "APPLICATIONS.R_DISCLOSED.TOTAL")! + valueOf(report, "APPLICATIONS.R_PARTIAL.TOTAL")!) / handled;
}

/** Linear-interpolation quantile of sorted values, written here independently of the SQL. */
function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  return sorted[lower] + (position - lower) * ((sorted[lower + 1] ?? sorted[lower]) - sorted[lower]);
}

describe.each(testDatabases())("comparison and analytics on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;
  let reports: DatasetReport[];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    reports = await loadDataset(dataSource);
    graph = await GraphClient.start(dataSource);
    const agencies = await dataSource.getRepository(Agency).find();
    for (const agency of agencies) ids.set(agency.name, Buffer.from(`Agency:${agency.id}`).toString("base64url"));
  }, 180_000);
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  const members = (city: string, year: number) => reports.filter((report) => report.city === city && report.year === year && !report.aggregate);

  it("compares agencies over years with changes, and flags the template change", async () => {
    const report2020 = reports.find((report) => !report.aggregate && report.year === 2020)!;
    const name = report2020.agencyName;
    const series = reports.filter((report) => report.agencyName === name).sort((a, b) => a.year - b.year);
    const result = await graph.run(
      `query ($id: ID!) { compare(subjects: { agencyIds: [$id] }, years: [2019, 2020, 2021, 2022], indicators: ["${NEW_TOTAL}", "disclosureRate", "ART20_1.REGULATIONS.ISSUED", "ART20_1.REGULATIONS.IN_FORCE"]) {
        years indicators { code kind } rows { subject { key agency { name } } values { year indicator value previousValue change relativeChange comparability note } } } }`,
      { id: ids.get(name) },
    );
    expect(result.errors).toBeUndefined();
    const comparison = (
      result.data as {
        compare: { years: number[]; indicators: unknown[]; rows: Array<{ subject: { agency: { name: string } }; values: Array<Record<string, unknown>> }> };
      }
    ).compare;
    expect(comparison.years).toEqual([2019, 2020, 2021, 2022]);
    expect(comparison.indicators).toEqual([
      { code: NEW_TOTAL, kind: "CELL" },
      { code: "disclosureRate", kind: "DERIVED" },
      { code: "ART20_1.REGULATIONS.ISSUED", kind: "CELL" },
      { code: "ART20_1.REGULATIONS.IN_FORCE", kind: "CELL" },
    ]);
    expect(comparison.rows[0].subject.agency.name).toBe(name);
    const at = (year: number, indicator: string) => comparison.rows[0].values.find((value) => value.year === year && value.indicator === indicator)!;
    const received = series.map((report) => valueOf(report, NEW_TOTAL)!);
    expect(at(2020, NEW_TOTAL)).toMatchObject({ value: received[1], previousValue: received[0], change: received[1] - received[0], comparability: "SAME" });
    expect(at(2021, NEW_TOTAL)).toMatchObject({ value: received[2], change: received[2] - received[1], comparability: "SAME" });
    expect(at(2019, NEW_TOTAL)).toMatchObject({ previousValue: null, change: null, comparability: "NO_PREVIOUS" });
    expect(at(2022, "disclosureRate").value).toBeCloseTo(disclosureRate(series[3])!, CLOSE);
    // 2019 本年新制作数量 and 2021 本年制发件数: approximately the same thing.
    expect(at(2021, "ART20_1.REGULATIONS.ISSUED")).toMatchObject({
      value: valueOf(series[2], "ART20_1.REGULATIONS.ISSUED"),
      previousValue: valueOf(series[1], "ART20_1.REGULATIONS.NEW_MADE"),
      comparability: "APPROXIMATE",
    });
    // 2019 对外公开总数量 vs 2021 现行有效件数: not comparable; no value in 2020.
    expect(at(2021, "ART20_1.REGULATIONS.IN_FORCE")).toMatchObject({
      previousValue: null,
      change: null,
      comparability: "NOT_COMPARABLE",
      note: "Currently in force; not comparable with 2019 对外公开总数量 (cumulative).",
    });
    expect(at(2022, "ART20_1.REGULATIONS.IN_FORCE")).toMatchObject({
      comparability: "SAME",
      change: valueOf(series[3], "ART20_1.REGULATIONS.IN_FORCE")! - valueOf(series[2], "ART20_1.REGULATIONS.IN_FORCE")!,
    });
  });

  it("compares （六）其他处理 across the template change at the aggregate level", async () => {
    const name = reports.find((report) => !report.aggregate)!.agencyName;
    const series = reports.filter((report) => report.agencyName === name).sort((a, b) => a.year - b.year);
    const result = await graph.run(
      `query ($id: ID!) { timeSeries(agencyId: $id, indicator: "APPLICATIONS.R_OTHER.TOTAL", yearFrom: 2021, yearTo: 2022) { year value change comparability note } }`,
      { id: ids.get(name) },
    );
    const other2022 = ["OTHER_NO_CORRECTION", "OTHER_FEE_UNPAID", "OTHER_OTHER"].reduce(
      (sum, row) => sum + valueOf(series[3], `APPLICATIONS.${row}.TOTAL`)!,
      0,
    );
    expect(result.data).toEqual({
      timeSeries: [
        {
          year: 2021,
          value: valueOf(series[2], "APPLICATIONS.R_OTHER.TOTAL"),
          change: valueOf(series[2], "APPLICATIONS.R_OTHER.TOTAL")! - valueOf(series[1], "APPLICATIONS.R_OTHER.TOTAL")!,
          comparability: "SAME",
          note: "compared as the total of （六）其他处理",
        },
        { year: 2022, value: other2022, change: other2022 - valueOf(series[2], "APPLICATIONS.R_OTHER.TOTAL")!, comparability: "SAME", note: null },
      ],
    });
  });

  it("compares regions as the sum of their AGENCY-scope reports, never adding a government aggregate", async () => {
    const result = await graph.run(
      `{ compare(subjects: { regionCodes: ["${CITIES[0]}", "${CITIES[1]}"] }, years: [2021, 2022], indicators: ["${NEW_TOTAL}", "disclosureRate"]) { rows { subject { key region { name } } values { year indicator value reportCount reportsIncluded } } } }`,
    );
    const rows = (
      result.data as {
        compare: {
          rows: Array<{
            subject: { key: string; region: { name: string } };
            values: Array<{ year: number; indicator: string; value: number; reportCount: number; reportsIncluded: number }>;
          }>;
        };
      }
    ).compare.rows;
    expect(rows.map((row) => [row.subject.key, row.subject.region.name])).toEqual([
      [CITIES[0], "淮安市"],
      [CITIES[1], "周口市"],
    ]);
    for (const row of rows) {
      for (const year of [2021, 2022]) {
        const expected = members(row.subject.key, year);
        const received = row.values.find((value) => value.year === year && value.indicator === NEW_TOTAL)!;
        expect(received).toEqual({
          year,
          indicator: NEW_TOTAL,
          value: expected.reduce((sum, report) => sum + valueOf(report, NEW_TOTAL)!, 0),
          reportCount: expected.length,
          reportsIncluded: expected.length,
        });
        const rate = row.values.find((value) => value.year === year && value.indicator === "disclosureRate")!;
        const numerator = expected.reduce(
          (sum, report) => sum + valueOf(report, "APPLICATIONS.R_DISCLOSED.TOTAL")! + valueOf(report, "APPLICATIONS.R_PARTIAL.TOTAL")!,
          0,
        );
        const denominator = expected.reduce((sum, report) => sum + valueOf(report, "APPLICATIONS.R_TOTAL.TOTAL")!, 0);
        expect(rate.value).toBeCloseTo(numerator / denominator, CLOSE);
      }
    }
  });

  it("says REPORTERS_CHANGED, with the member that left, when a region's reporters change, and BALANCED keeps only members of every year", async () => {
    const city = CITIES[0];
    const skipped = members(city, SKIPPED.year - 1).find((report) => !members(city, SKIPPED.year).some((kept) => kept.agencyName === report.agencyName))!;
    const query = (cohort: string) =>
      graph.run(
        `{ compare(subjects: { regionCodes: ["${city}"] }, years: [${SKIPPED.year - 1}, ${SKIPPED.year}], indicators: ["${NEW_TOTAL}"], cohort: ${cohort}) { rows { values { year value change comparability cohort { reporters enteredCount leftCount enteredAgencyIds leftAgencyIds } } } } }`,
      );
    const sum = (list: DatasetReport[]) => list.reduce((total, report) => total + valueOf(report, NEW_TOTAL)!, 0);
    const all = (await query("ALL")).data as { compare: { rows: Array<{ values: Array<Record<string, unknown>> }> } };
    const [before, after] = all.compare.rows[0].values;
    expect(after).toEqual({
      year: SKIPPED.year,
      value: sum(members(city, SKIPPED.year)),
      change: null,
      comparability: "REPORTERS_CHANGED",
      cohort: { reporters: 2, enteredCount: 0, leftCount: 1, enteredAgencyIds: [], leftAgencyIds: [ids.get(skipped.agencyName)] },
    });
    expect(before.cohort).toEqual({ reporters: 3, enteredCount: 0, leftCount: 0, enteredAgencyIds: [], leftAgencyIds: [] });
    const balanced = (await query("BALANCED")).data as { compare: { rows: Array<{ values: Array<Record<string, unknown>> }> } };
    const kept = members(city, SKIPPED.year - 1).filter((report) => report.agencyName !== skipped.agencyName);
    const [balancedBefore, balancedAfter] = balanced.compare.rows[0].values;
    expect(balancedBefore.value).toBe(sum(kept));
    expect(balancedAfter).toMatchObject({
      value: sum(members(city, SKIPPED.year)),
      change: sum(members(city, SKIPPED.year)) - sum(kept),
      comparability: "SAME",
      cohort: { reporters: 2, enteredCount: 0, leftCount: 0 },
    });
  });

  it("rolls a region up, lists the agency that stopped reporting, and reconciles the government's aggregate", async () => {
    const city = CITIES[0];
    const result = await graph.run(`{ regionRollup(regionCode: "${city}", year: ${SKIPPED.year}, indicators: ["${NEW_TOTAL}", "APPLICATIONS.R_TOTAL.TOTAL"]) {
      year memberReportCount values { indicator value reportsIncluded } missingAgencyCount missingAgencies { name }
      cohort { reporters enteredCount leftCount enteredAgencyIds leftAgencyIds }
      reconciliations { report { year scope agency { name } } values { indicator reported membersSum difference } } } }`);
    const expected = members(city, SKIPPED.year);
    const sum = (code: string) => expected.reduce((total, report) => total + valueOf(report, code)!, 0);
    const skipped = reports.find(
      (report) =>
        report.city === city && report.year === SKIPPED.year - 1 && !report.aggregate && !expected.some((member) => member.agencyName === report.agencyName),
    )!;
    expect(result.data).toEqual({
      regionRollup: {
        year: SKIPPED.year,
        memberReportCount: 2,
        values: [
          { indicator: NEW_TOTAL, value: sum(NEW_TOTAL), reportsIncluded: 2 },
          { indicator: "APPLICATIONS.R_TOTAL.TOTAL", value: sum("APPLICATIONS.R_TOTAL.TOTAL"), reportsIncluded: 2 },
        ],
        missingAgencyCount: 1,
        missingAgencies: [{ name: skipped.agencyName }],
        cohort: { reporters: 2, enteredCount: 0, leftCount: 1, enteredAgencyIds: [], leftAgencyIds: [ids.get(skipped.agencyName)] },
        reconciliations: [
          {
            report: { year: SKIPPED.year, scope: "GOVERNMENT_AGGREGATE", agency: { name: "淮安市人民政府" } },
            values: [
              { indicator: NEW_TOTAL, reported: sum(NEW_TOTAL) + AGGREGATE_EXTRA, membersSum: sum(NEW_TOTAL), difference: AGGREGATE_EXTRA },
              {
                indicator: "APPLICATIONS.R_TOTAL.TOTAL",
                reported: sum("APPLICATIONS.R_TOTAL.TOTAL"),
                membersSum: sum("APPLICATIONS.R_TOTAL.TOTAL"),
                difference: 0,
              },
            ],
          },
        ],
      },
    });
  });

  it("ranks cities against each other by their members' sums, with region entries and no agency", async () => {
    const result = await graph.run(
      `{ ranking(indicator: "${NEW_TOTAL}", year: 2021, regionLevel: CITY, minCohortSize: 1) { cohortSize entries { region { code } agency { name } report { year } value rank quality { reportsCounted } } } }`,
    );
    const sums = CITIES.map((city) => ({ city, value: members(city, 2021).reduce((total, report) => total + valueOf(report, NEW_TOTAL)!, 0) })).sort(
      (a, b) => b.value - a.value,
    );
    expect(result.data).toEqual({
      ranking: {
        cohortSize: 3,
        entries: sums.map((entry, index) => ({
          region: { code: entry.city },
          agency: null,
          report: null,
          value: entry.value,
          rank: index + 1,
          quality: { reportsCounted: members(entry.city, 2021).length },
        })),
      },
    });
  });

  it("ranks the GOVERNMENT_AGGREGATE reports when asked for that scope, and a kind's agencies when asked for kinds", async () => {
    const governments = reports
      .filter((report) => report.year === 2021 && report.aggregate)
      .map((report) => ({ name: report.agencyName, value: valueOf(report, NEW_TOTAL)! }))
      .sort((a, b) => b.value - a.value);
    const result = await graph.run(
      `{ aggregates: ranking(indicator: "${NEW_TOTAL}", year: 2021, scope: GOVERNMENT_AGGREGATE, minCohortSize: 1) { cohortSize entries { agency { name } value } }
         governments: ranking(indicator: "${NEW_TOTAL}", year: 2021, agencyKinds: [GOVERNMENT], minCohortSize: 1) { cohortSize } }`,
    );
    expect(result.data).toEqual({
      aggregates: { cohortSize: 3, entries: governments.map((entry) => ({ agency: { name: entry.name }, value: entry.value })) },
      // The city governments' reports are GOVERNMENT_AGGREGATE, so an AGENCY-scope cohort of governments is empty.
      governments: { cohortSize: 0 },
    });
  });

  it("ranks a cohort with percentiles, median and quartiles, and withholds them below the minimum size", async () => {
    const cohort = reports.filter((report) => report.year === 2021 && !report.aggregate);
    const values = cohort.map((report) => valueOf(report, NEW_TOTAL)!).sort((a, b) => a - b);
    const result = await graph.run(
      `{ ranking(indicator: "${NEW_TOTAL}", year: 2021, minCohortSize: 5) { cohortSize median lowerQuartile upperQuartile entries { agency { name } value rank percentile } } }`,
    );
    const ranking = (
      result.data as {
        ranking: {
          cohortSize: number;
          median: number;
          lowerQuartile: number;
          upperQuartile: number;
          entries: Array<{ agency: { name: string }; value: number; rank: number; percentile: number }>;
        };
      }
    ).ranking;
    expect(ranking.cohortSize).toBe(9);
    expect(ranking.median).toBeCloseTo(quantile(values, 0.5), CLOSE);
    expect(ranking.lowerQuartile).toBeCloseTo(quantile(values, 0.25), CLOSE);
    expect(ranking.upperQuartile).toBeCloseTo(quantile(values, 0.75), CLOSE);
    for (const entry of ranking.entries) {
      expect(entry.rank).toBe(1 + values.filter((value) => value > entry.value).length);
      expect(entry.percentile).toBeCloseTo((100 * values.filter((value) => value <= entry.value).length) / values.length, CLOSE);
    }
    const small = await graph.run(
      `{ ranking(indicator: "${NEW_TOTAL}", year: 2021, regionCode: "${CITIES[2]}", minCohortSize: 5) { cohortSize median entries { percentile } } }`,
    );
    expect(small.data).toEqual({ ranking: { cohortSize: 3, median: null, entries: [{ percentile: null }, { percentile: null }, { percentile: null }] } });
  });

  it("aggregates by year and province, summing AGENCY-scope reports only", async () => {
    const result = await graph.run(
      `{ aggregate(groupBy: [YEAR, REGION], indicators: ["${NEW_TOTAL}"], filter: { yearFrom: 2021 }) { year region { code name } reportCount values { value } } }`,
    );
    const groups = (
      result.data as { aggregate: Array<{ year: number; region: { code: string; name: string }; reportCount: number; values: Array<{ value: number }> }> }
    ).aggregate;
    const expected = [2021, 2022].flatMap((year) =>
      CITIES.map((city) => ({ year, province: `${city.slice(0, 2)}0000`, members: members(city, year) })).map(
        ({ year: groupYear, province, members: inGroup }) => ({
          year: groupYear,
          code: province,
          reportCount: inGroup.length,
          value: inGroup.reduce((sum, report) => sum + valueOf(report, NEW_TOTAL)!, 0),
        }),
      ),
    );
    expect(groups.map((group) => ({ year: group.year, code: group.region.code, reportCount: group.reportCount, value: group.values[0].value }))).toEqual(
      expected.sort((a, b) => String([a.year, a.code]).localeCompare(String([b.year, b.code]))),
    );
  });

  it("stores cross-year continuity warnings (X1–X3) exactly where the data breaks them, and filters reports by rule", async () => {
    const expected = new Map<string, number>();
    const add = (report: DatasetReport, count: number) =>
      expected.set(`${report.agencyName}|${report.year}`, (expected.get(`${report.agencyName}|${report.year}`) ?? 0) + count);
    const columns = ["NATURAL_PERSON", "COMMERCIAL_ENTERPRISE", "RESEARCH_INSTITUTION", "PUBLIC_WELFARE_ORG", "LEGAL_SERVICE_ORG", "OTHER_ORG", "TOTAL"];
    for (const report of reports) {
      const previous = reports.find((candidate) => candidate.agencyName === report.agencyName && candidate.year === report.year - 1);
      if (!previous) continue;
      add(
        report,
        columns.filter(
          (column) => valueOf(report, `APPLICATIONS.CARRIED_OVER_IN.${column}`) !== valueOf(previous, `APPLICATIONS.CARRIED_FORWARD_OUT.${column}`),
        ).length,
      );
      if (report.spec.version === "TPL_2021" && previous.spec.version === "TPL_2021") {
        for (const row of ["REGULATIONS", "ADMIN_NORMATIVE_DOCS"]) {
          const inForce =
            valueOf(previous, `ART20_1.${row}.IN_FORCE`)! + valueOf(report, `ART20_1.${row}.ISSUED`)! - valueOf(report, `ART20_1.${row}.REPEALED`)!;
          if (valueOf(report, `ART20_1.${row}.IN_FORCE`) !== inForce) add(report, 1);
        }
      }
      if (report.spec.version === "TPL_2019" && previous.spec.version === "TPL_2019") {
        for (const code of [
          "ART20_5.ADMIN_LICENSING",
          "ART20_5.OTHER_EXTERNAL_SERVICES",
          "ART20_6.ADMIN_PENALTY",
          "ART20_6.ADMIN_COERCION",
          "ART20_8.ADMIN_FEES",
        ]) {
          if (valueOf(report, `${code}.PREV_YEAR_ITEMS`) !== valueOf(previous, `${code}.PREV_YEAR_ITEMS`)! + valueOf(previous, `${code}.ITEMS_DELTA`)!)
            add(report, 1);
        }
      }
    }
    const stored = await dataSource
      .getRepository(ValidationIssue)
      .createQueryBuilder("issue")
      .innerJoin(Report, "report", "report.id = issue.reportId")
      .innerJoin(Agency, "agency", "agency.id = report.agencyId")
      .select(["agency.name AS name", "report.year AS year", "COUNT(*) AS count"])
      .where("issue.rule IN ('X1', 'X2', 'X3')")
      .groupBy("agency.name")
      .addGroupBy("report.year")
      .getRawMany<{ name: string; year: number; count: number }>();
    const actual = new Map(stored.map((row) => [`${row.name}|${Number(row.year)}`, Number(row.count)]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries([...expected].filter(([, count]) => count > 0)));
    const failing = await graph.run(`{ reports(first: 100, filter: { failingRules: ["X1"] }) { totalCount } }`);
    const withX1 = await dataSource
      .getRepository(ValidationIssue)
      .createQueryBuilder("issue")
      .select("COUNT(DISTINCT issue.reportId)", "count")
      .where("issue.rule = 'X1'")
      .getRawOne<{ count: number }>();
    expect((failing.data as { reports: { totalCount: number } }).reports.totalCount).toBe(Number(withX1?.count));
    expect(Number(withX1?.count)).toBeGreaterThan(0);
  });

  it("answers BAD_USER_INPUT for an unknown indicator or too large a comparison", async () => {
    const unknown = await graph.run(`{ compare(subjects: { regionCodes: ["320800"] }, years: [2021], indicators: ["happiness"]) { years } }`);
    expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(unknown.errors?.[0].message).toMatch(/^indicators: "happiness" is neither an indicator code/);
    const both = await graph.run(
      `{ compare(subjects: { regionCodes: ["320800"], agencyIds: ["${[...ids.values()][0]}"] }, years: [2021], indicators: ["disclosureRate"]) { years } }`,
    );
    expect(both.errors?.map((error) => error.message)).toEqual(["subjects: give either agencyIds or regionCodes, not both and not neither"]);
  });

  it.each(YEARS.map((year) => [year]))("keeps one report per agency and year in %i", async (year) => {
    const count = await dataSource.getRepository(Report).countBy({ year });
    expect(count).toBe(reports.filter((report) => report.year === year).length);
  });
});
