import fs from "node:fs";
import path from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { Report, ReportCell } from "../../src/entities";
import { ingestSource, parseSource, writeReportParts, type IngestOutcome } from "../../src/ingest/ingest-report";
import { reparseAll } from "../../src/ingest/reparse";
import { storeSource } from "../../src/ingest/source-store";
import { PARSER_VERSION } from "../../src/parse";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { deleteReport } from "../../src/services/report-writes";
import { testDatabases } from "../support/test-databases";

const CORPUS = path.join(__dirname, "..", "fixtures", "corpus");
const HONGZE_2023 = fs.readFileSync(path.join(CORPUS, "hongze-district-2023.txt"), "utf8");
const HONGZE_2024 = fs.readFileSync(path.join(CORPUS, "hongze-district-2024.txt"), "utf8");
/** Hongze 2024 with its 行政规范性文件 row glued: decided 12 | 0 | 17 by X2 against 2023 (tests/ingest/evidence.test.ts). */
const HONGZE_2024_GLUED = HONGZE_2024.replace("行政规范性文件 3 0 8", "行政规范性文件 12017");
/** How long a writer is given to finish while another holds the agency's lock. */
const WAIT_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Row locks need a server database: SQLite serialises writers on one file by design.
const servers = testDatabases().filter((database) => database.name !== "sqlite");
const describeServers = servers.length > 0 ? describe.each(servers) : describe.skip.each([{ name: "no server database" }] as never[]);

describeServers("writers of one agency's reports take turns on $name", (database) => {
  let dataSource: DataSource;
  let holder: DataSource;
  let agencyId: number;

  beforeEach(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    holder = await database.reopen(dataSource);
    // The agency, as the 2024 report prints its name (so that loading 2024 renames nothing), with a report of no
    // neighbouring year.
    agencyId = (await ingest(HONGZE_2024, 2021)).agencyId;
  });
  afterEach(async () => {
    await holder.destroy();
    await dataSource.destroy();
  });

  const ingest = (text: string, year?: number): Promise<IngestOutcome> =>
    ingestSource(dataSource, { bytes: Buffer.from(text), fileName: "report.txt" }, year ? { year } : {});

  /** Hongze 2023 written as ingest writes it, the agency locked first, in `manager`'s transaction: a loader not yet committed. */
  async function writeHongze2023(manager: EntityManager): Promise<void> {
    await manager.query("SELECT id FROM agency WHERE id = ? FOR UPDATE", [agencyId]);
    const { format, parsed } = await parseSource({ bytes: Buffer.from(HONGZE_2023), fileName: "2023.txt" });
    const contentHash = await storeSource(manager, { bytes: Buffer.from(HONGZE_2023), format });
    const inserted = await manager.insert(Report, {
      agencyId,
      year: 2023,
      templateVersion: parsed.templateVersion,
      scope: parsed.scope,
      sourceFormat: format,
      contentHash,
      parserVersion: PARSER_VERSION,
      errorCount: 0,
      ingestedAt: new Date(),
    });
    await writeReportParts(manager, Number(inserted.identifiers[0].id), parsed, false);
  }

  /**
   * Runs `write` while another connection has written Hongze 2023 and holds the agency's lock, uncommitted, for
   * WAIT_MS; then commits it. Answers whether `write` finished before that commit, and what it answered.
   */
  async function beside2023<T>(write: () => Promise<T>, before: (manager: EntityManager) => Promise<void> = writeHongze2023) {
    const runner = holder.createQueryRunner();
    await runner.connect();
    await runner.startTransaction("READ COMMITTED");
    try {
      await before(runner.manager);
      let finished = false;
      const pending = write().then((answer) => {
        finished = true;
        return answer;
      });
      await sleep(WAIT_MS);
      const finishedFirst = finished;
      await runner.commitTransaction();
      return { finishedFirst, answer: await pending };
    } finally {
      await runner.release();
    }
  }

  const normativeRow = async (reportId: number) =>
    (await dataSource.getRepository(ReportCell).find({ where: { reportId, tableCode: "ART20_1", rowCode: "ADMIN_NORMATIVE_DOCS" } }))
      .map((cell) => [cell.columnCode, cell.value, cell.valueState, cell.decidedBy])
      .sort();
  const DECIDED = [
    ["IN_FORCE", 17, "VALUE", "X2:2023"],
    ["ISSUED", 12, "VALUE", "X2:2023"],
    ["REPEALED", 0, "VALUE", "X2:2023"],
  ];
  const OPEN = [
    ["IN_FORCE", 17, "UNCERTAIN", null],
    ["ISSUED", 1, "UNCERTAIN", null],
    ["REPEALED", 20, "UNCERTAIN", null],
  ];

  it("an ingest reads the agency's reports only once the agency's other writer has committed, and decides on them", async () => {
    const { finishedFirst, answer } = await beside2023(() => ingest(HONGZE_2024_GLUED));
    expect(finishedFirst).toBe(false);
    expect(await normativeRow(answer.reportId)).toEqual(DECIDED);
  });

  it("first loads of neighbouring years, let go at the same time, end with the row decided", async () => {
    const writers = await Promise.all([database.reopen(dataSource), database.reopen(dataSource)]);
    try {
      const { answer } = await beside2023(
        () =>
          Promise.all([
            ingestSource(writers[0], { bytes: Buffer.from(HONGZE_2024_GLUED), fileName: "2024.txt" }),
            ingestSource(writers[1], { bytes: Buffer.from(HONGZE_2023), fileName: "2023.txt" }),
          ]),
        async (manager) => {
          await manager.query("SELECT id FROM agency WHERE id = ? FOR UPDATE", [agencyId]);
        },
      );
      expect(await normativeRow(answer[0].reportId)).toEqual(DECIDED);
    } finally {
      await Promise.all(writers.map((writer) => writer.destroy()));
    }
  });

  it("a reparse re-decides on the neighbour the agency's other writer committed while it waited", async () => {
    const later = await ingest(HONGZE_2024_GLUED);
    expect(await normativeRow(later.reportId)).toEqual(OPEN);
    const { finishedFirst, answer } = await beside2023(() => reparseAll(dataSource));
    expect([finishedFirst, answer.map((outcome) => [outcome.year, outcome.changedCells, outcome.error])]).toEqual([
      false,
      [
        [2021, 0, undefined],
        [2024, 3, undefined],
        [2023, 0, undefined],
      ],
    ]);
    expect(await normativeRow(later.reportId)).toEqual(DECIDED);
  });

  it("a deletion waits for the agency's lock", async () => {
    const later = await ingest(HONGZE_2024_GLUED);
    const { finishedFirst, answer } = await beside2023(() => deleteReport(dataSource, later.reportId));
    expect([finishedFirst, answer]).toEqual([false, true]);
  });
});
