import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Report, ReportCell, ReportCopy, ReportRevision, SourceDocument } from "../../src/entities";
import { ingestSource } from "../../src/ingest/ingest-report";
import { copyDisagreements, isSecondSource } from "../../src/ingest/report-copies";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const TEXT = fs.readFileSync(path.join(CORPUS, "chuanhui-2020.txt"), "utf8");
/** The same report with one printed number changed: 行政许可's third column 0 → 7. */
const EDITED = TEXT.replace("行政许可\t0\t0\t0", "行政许可\t0\t0\t7");
const PDF_URL = "https://www.zkch.gov.cn/nb/2020.pdf";
const HTML_URL = "https://www.zkch.gov.cn/nb/2020.html";
const MIRROR_URL = "https://mirror.example.cn/zkch/2020.html";

const ingest = (dataSource: DataSource, text: string, sourceUrl?: string) =>
  ingestSource(dataSource, { bytes: Buffer.from(text, "utf8"), fileName: "chuanhui-2020.txt" }, sourceUrl ? { sourceUrl } : {});

/** The served report's cells as (code, value, state), for "the served report did not change". */
async function servedCells(dataSource: DataSource, reportId: number): Promise<string[]> {
  const cells = await dataSource.getRepository(ReportCell).find({ where: { reportId }, order: { id: "ASC" } });
  return cells.map((cell) => `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}=${cell.value}:${cell.valueState}`);
}

describe("second sources", () => {
  it("are told apart by URL, or by format when neither side has a URL", () => {
    expect(isSecondSource({ sourceUrl: PDF_URL, sourceFormat: "PDF" }, { sourceUrl: HTML_URL, sourceFormat: "HTML" })).toBe(true);
    expect(isSecondSource({ sourceUrl: PDF_URL, sourceFormat: "PDF" }, { sourceUrl: PDF_URL, sourceFormat: "TEXT" })).toBe(false);
    expect(isSecondSource({ sourceUrl: null, sourceFormat: "PDF" }, { sourceUrl: null, sourceFormat: "HTML" })).toBe(true);
    expect(isSecondSource({ sourceUrl: null, sourceFormat: "TEXT" }, { sourceUrl: null, sourceFormat: "TEXT" })).toBe(false);
    expect(isSecondSource({ sourceUrl: null, sourceFormat: "PDF" }, { sourceUrl: HTML_URL, sourceFormat: "HTML" })).toBe(false);
    expect(isSecondSource({ sourceUrl: PDF_URL, sourceFormat: "PDF" }, { sourceUrl: null, sourceFormat: "HTML" })).toBe(false);
  });

  it("compare printed cells: a number a person entered agrees with the same number read, a cell one side lacks is ABSENT", () => {
    const stored = (columnCode: string, value: number | null, valueState: ReportCell["valueState"]) =>
      ({ tableCode: "ART20_1", rowCode: "RULES", columnCode, value, valueState }) as ReportCell;
    const cell = (column: string, value: number | null, state: ReportCell["valueState"]) => ({
      table: "ART20_1" as const,
      row: "RULES",
      column,
      value,
      state,
      raw: null,
      line: null,
    });
    expect(
      copyDisagreements([stored("NEW_MADE", 3, "CORRECTED"), stored("REPEALED", 0, "VALUE"), stored("VALID", 9, "DERIVED"), stored("X", 1, "VALUE")], {
        cells: [cell("NEW_MADE", 3, "VALUE"), cell("REPEALED", null, "BLANK"), cell("VALID", 8, "DERIVED"), cell("Y", 2, "VALUE")],
      }),
    ).toEqual([
      { cell: "ART20_1.RULES.REPEALED", served: { value: 0, state: "VALUE" }, copy: { value: null, state: "BLANK" } },
      { cell: "ART20_1.RULES.X", served: { value: 1, state: "VALUE" }, copy: { value: null, state: "ABSENT" } },
      { cell: "ART20_1.RULES.Y", served: { value: null, state: "ABSENT" }, copy: { value: 2, state: "VALUE" } },
    ]);
  });
});

describe.each(testDatabases())("report copies on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
  });
  afterEach(async () => dataSource.destroy());

  it("keeps a second source that disagrees beside the served report, lists the disagreement and sends the report to review", async () => {
    const first = await ingest(dataSource, TEXT, PDF_URL);
    expect(first.status).toBe("ingested");
    const before = await servedCells(dataSource, first.reportId);
    const served = await dataSource.getRepository(Report).findOneByOrFail({ id: first.reportId });

    const copy = await ingest(dataSource, EDITED, HTML_URL);
    expect(copy).toEqual({ ...first, status: "divergent" });
    // The served report is the first source's, cells and fields alike.
    expect(await servedCells(dataSource, first.reportId)).toEqual(before);
    const after = await dataSource.getRepository(Report).findOneByOrFail({ id: first.reportId });
    expect({ sourceUrl: after.sourceUrl, contentHash: after.contentHash, revision: after.revision, reviewStatus: after.reviewStatus }).toEqual({
      sourceUrl: PDF_URL,
      contentHash: served.contentHash,
      revision: served.revision + 1,
      reviewStatus: "NEEDS_REVIEW",
    });
    const copies = await dataSource.getRepository(ReportCopy).find({ where: { reportId: first.reportId } });
    expect(
      copies.map(({ sourceUrl, sourceFormat, status, disagreementCount, disagreements }) => ({
        sourceUrl,
        sourceFormat,
        status,
        disagreementCount,
        disagreements,
      })),
    ).toEqual([
      {
        sourceUrl: HTML_URL,
        sourceFormat: "TEXT",
        status: "DIVERGENT",
        disagreementCount: 1,
        disagreements: [{ cell: "ART20_5.ADMIN_LICENSING.DECISIONS", served: { value: 0, state: "VALUE" }, copy: { value: 7, state: "VALUE" } }],
      },
    ]);
    // The copy's bytes are stored, content-addressed, so it can be read again.
    expect(await dataSource.getRepository(SourceDocument).existsBy({ hash: copies[0].contentHash })).toBe(true);
    const revision = await dataSource.getRepository(ReportRevision).findOneByOrFail({ reportId: first.reportId, number: after.revision });
    expect({ kind: revision.kind, cellsChanged: revision.cellsChanged, reason: revision.reason }).toEqual({
      kind: "COPY_ADDED",
      cellsChanged: 0,
      reason: `copy from a second source (TEXT, ${HTML_URL}, sha256:${copies[0].contentHash.slice(0, 12)}) kept beside the served report: 1 cell(s) disagree`,
    });

    // The same copy again writes nothing.
    expect((await ingest(dataSource, EDITED, HTML_URL)).status).toBe("unchanged");
    expect(await dataSource.getRepository(ReportCopy).count()).toBe(1);
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: first.reportId })).revision).toBe(after.revision);

    const client = await GraphClient.start(dataSource);
    try {
      const result = await client.run(`{ report(id: "${Buffer.from(`Report:${first.reportId}`).toString("base64url")}") {
        sourceUrl
        copies { sourceUrl sourceFormat status disagreementCount disagreements { cell served { value state } copy { value state } copySourceUrl } }
      } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        report: {
          sourceUrl: PDF_URL,
          copies: [
            {
              sourceUrl: HTML_URL,
              sourceFormat: "TEXT",
              status: "DIVERGENT",
              disagreementCount: 1,
              disagreements: [
                {
                  cell: "ART20_5.ADMIN_LICENSING.DECISIONS",
                  served: { value: 0, state: "VALUE" },
                  copy: { value: 7, state: "VALUE" },
                  copySourceUrl: HTML_URL,
                },
              ],
            },
          ],
        },
      });
    } finally {
      await client.stop();
    }
  });

  it("keeps a second source that agrees as confirmation, on record as a revision, touching neither the report's data nor its review status", async () => {
    const first = await ingest(dataSource, TEXT, PDF_URL);
    const served = await dataSource.getRepository(Report).findOneByOrFail({ id: first.reportId });
    const revisions = await dataSource.getRepository(ReportRevision).count();
    expect((await ingest(dataSource, TEXT, MIRROR_URL)).status).toBe("confirmed");
    const after = await dataSource.getRepository(Report).findOneByOrFail({ id: first.reportId });
    expect({ ...after, revision: served.revision, revisedAt: served.revisedAt }).toEqual(served);
    expect(after.revision).toBe(served.revision + 1);
    expect(await dataSource.getRepository(ReportRevision).count()).toBe(revisions + 1);
    const revision = await dataSource.getRepository(ReportRevision).findOneByOrFail({ reportId: first.reportId, number: after.revision });
    expect([revision.kind, revision.cellsChanged, revision.issuesChanged, revision.fields.reviewStatus]).toEqual(["COPY_ADDED", 0, 0, served.reviewStatus]);
    expect(revision.reason).toMatch(/^copy from a second source \(TEXT, .+, sha256:[0-9a-f]{12}\) kept beside the served report: every cell agrees$/);
    const copies = await dataSource.getRepository(ReportCopy).find({ where: { reportId: first.reportId } });
    expect(copies.map(({ sourceUrl, status, disagreementCount, disagreements }) => ({ sourceUrl, status, disagreementCount, disagreements }))).toEqual([
      { sourceUrl: MIRROR_URL, status: "AGREES", disagreementCount: 0, disagreements: [] },
    ]);
    expect((await ingest(dataSource, TEXT, MIRROR_URL)).status).toBe("unchanged");
  });

  it("takes new content from the same source, or from a source without a URL in the same format, as an update", async () => {
    const first = await ingest(dataSource, TEXT, PDF_URL);
    expect((await ingest(dataSource, EDITED, PDF_URL)).status).toBe("updated");
    expect(await servedCells(dataSource, first.reportId)).toContain("ART20_5.ADMIN_LICENSING.DECISIONS=7:VALUE");
    const other = await ingestSource(
      dataSource,
      { bytes: Buffer.from(TEXT, "utf8"), fileName: "a.txt" },
      { agencyName: "某某局", regionCode: "411602", year: 2020 },
    );
    expect(
      (await ingestSource(dataSource, { bytes: Buffer.from(EDITED, "utf8"), fileName: "a.txt" }, { agencyName: "某某局", regionCode: "411602", year: 2020 }))
        .status,
    ).toBe("updated");
    expect(await servedCells(dataSource, other.reportId)).toContain("ART20_5.ADMIN_LICENSING.DECISIONS=7:VALUE");
    expect(await dataSource.getRepository(ReportCopy).count()).toBe(0);
  });

  it("keeps a copy in another format when neither side has a URL", async () => {
    const first = await ingest(dataSource, TEXT);
    const copy = await ingestSource(dataSource, { bytes: Buffer.from(EDITED, "utf8"), format: "MARKDOWN" }, {});
    expect(copy).toEqual({ ...first, status: "divergent" });
    const copies = await dataSource.getRepository(ReportCopy).find({ where: { reportId: first.reportId } });
    expect(copies.map(({ sourceUrl, sourceFormat, status, disagreementCount }) => ({ sourceUrl, sourceFormat, status, disagreementCount }))).toEqual([
      { sourceUrl: null, sourceFormat: "MARKDOWN", status: "DIVERGENT", disagreementCount: 1 },
    ]);
  });
});
