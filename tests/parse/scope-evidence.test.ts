import fs from "node:fs";
import path from "node:path";
import { parseReport } from "../../src/parse";
import { readMetadata } from "../../src/parse/report-metadata";
import { readScope } from "../../src/parse/scope-evidence";
import { SAMPLES } from "../support/samples";

const FIXTURES = path.join(__dirname, "..", "fixtures", "scope");

/** The scope reading of a sample, through the whole parser. */
function sampleReading(name: string) {
  const result = parseReport(fs.readFileSync(path.join(SAMPLES, `${name}.txt`), "utf8"));
  if (result.kind !== "report") throw new Error(`${name} is not a report`);
  return { scope: result.report.scope, source: result.report.scopeSource, evidence: result.report.scopeEvidence };
}

/** The scope reading of a fixture of tests/fixtures/scope, with the agency read from its title. */
function fixtureReading(name: string) {
  const metadata = readMetadata(fs.readFileSync(path.join(FIXTURES, `${name}.txt`), "utf8"), null);
  return { agency: metadata.agencyName, scope: metadata.scope, source: metadata.scopeSource, evidence: metadata.scopeEvidence };
}

describe("scope from the report's own text, on the samples", () => {
  it("reads 淮安市人民政府 2024 as the city's aggregate from its 全市共受理…3119件 on line 30", () => {
    expect(sampleReading("huaian-city-2024")).toEqual({
      scope: "GOVERNMENT_AGGREGATE",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "淮安市人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "JURISDICTION_TOTAL", phrase: "全市共受理政府信息公开申请3119件", line: 30, weight: 2 },
      ],
    });
  });

  it("keeps 平潭综合实验区 2019 an aggregate on its 政府信息公开单位共公布 (line 10), not on its name alone", () => {
    expect(sampleReading("pingtan-2019")).toEqual({
      scope: "GOVERNMENT_AGGREGATE",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "REGION_NAME", phrase: "平潭综合实验区", line: null, weight: 2 },
        { kind: "AGENCY_KIND", phrase: "平潭综合实验区 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "UNITS_SUMMARY", phrase: "政府信息公开单位共公布", line: 10, weight: 2 },
      ],
    });
  });

  it("reads 洪泽区人民政府 2024 as an agency: the district office received requests on the government's behalf (line 29)", () => {
    expect(sampleReading("hongze-district-2024")).toEqual({
      scope: "AGENCY",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "淮安市洪泽区人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "OWN_ORGAN", phrase: "代表区政府受理", line: 29, weight: -2 },
      ],
    });
  });

  it("reads 洪泽区人民政府 2023 as an agency: 全区受理…21件 without a sum word is not enough", () => {
    expect(sampleReading("hongze-district-2023")).toEqual({
      scope: "AGENCY",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "洪泽区人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "JURISDICTION_STATEMENT", phrase: "全区受理政府信息公开申请21件", line: 21, weight: 1 },
      ],
    });
  });

  it("reads 川汇区政务服务和大数据管理局 2020 as an agency by its kind, whatever its text says of 全区", () => {
    expect(sampleReading("chuanhui-2020")).toEqual({
      scope: "AGENCY",
      source: "NAME",
      evidence: [{ kind: "AGENCY_KIND", phrase: "川汇区政务服务和大数据管理局 (DEPARTMENT)", line: null, weight: -10 }],
    });
  });
});

describe("scope from the report's own text, on other shapes", () => {
  it("reads a general office's report of 本市各级行政机关 as the city's aggregate", () => {
    expect(fixtureReading("general-office-all-organs")).toEqual({
      agency: "上海市人民政府办公厅",
      scope: "GOVERNMENT_AGGREGATE",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "上海市人民政府办公厅 (GENERAL_OFFICE)", line: null, weight: 1 },
        { kind: "UNITS_SUMMARY", phrase: "本市各级行政机关", line: 4, weight: 2 },
      ],
    });
  });

  it("reads a county report compiled (汇总) from its townships' and departments' reports as an aggregate", () => {
    expect(fixtureReading("county-compiled-from-units")).toMatchObject({
      agency: "某某县人民政府",
      scope: "GOVERNMENT_AGGREGATE",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "某某县人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "UNITS_SUMMARY", phrase: "本报告由县政府办公室汇总", line: 3, weight: 2 },
      ],
    });
  });

  it("does not count the government's own share inside a whole-county total (其中县政府本级受理) against the aggregate", () => {
    expect(fixtureReading("county-total-with-own-breakdown")).toEqual({
      agency: "沛县人民政府",
      scope: "GOVERNMENT_AGGREGATE",
      source: "PARSED_TEXT",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "沛县人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "JURISDICTION_TOTAL", phrase: "全县共受理政府信息公开申请412件", line: 3, weight: 2 },
      ],
    });
  });

  it("never makes a department's report an aggregate, though it quotes a citywide total, and keeps the phrase as evidence", () => {
    expect(fixtureReading("department-citywide-figure")).toEqual({
      agency: "淮安市教育局",
      scope: "AGENCY",
      source: "NAME",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "淮安市教育局 (DEPARTMENT)", line: null, weight: -10 },
        { kind: "JURISDICTION_TOTAL", phrase: "全市共受理教育领域政府信息公开申请58件", line: 3, weight: 2 },
      ],
    });
  });

  it("never makes a township's (街道办事处) report an aggregate", () => {
    expect(fixtureReading("township-whole-town")).toMatchObject({ agency: "高良涧街道办事处", scope: "AGENCY", source: "NAME" });
  });

  it("reads a title naming a region, not an organ, as an aggregate decided by the name", () => {
    expect(fixtureReading("region-title-no-statement")).toEqual({
      agency: "上海市",
      scope: "GOVERNMENT_AGGREGATE",
      source: "NAME",
      evidence: [
        { kind: "REGION_NAME", phrase: "上海市", line: null, weight: 2 },
        { kind: "AGENCY_KIND", phrase: "上海市 (GOVERNMENT)", line: null, weight: 1 },
      ],
    });
  });

  it("reads a district government that received requests on its own behalf as an agency", () => {
    expect(fixtureReading("government-own-figures")).toMatchObject({ agency: "淮安市淮阴区人民政府", scope: "AGENCY", source: "PARSED_TEXT" });
  });

  it("counts a statement repeated once per kind, so a government with two loose 全区 figures stays an agency", () => {
    const text = "2023年，全区受理政府信息公开申请5件。\n全区办理政府信息公开申请5件。";
    const reading = readScope(text, "某区人民政府");
    expect([reading.scope, reading.evidence.map((item) => `${item.kind}@${item.line}`)]).toEqual([
      "AGENCY",
      ["AGENCY_KIND@null", "JURISDICTION_STATEMENT@1", "JURISDICTION_STATEMENT@2"],
    ]);
  });

  it("answers AGENCY from the name with no evidence when no agency could be read", () => {
    expect(readScope("一、总体情况\n本年度无申请。", null)).toEqual({ scope: "AGENCY", source: "NAME", evidence: [] });
  });
});

describe("scope evidence of a text that repeats one statement", () => {
  it("keeps the first five phrases of a kind, enough to decide and small enough to store", () => {
    const text = `淮安市人民政府2024年政府信息公开工作年度报告\n${"全市共受理政府信息公开申请3119件。\n".repeat(1000)}`;
    const reading = readScope(text, "淮安市人民政府");
    const totals = reading.evidence.filter((item) => item.kind === "JURISDICTION_TOTAL");
    expect(totals.map((item) => item.line)).toEqual([2, 3, 4, 5, 6]);
    expect([reading.scope, reading.source]).toEqual(["GOVERNMENT_AGGREGATE", "PARSED_TEXT"]);
    expect(JSON.stringify(reading.evidence).length).toBeLessThan(2000);
  });
});
