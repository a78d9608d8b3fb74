import type { DataSource } from "typeorm";
import { checkRevisions, CHECKED_CELLS } from "../../src/revisions/revision-check";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { testDatabases } from "../support/test-databases";

describe.each(testDatabases())("the revision round trip (npm run check:revisions) on $name", (database) => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it("passes every step: corrections stand over a re-parse, the history reads as it was, the release exports the old bytes", async () => {
    const steps = await checkRevisions(dataSource);
    expect(steps.filter((step) => !step.passed)).toEqual([]);
    expect(steps.map((step) => step.name)).toEqual([
      "samples ingested",
      `${CHECKED_CELLS} flagged cells picked`,
      "export and release taken before the corrections",
      "cells corrected",
      "everything re-parsed",
      "corrections stand after the re-parse",
      "R1–R5 issues recomputed over the corrected cells",
      "each corrected report's history: INGESTED, CORRECTED, REPARSED",
      "a report as of a moment before the correction gives the old value",
      "the cells export under the release is the export taken then, byte for byte",
    ]);
  });
});
