import type { DataSource } from "typeorm";
import { Agency, AgencyAlias, Report, SourceDocument } from "../../src/entities";
import { ingestFiles, type IngestSummary } from "../../src/ingest/ingest-files";
import { expandSourcePaths } from "../../src/ingest/source-files";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const SAMPLE_FILES = expandSourcePaths([SAMPLES]).files;
const WRITERS = 8;

// Concurrent writers need a server database: SQLite serialises writers on one file by design.
const servers = testDatabases().filter((database) => database.name !== "sqlite");
const describeServers = servers.length > 0 ? describe.each(servers) : describe.skip.each([{ name: "no server database" }] as never[]);

describeServers("concurrent ingestion on $name", (database) => {
  let dataSource: DataSource;
  let writers: DataSource[];

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    writers = await Promise.all(Array.from({ length: WRITERS }, () => database.reopen(dataSource)));
  });
  afterAll(async () => {
    await Promise.all(writers.map((writer) => writer.destroy()));
    await dataSource.destroy();
  });

  it(`${WRITERS} writers over overlapping files end with one report per agency and year, and no failures`, async () => {
    // Each writer takes the files in another order, so that they collide on every agency and report.
    const summaries: IngestSummary[] = await Promise.all(
      writers.map((writer, index) => {
        const rotated = [...SAMPLE_FILES.slice(index % SAMPLE_FILES.length), ...SAMPLE_FILES.slice(0, index % SAMPLE_FILES.length)];
        return ingestFiles(writer, index % 2 === 0 ? rotated : rotated.reverse(), {});
      }),
    );
    expect(summaries.map((summary) => summary.failed)).toEqual(Array.from({ length: WRITERS }, () => 0));
    expect(summaries.reduce((sum, summary) => sum + summary.ingested, 0)).toBe(5);
    expect(summaries.reduce((sum, summary) => sum + summary.ingested + summary.unchanged + summary.updated, 0)).toBe(5 * WRITERS);
    expect(await dataSource.getRepository(Report).count()).toBe(5);
    expect(await dataSource.getRepository(Agency).count()).toBe(4);
    expect(await dataSource.getRepository(AgencyAlias).count()).toBe(5);
    expect(await dataSource.getRepository(SourceDocument).count()).toBe(5);
  });
});
