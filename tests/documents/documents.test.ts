import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { runParse } from "../../src/cli/parse.command";
import { readDocument } from "../../src/documents/document-format";
import { Report, ReportCell } from "../../src/entities";
import { ingestFiles, ingestUrl } from "../../src/ingest/ingest-files";
import { reparseAll } from "../../src/ingest/reparse";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient } from "../support/graph-client";
import { testDatabases } from "../support/test-databases";
import { imageOnlyPdf } from "./scanned-pdf";

const FIXTURES = path.join(__dirname, "..", "fixtures");
const PDFS = ["huaian-city-2024", "hongze-district-2023", "hongze-district-2024"];

interface Expected {
  agencyName: string;
  year: number;
  templateVersion: string;
  cells: Array<{ table: string; row: string; column: string; value: number }>;
}

function expected(name: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, "corpus", `${name}.expected.json`), "utf8")) as Expected;
}

describe("reading published documents", () => {
  it.each(PDFS)(
    "reads %s.pdf to exactly its expected cells, with none uncertain",
    async (name) => {
      const result = await readDocument(fs.readFileSync(path.join(FIXTURES, "pdf", `${name}.pdf`)), "PDF");
      if (result.kind !== "report") throw new Error(result.reason);
      const want = expected(name);
      expect([result.report.templateVersion, result.report.year, result.report.agencyName]).toEqual([want.templateVersion, want.year, want.agencyName]);
      const printed = result.report.cells.filter((cell) => cell.state !== "DERIVED");
      expect(Object.fromEntries(printed.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value]))).toEqual(
        Object.fromEntries(want.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value])),
      );
      expect(printed.filter((cell) => cell.state !== "VALUE")).toEqual([]);
      expect(printed.filter((cell) => !cell.provenance)).toEqual([]);
    },
    30_000,
  );

  it("gives the page and box each value was printed in (checked against a render of the page)", async () => {
    const result = await readDocument(fs.readFileSync(path.join(FIXTURES, "pdf", "huaian-city-2024.pdf")), "PDF");
    if (result.kind !== "report") throw new Error(result.reason);
    const at = (code: string) => result.report.cells.find((cell) => `${cell.table}.${cell.row}.${cell.column}` === code);
    expect(at("APPLICATIONS.NEW_RECEIVED.TOTAL")).toMatchObject({ value: 3119, provenance: { kind: "PDF", page: 4, bbox: [496.3, 463.8, 511.2, 471.3] } });
    expect(at("APPLICATIONS.R_TOTAL.NATURAL_PERSON")).toMatchObject({ value: 2932, provenance: { kind: "PDF", page: 5, bbox: [260.3, 408.4, 275.2, 415.9] } });
    expect(at("REVIEW_LITIGATION.REVIEW.TOTAL")).toMatchObject({ value: 351, provenance: { kind: "PDF", page: 5, bbox: [193.1, 662, 211.1, 674] } });
    expect(at("ART20_8.ADMIN_FEES.FEE_AMOUNT")).toMatchObject({ value: 96171.6, provenance: { kind: "PDF", page: 4, bbox: [249.2, 268.2, 285, 279.3] } });
  }, 30_000);

  it("refuses a scanned PDF without a text layer, saying it needs OCR", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-scan-"));
    const file = path.join(folder, "scan.pdf");
    fs.writeFileSync(file, imageOnlyPdf());
    let err = "";
    const sink = { write: (chunk: string) => ((err += chunk), true) } as unknown as NodeJS.WritableStream;
    const code = await runParse([file], sink, sink);
    expect(code).toBe(2);
    expect(err).toBe(
      `${file}: not a recognisable annual report: the PDF has no text layer (1 page(s), 0 characters of text): it is a scan or an image and needs OCR first; nothing was guessed\n`,
    );
  }, 30_000);

  it("calls a damaged PDF unreadable rather than not a report", async () => {
    const result = await readDocument(Buffer.from("%PDF-1.4 this is not really a pdf"), "PDF");
    expect(result.kind).toBe("unreadable");
  }, 30_000);

  it("reads a GBK portal page with rowspan/colspan and empty cells for zeros, keeping each cell's table position", async () => {
    const result = await readDocument(fs.readFileSync(path.join(FIXTURES, "html", "huaian-city-2024.gbk.html")), "HTML");
    if (result.kind !== "report") throw new Error(result.reason);
    expect([result.report.agencyName, result.report.year, result.report.region?.code]).toEqual(["淮安市人民政府", 2024, "320800"]);
    const want = expected("huaian-city-2024");
    const printed = result.report.cells.filter((cell) => cell.state !== "DERIVED");
    expect(Object.fromEntries(printed.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value]))).toEqual(
      Object.fromEntries(want.cells.map((cell) => [`${cell.table}.${cell.row}.${cell.column}`, cell.value === 0 ? null : cell.value])),
    );
    expect(new Set(printed.map((cell) => cell.state))).toEqual(new Set(["VALUE", "BLANK"]));
    expect(result.report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    const cell = (code: string) => printed.find((candidate) => `${candidate.table}.${candidate.row}.${candidate.column}` === code)?.provenance;
    // Tables 0–3 are the section 二 sub-tables, 4 is section 三 (rows 0–2 its header), 5 is section 四.
    expect(cell("APPLICATIONS.NEW_RECEIVED.NATURAL_PERSON")).toEqual({ kind: "HTML", table: 4, row: 3, cell: 1 });
    expect(cell("APPLICATIONS.NEW_RECEIVED.TOTAL")).toEqual({ kind: "HTML", table: 4, row: 3, cell: 7 });
    expect(cell("REVIEW_LITIGATION.LIT_AFTER_REVIEW.TOTAL")).toEqual({ kind: "HTML", table: 5, row: 3, cell: 14 });
  });
});

describe.each(testDatabases())("ingesting published documents on $name", (database) => {
  let dataSource: DataSource;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    server = http.createServer((request, response) => {
      const routes: Record<string, [string, string]> = {
        "/nb/2024/report.pdf": ["application/pdf", path.join(FIXTURES, "pdf", "huaian-city-2024.pdf")],
        "/nb/2024/page.html": ["text/html", path.join(FIXTURES, "html", "huaian-city-2024.gbk.html")],
      };
      const route = routes[request.url ?? ""];
      if (!route) {
        response.writeHead(404).end("not found");
        return;
      }
      response.writeHead(200, { "content-type": route[0] }).end(fs.readFileSync(route[1]));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dataSource.destroy();
  });

  it("ingests the three corpus PDFs with their cells, provenance and original bytes, and re-parses them unchanged", async () => {
    const summary = await ingestFiles(
      dataSource,
      PDFS.map((name) => path.join(FIXTURES, "pdf", `${name}.pdf`)),
      {},
    );
    expect(summary).toEqual({ ingested: 3, updated: 0, unchanged: 0, failed: 0, failures: [] });
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2023 });
    expect(report.sourceFormat).toBe("PDF");
    const total = await dataSource
      .getRepository(ReportCell)
      .findOneByOrFail({ reportId: report.id, tableCode: "APPLICATIONS", rowCode: "NEW_RECEIVED", columnCode: "TOTAL" });
    expect([total.value, total.provenance]).toEqual([21, { kind: "PDF", page: 3, bbox: [492.4, 481.2, 506.5, 495.3] }]);
    const graph = await GraphClient.start(dataSource);
    const result = await graph.run(
      `{ reports(first: 1, filter: { yearFrom: 2023, yearTo: 2023 }) { nodes { cells(filter: { rowCode: "NEW_RECEIVED", columnCode: "TOTAL" }) { value provenance { kind page bbox } } } } }`,
    );
    await graph.stop();
    expect(result.data).toEqual({ reports: { nodes: [{ cells: [{ value: 21, provenance: { kind: "PDF", page: 3, bbox: [492.4, 481.2, 506.5, 495.3] } }] }] } });
    expect((await reparseAll(dataSource)).map((outcome) => outcome.changedCells)).toEqual([0, 0, 0]);
  }, 60_000);

  it("fetches published reports by URL, records the URL, and fails a missing page by itself", async () => {
    const summary = await ingestFiles(dataSource, [], {}, () => {}, [`${base}/nb/2024/page.html`, `${base}/nb/2024/missing.html`]);
    expect(summary.failures).toEqual([{ file: `${base}/nb/2024/missing.html`, reason: "the server answered 404 Not Found" }]);
    expect(summary.updated + summary.ingested + summary.unchanged).toBe(1);
    const report = await dataSource.getRepository(Report).findOneByOrFail({ year: 2024, sourceFormat: "HTML" });
    expect(report.sourceUrl).toBe(`${base}/nb/2024/page.html`);
    const tooLarge = await ingestUrl(dataSource, `${base}/nb/2024/report.pdf`, {}, { maxBytes: 1000 });
    expect(tooLarge).toEqual({ file: `${base}/nb/2024/report.pdf`, ok: false, reason: "the document is larger than 1000 bytes" });
    // The PDF at another URL is a second source of the same report: kept beside the HTML page, which stays served.
    const fetched = await ingestUrl(dataSource, `${base}/nb/2024/report.pdf`, {});
    expect(fetched.ok && fetched.outcome.status).toBe("divergent");
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: report.id })).sourceFormat).toBe("HTML");
  }, 60_000);
});
