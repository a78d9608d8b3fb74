/**
 * Remakes the printed-PDF fixtures of tests/fixtures/shapes/pdf-printed-web/ and …/pdf-printed-word/: corpus reports
 * (their hand-checked values, zeros printed as empty cells) rendered by src/synthetic/printed-report.ts as pages with
 * ruled tables, printed to PDF by headless Chromium, once as a browser prints a web page and once as a word
 * processor's document looks, each with section 三 breaking across a page. Run with
 *   npm run -s build && node dist/scripts/make-pdf-fixtures.js
 * It needs `chromium` on the PATH (or CHROMIUM=/path/to/chromium) and the fonts the looks name (Debian:
 * fonts-wqy-zenhei, fonts-arphic-uming). The PDFs' creation dates are set to a fixed stamp, so a remake on the same
 * Chromium and fonts gives the same bytes (these were made with Chromium 156 on Debian 12).
 * Each PDF is checked before it is kept: section 三 must run onto a second page, and its header must be repeated
 * there or not, as the shape says.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractPdfPages, type PdfPage } from "../src/documents/pdf-text";
import type { ReportSpec } from "../src/synthetic/report-writer";
import { renderPrintedReport, WEB_PRINT, WORD_PRINT, type PrintLook } from "../src/synthetic/printed-report";
import { specOfExpected, type ExpectedReport } from "../src/synthetic/text-shapes";

const ROOT = path.join(__dirname, "..", "..");
const CORPUS = path.join(ROOT, "tests", "fixtures", "corpus");
const SHAPES = path.join(ROOT, "tests", "fixtures", "shapes");

/** The corpus reports printed, both template versions and both （六） layouts among them. */
const REPORTS = ["huaian-city-2024", "hongze-district-2023", "hongze-district-2024", "pingtan-2019", "chuanhui-2020"];

interface Shape {
  readonly folder: string;
  readonly description: string;
  readonly look: PrintLook;
}

const SHAPES_MADE: readonly Shape[] = [
  {
    folder: "pdf-printed-web",
    description:
      "a report web page printed to PDF by a browser (Chromium, A4, sans-serif): ruled tables with merged header and label cells, zeros printed as empty cells, section 三 across a page break with its header rows repeated",
    look: WEB_PRINT,
  },
  {
    folder: "pdf-printed-word",
    description:
      "a word-processor-style report printed to PDF (narrow page, serif, thick rules): ruled tables with merged cells, zeros printed as empty cells, section 三 across a page break without its header repeated, wide tables running into the page margin",
    look: WORD_PRINT,
  },
];

/** A corpus report's values as a spec, each 0 printed as an empty cell. */
function specOf(name: string): ReportSpec {
  const spec = specOfExpected(JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), "utf8")) as ExpectedReport);
  return { ...spec, values: new Map([...spec.values].map(([code, value]) => [code, value === 0 ? null : value])) };
}

/** A fixed creation date, of the length Chromium writes, so that a remake does not differ by its timestamp. */
const FIXED_DATE = "D:20250101000000+00'00'";

function withFixedDates(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1").replace(/\/(CreationDate|ModDate) \(D:[0-9]{14}[^)]{0,8}\)/g, (match, key: string) => {
    const stamp = `/${key} (${FIXED_DATE})`;
    if (stamp.length !== match.length) throw new Error(`unexpected date field ${match}`);
    return stamp;
  });
  return Buffer.from(text, "latin1");
}

function printToPdf(html: string, work: string, name: string): Buffer {
  const input = path.join(work, `${name}.html`);
  const output = path.join(work, `${name}.pdf`);
  fs.writeFileSync(input, html);
  const chromium = process.env.CHROMIUM ?? "chromium";
  execFileSync(chromium, ["--headless", "--no-sandbox", "--disable-gpu", `--print-to-pdf=${output}`, "--no-pdf-header-footer", `file://${input}`], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  return withFixedDates(fs.readFileSync(output));
}

/** The pages on which a text is printed (items squeezed of white space, joined per page). */
function pagesWith(pages: readonly PdfPage[], text: string): number[] {
  return pages
    .filter((page) =>
      page.items
        .map((item) => item.str.replace(/\s+/g, ""))
        .join("")
        .includes(text),
    )
    .map((page) => page.page);
}

/** Checks that section 三 runs onto a second page and that its header is repeated there as the shape says. */
function checkBreak(pages: readonly PdfPage[], look: PrintLook, name: string): void {
  const first = pagesWith(pages, "本年新收政府信息公开申请数量")[0];
  const last = pagesWith(pages, "结转下年度继续办理")[0];
  if (first === undefined || last === undefined || last === first) throw new Error(`${name}: section 三 does not break across pages`);
  const repeated = pagesWith(pages, "申请人情况").includes(last);
  if (repeated !== look.repeatHeader) throw new Error(`${name}: section 三's header is ${repeated ? "" : "not "}repeated on page ${last}`);
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-pdf-fixtures-"));
  try {
    for (const shape of SHAPES_MADE) {
      const folder = path.join(SHAPES, shape.folder);
      fs.mkdirSync(folder, { recursive: true });
      for (const name of REPORTS) {
        const pdf = printToPdf(renderPrintedReport(specOf(name), shape.look), work, `${shape.folder}-${name}`);
        checkBreak(await extractPdfPages(pdf), shape.look, `${shape.folder}/${name}`);
        fs.writeFileSync(path.join(folder, `${name}.pdf`), pdf);
        console.log(`${shape.folder}/${name}.pdf: ${pdf.length} bytes`);
      }
      const manifest = {
        shape: shape.description,
        reports: REPORTS.map((name) => ({ file: `${name}.pdf`, expected: `../../corpus/${name}.expected.json` })),
      };
      fs.writeFileSync(path.join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
