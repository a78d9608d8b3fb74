import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { ValidationIssue } from "../../src/entities";
import { CONTINUITY_RULES } from "../../src/ingest/continuity";
import { ingestSource } from "../../src/ingest/ingest-report";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { testDatabases } from "../support/test-databases";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const read = (name: string) => fs.readFileSync(path.join(CORPUS, name), "utf8");

/** Hongze 2024 carrying over 2 requests from 2023 (which carried none forward) and printing 9 normative documents in force (5 + 3 − 0 = 8). */
const HONGZE_2024_DISCONTINUOUS = read("hongze-district-2024.txt")
  .replace("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2")
  .replace("行政规范性文件 3 0 8", "行政规范性文件 3 0 9");

describe.each(testDatabases())("the cross-year warnings on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });
  afterEach(async () => dataSource.destroy());

  it("spells each warning from its rule's definition, naming the year of every term, on the cell it checks", async () => {
    await ingestSource(dataSource, { bytes: Buffer.from(read("hongze-district-2023.txt")), fileName: "2023.txt" });
    const later = await ingestSource(dataSource, { bytes: Buffer.from(HONGZE_2024_DISCONTINUOUS), fileName: "2024.txt" });
    const issues = await dataSource.getRepository(ValidationIssue).find({ where: { reportId: later.reportId }, order: { id: "ASC" } });
    const continuity = issues.filter((issue) => (CONTINUITY_RULES as readonly string[]).includes(issue.rule));
    expect(continuity.map((issue) => [issue.rule, issue.severity, issue.message, issue.cellCodes, issue.line]).sort()).toEqual([
      [
        "X1",
        "warning",
        "X1 (column NATURAL_PERSON): CARRIED_OVER_IN 2024 = 2 but CARRIED_FORWARD_OUT 2023 = 0",
        ["APPLICATIONS.CARRIED_OVER_IN.NATURAL_PERSON"],
        82,
      ],
      ["X1", "warning", "X1 (column TOTAL): CARRIED_OVER_IN 2024 = 2 but CARRIED_FORWARD_OUT 2023 = 0", ["APPLICATIONS.CARRIED_OVER_IN.TOTAL"], 82],
      [
        "X2",
        "warning",
        "X2 (ADMIN_NORMATIVE_DOCS): IN_FORCE 2024 = 9 but IN_FORCE 2023 + ISSUED 2024 - REPEALED 2024 = 8",
        ["ART20_1.ADMIN_NORMATIVE_DOCS.IN_FORCE"],
        51,
      ],
    ]);
  });
});
