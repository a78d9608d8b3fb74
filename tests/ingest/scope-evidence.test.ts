import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Report } from "../../src/entities";
import { ingestFiles } from "../../src/ingest/ingest-files";
import { ingestSource } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient } from "../support/graph-client";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

/** A sample as a document to ingest. */
function sample(name: string) {
  return { bytes: fs.readFileSync(path.join(SAMPLES, `${name}.txt`)), fileName: `${name}.txt` };
}

describe.each(testDatabases())("scope evidence and the maintainer's override on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  /** The stored scope fields of a report. */
  async function scopeOf(reportId: number) {
    const report = await dataSource.getRepository(Report).findOneByOrFail({ id: reportId });
    return { scope: report.scope, scopeSource: report.scopeSource, parsedScope: report.parsedScope, evidence: report.scopeEvidence };
  }

  it("stores the parser's reading of 淮安市人民政府 2024 with its source and the phrase and line it rests on", async () => {
    const outcome = await ingestSource(dataSource, sample("huaian-city-2024"));
    expect(await scopeOf(outcome.reportId)).toEqual({
      scope: "GOVERNMENT_AGGREGATE",
      scopeSource: "PARSED_TEXT",
      parsedScope: "GOVERNMENT_AGGREGATE",
      evidence: [
        { kind: "AGENCY_KIND", phrase: "淮安市人民政府 (GOVERNMENT)", line: null, weight: 1 },
        { kind: "JURISDICTION_TOTAL", phrase: "全市共受理政府信息公开申请3119件", line: 30, weight: 2 },
      ],
    });
  });

  it("records a caller's scope as the maintainer's beside the parser's reading, and keeps it across reparse and a reload", async () => {
    const first = await ingestSource(dataSource, sample("hongze-district-2024"), { scope: "GOVERNMENT_AGGREGATE" });
    const maintained = { scope: "GOVERNMENT_AGGREGATE", scopeSource: "MAINTAINER", parsedScope: "AGENCY" };
    expect(await scopeOf(first.reportId)).toMatchObject(maintained);
    expect((await reparseAll(dataSource)).map((outcome) => [outcome.changedCells, outcome.error])).toEqual([[0, undefined]]);
    expect(await scopeOf(first.reportId)).toMatchObject(maintained);
    // A reload that sets no scope leaves the maintainer's; only another scope given replaces it.
    expect((await ingestSource(dataSource, sample("hongze-district-2024"))).status).toBe("unchanged");
    expect(await scopeOf(first.reportId)).toMatchObject(maintained);
    expect((await ingestSource(dataSource, sample("hongze-district-2024"), { scope: "AGENCY" })).status).toBe("updated");
    expect(await scopeOf(first.reportId)).toMatchObject({ scope: "AGENCY", scopeSource: "MAINTAINER", parsedScope: "AGENCY" });
  });

  it("records a sidecar's scope as the maintainer's, the parser's own reading kept beside it", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-scope-"));
    const file = path.join(folder, "huaian-city-2024.txt");
    fs.copyFileSync(path.join(SAMPLES, "huaian-city-2024.txt"), file);
    fs.writeFileSync(path.join(folder, "huaian-city-2024.meta.json"), JSON.stringify({ scope: "AGENCY" }));
    const summary = await ingestFiles(dataSource, [file], {});
    expect(summary.failed).toBe(0);
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2024 });
    expect([report.scope, report.scopeSource, report.parsedScope]).toEqual(["AGENCY", "MAINTAINER", "GOVERNMENT_AGGREGATE"]);
  });

  it("fills the scope reading on reparse for a report stored before it was kept, and replaces the name's guess", async () => {
    const outcome = await ingestSource(dataSource, sample("huaian-city-2024"));
    // As migration 7 leaves a report stored before it: the old name rule's AGENCY, no source, no evidence.
    await dataSource.getRepository(Report).update({ id: outcome.reportId }, { scope: "AGENCY", scopeSource: null, parsedScope: null, scopeEvidence: null });
    expect(await scopeOf(outcome.reportId)).toEqual({ scope: "AGENCY", scopeSource: null, parsedScope: null, evidence: null });
    await reparseAll(dataSource);
    expect(await scopeOf(outcome.reportId)).toMatchObject({ scope: "GOVERNMENT_AGGREGATE", scopeSource: "PARSED_TEXT", parsedScope: "GOVERNMENT_AGGREGATE" });
    expect((await scopeOf(outcome.reportId)).evidence?.map((item) => `${item.kind}@${item.line}`)).toEqual(["AGENCY_KIND@null", "JURISDICTION_TOTAL@30"]);
  });

  it("shows the scope's source, the parser's reading and the evidence on the graph's Report", async () => {
    await ingestSource(dataSource, sample("hongze-district-2024"), { scope: "GOVERNMENT_AGGREGATE" });
    const graph = await GraphClient.start(dataSource);
    try {
      const result = await graph.run(`{ reports(first: 1) { nodes { scope scopeSource parsedScope scopeEvidence { kind phrase line weight } } } }`);
      expect(result).toMatchObject({
        data: {
          reports: {
            nodes: [
              {
                scope: "GOVERNMENT_AGGREGATE",
                scopeSource: "MAINTAINER",
                parsedScope: "AGENCY",
                scopeEvidence: [
                  { kind: "AGENCY_KIND", phrase: "淮安市洪泽区人民政府 (GOVERNMENT)", line: null, weight: 1 },
                  { kind: "OWN_ORGAN", phrase: "代表区政府受理", line: 29, weight: -2 },
                ],
              },
            ],
          },
        },
      });
      expect(result.errors).toBeUndefined();
    } finally {
      await graph.stop();
    }
  });
});
