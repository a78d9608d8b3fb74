/**
 * Remakes the scanned fixtures of tests/fixtures/shapes/scan-150dpi/, …/scan-200dpi/, …/scan-300dpi/ and
 * …/scan-images/: corpus PDFs (tests/fixtures/pdf/) and printed PDFs (…/shapes/pdf-printed-web/) rendered to grey
 * pixels as a scanner would see them and wrapped again without any text layer, so that only OCR can read them. Run
 * with
 *   npm run -s build && node dist/scripts/make-scan-fixtures.js
 * It needs `pdftoppm` (Debian: poppler-utils), ImageMagick 6's `convert` and `img2pdf` on the PATH.
 *
 * Each page is rendered greyscale at the folder's resolution, then damaged as a flatbed scan damages paper: laid a
 * few degrees askew (white filled in, the page size kept) or fed in sideways (a quarter turn), given mild Gaussian
 * noise (the sensor), blurred slightly (the optics, which also soften the grain, as a scanner's do, and keep the JPEG
 * small) and JPEG-compressed. The blur scales with the resolution, so every folder shows the same paper through the
 * same lens. The noise is seeded per page (`convert -seed`) and img2pdf writes no dates, so a remake with the same
 * poppler, ImageMagick and img2pdf gives the same bytes (these were made with poppler 22.12, ImageMagick 6.9.11 and
 * img2pdf 0.4.4 on Debian 12).
 *
 * scan-images/ holds the other containers a scan arrives in: a whole report as a multi-page fax-style TIFF
 * (bilevel, CCITT Group 4), scored like the PDFs, and one page as a 16-level grey PNG, which is not a whole report
 * and so is not in the manifest (tests read its cells directly).
 *
 * Each document is checked before it is kept: it has its source's number of pages, and it is within the size budget
 * that keeps the repository small.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const FIXTURES = path.join(__dirname, "..", "..", "tests", "fixtures");
const SHAPES = path.join(FIXTURES, "shapes");

/** Bytes one scanned document may take in the repository (a 300-dpi report of six pages fits). */
const MAX_DOCUMENT_BYTES = 1.5 * 1024 * 1024;

/** How one page lies on the glass (pageDamage reads it from the page's Scan). */
interface PageDamage {
  /** Degrees the paper lies askew on the glass, clockwise positive; 0 for straight. */
  readonly skew: number;
  /** A quarter turn, clockwise (90) or anticlockwise (270): the page fed in sideways. */
  readonly turn: 0 | 90 | 270;
}

/** One corpus report scanned: its source PDF and how each of its pages lies on the glass. */
interface Scan {
  /** The corpus report: the expected file's name and the output file's. */
  readonly report: string;
  /** The PDF scanned, relative to tests/fixtures. */
  readonly source: string;
  /** Skew per page (first page first); pages past the list lie straight. */
  readonly skews?: readonly number[];
  /** A page (1-based) fed in sideways, and which way. */
  readonly turned?: { readonly page: number; readonly degrees: 90 | 270 };
}

/** A folder of scans at one resolution, each a JPEG-compressed greyscale PDF. */
interface ScanFolder {
  readonly folder: string;
  readonly dpi: number;
  /** JPEG quality: lower at 300 dpi, where the pixels are many and each matters less. */
  readonly quality: number;
  readonly description: string;
  readonly scans: readonly Scan[];
}

const REAL_PDF = (report: string) => `pdf/${report}.pdf`;
const PRINTED_WEB_PDF = (report: string) => `shapes/pdf-printed-web/${report}.pdf`;

/** The skew of each page of the six-page 淮安 report: 1–3°, alternating in direction as pages fed by hand do. */
const HUAIAN_SKEWS = [1.3, -2.1, 2.8, -1.6, 1.9, -2.5];

const FOLDERS: readonly ScanFolder[] = [
  {
    folder: "scan-150dpi",
    dpi: 150,
    quality: 50,
    description:
      "real PDF reports scanned at 150 dpi (greyscale, JPEG in a PDF without text): slight blur and noise, the 淮安 pages 1–3° askew, a 洪泽 table page fed in sideways",
    scans: [
      { report: "huaian-city-2024", source: REAL_PDF("huaian-city-2024"), skews: HUAIAN_SKEWS },
      { report: "hongze-district-2024", source: REAL_PDF("hongze-district-2024"), turned: { page: 4, degrees: 90 } },
    ],
  },
  {
    folder: "scan-200dpi",
    dpi: 200,
    quality: 50,
    description:
      "real and browser-printed PDF reports scanned at 200 dpi (greyscale, JPEG in a PDF without text): slight blur and noise, the 淮安 and 平潭 pages 1–3° askew, a 洪泽 table page fed in sideways",
    scans: [
      { report: "huaian-city-2024", source: REAL_PDF("huaian-city-2024"), skews: HUAIAN_SKEWS },
      { report: "hongze-district-2024", source: REAL_PDF("hongze-district-2024"), turned: { page: 4, degrees: 270 } },
      { report: "pingtan-2019", source: PRINTED_WEB_PDF("pingtan-2019"), skews: [1.1, -1.4] },
    ],
  },
  {
    folder: "scan-300dpi",
    dpi: 300,
    quality: 40,
    description:
      "real PDF reports scanned at 300 dpi (greyscale, JPEG in a PDF without text): slight blur and noise, the 淮安 pages 1–3° askew, a 洪泽 table page fed in sideways",
    scans: [
      { report: "huaian-city-2024", source: REAL_PDF("huaian-city-2024"), skews: HUAIAN_SKEWS },
      { report: "hongze-district-2024", source: REAL_PDF("hongze-district-2024"), turned: { page: 4, degrees: 90 } },
    ],
  },
];

/** The multi-page TIFF of scan-images/: a whole report, scored. */
const TIFF_SCAN: Scan = { report: "hongze-district-2023", source: REAL_PDF("hongze-district-2023"), skews: [0, 1.2, -1.5] };
const TIFF_DPI = 200;

/** The PNG of scan-images/: the 平潭 printed page holding the end of section 三 and section 四. */
const PNG_SCAN: Scan = { report: "pingtan-2019", source: PRINTED_WEB_PDF("pingtan-2019"), skews: [0, 1.5] };
const PNG_PAGE = 2;
const PNG_DPI = 200;

const IMAGES_DESCRIPTION =
  "a real PDF report scanned at 200 dpi as a fax-style multi-page TIFF (bilevel, CCITT Group 4): slight blur and noise before the threshold, two pages 1–2° askew";

/** Blur of the optics at 300 dpi, in pixels (scaled to each resolution). */
const BLUR_SIGMA_AT_300_DPI = 0.9;

/** Strength of the sensor noise (`convert -attenuate`): mild, a speckle on white and a grain in the strokes. */
const NOISE_ATTENUATE = 0.3;

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function pageCount(pdf: string): number {
  const pages = /^Pages:\s+(\d+)$/m.exec(run("pdfinfo", [pdf]));
  if (!pages) throw new Error(`${pdf}: pdfinfo gives no page count`);
  return Number(pages[1]);
}

function pageDamage(scan: Scan, page: number): PageDamage {
  const turn = scan.turned?.page === page ? scan.turned.degrees : 0;
  return { skew: turn === 0 ? (scan.skews?.[page - 1] ?? 0) : 0, turn };
}

/** A page rendered greyscale (8-bit PGM) at `dpi`. */
function renderPage(pdf: string, page: number, dpi: number, work: string): string {
  const base = path.join(work, `page-${page}`);
  run("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf, base]);
  return `${base}.pgm`;
}

/** Width and height of a binary PGM (pdftoppm's header: P5, the size, the maximum value). */
function pgmSize(file: string): { width: number; height: number } {
  const header = /^P5\s+(\d+)\s+(\d+)\s/.exec(fs.readFileSync(file).subarray(0, 64).toString("latin1"));
  if (!header) throw new Error(`${file}: not a binary PGM`);
  return { width: Number(header[1]), height: Number(header[2]) };
}

/**
 * ImageMagick arguments that lay the page of `input` on the glass as `damage` says and scan it at `dpi`, with noise
 * seeded by `seed`.
 */
function scanArguments(input: string, damage: PageDamage, dpi: number, seed: number): string[] {
  const { width, height } = pgmSize(input);
  // A skewed page keeps its size: the corners turned out of the frame are margin, those turned in are white.
  const skew = damage.skew === 0 ? [] : ["-background", "white", "-rotate", String(damage.skew), "-gravity", "center", "-extent", `${width}x${height}`];
  const turn = damage.turn === 0 ? [] : ["-rotate", String(damage.turn)];
  const blur = (BLUR_SIGMA_AT_300_DPI * dpi) / 300;
  const noise = ["-seed", String(seed), "-attenuate", String(NOISE_ATTENUATE), "+noise", "Gaussian"];
  return [...skew, ...turn, ...noise, "-blur", `0x${blur.toFixed(2)}`, "-colorspace", "Gray", "-density", String(dpi), "-units", "PixelsPerInch", "-strip"];
}

/** One page scanned to a greyscale JPEG. */
function scanPageToJpeg(input: string, damage: PageDamage, dpi: number, quality: number, seed: number, output: string): void {
  run("convert", [input, ...scanArguments(input, damage, dpi, seed), "-type", "Grayscale", "-quality", String(quality), `jpeg:${output}`]);
}

/** A seed for each page of each document, so that no two pages share their noise. */
function seedOf(documentIndex: number, page: number): number {
  return 1000 * (documentIndex + 1) + page;
}

/** Scans every page of `scan` and returns the pages' files, first page first. */
function scanPages(
  scan: Scan,
  dpi: number,
  documentIndex: number,
  work: string,
  toFile: (input: string, damage: PageDamage, seed: number, page: number) => string,
): string[] {
  const source = path.join(FIXTURES, scan.source);
  const pages: string[] = [];
  for (let page = 1; page <= pageCount(source); page += 1) {
    const rendered = renderPage(source, page, dpi, work);
    pages.push(toFile(rendered, pageDamage(scan, page), seedOf(documentIndex, page), page));
    fs.rmSync(rendered);
  }
  return pages;
}

/** Refuses a document that is over the size budget or does not have its source's pages. */
function checkDocument(file: string, pages: number, sourcePages: number): void {
  const size = fs.statSync(file).size;
  if (size > MAX_DOCUMENT_BYTES) throw new Error(`${file}: ${size} bytes, more than the ${MAX_DOCUMENT_BYTES} a scanned fixture may take`);
  if (pages !== sourcePages) throw new Error(`${file}: ${pages} pages, but its source has ${sourcePages}`);
}

/** A scanned report as a PDF of one JPEG per page. */
function scanToPdf(scan: Scan, folder: ScanFolder, documentIndex: number, work: string, output: string): void {
  const jpegs = scanPages(scan, folder.dpi, documentIndex, work, (input, damage, seed, page) => {
    const jpeg = path.join(work, `scan-${page}.jpg`);
    scanPageToJpeg(input, damage, folder.dpi, folder.quality, seed, jpeg);
    return jpeg;
  });
  run("img2pdf", ["--nodate", "--engine", "internal", "-o", output, ...jpegs]);
  checkDocument(output, pageCount(output), jpegs.length);
  for (const jpeg of jpegs) fs.rmSync(jpeg);
}

/** A scanned report as one bilevel Group 4 TIFF of all its pages, as a fax or a document scanner's black-and-white mode writes it. */
function scanToTiff(scan: Scan, dpi: number, documentIndex: number, work: string, output: string): void {
  const pages = scanPages(scan, dpi, documentIndex, work, (input, damage, seed, page) => {
    const bilevel = path.join(work, `scan-${page}.pbm`);
    run("convert", [input, ...scanArguments(input, damage, dpi, seed), "-threshold", "75%", "-type", "Bilevel", `pbm:${bilevel}`]);
    return bilevel;
  });
  run("convert", [...pages, "-density", String(dpi), "-units", "PixelsPerInch", "-compress", "Group4", "-strip", "-adjoin", `tiff:${output}`]);
  checkDocument(output, run("identify", ["-format", "%p\n", output]).trim().split("\n").length, pages.length);
  for (const page of pages) fs.rmSync(page);
}

/**
 * One page of a scanned report as a 16-level greyscale PNG (a scanner's 4-bit grey mode, which keeps a noisy page
 * small), without the time chunks that would make each remake differ.
 */
function scanPageToPng(scan: Scan, page: number, dpi: number, documentIndex: number, work: string, output: string): void {
  const rendered = renderPage(path.join(FIXTURES, scan.source), page, dpi, work);
  const damage = pageDamage(scan, page);
  run("convert", [
    rendered,
    ...scanArguments(rendered, damage, dpi, seedOf(documentIndex, page)),
    "-depth",
    "4",
    "-define",
    "png:exclude-chunks=date,time",
    `png:${output}`,
  ]);
  if (fs.statSync(output).size > MAX_DOCUMENT_BYTES) throw new Error(`${output}: more than ${MAX_DOCUMENT_BYTES} bytes`);
  fs.rmSync(rendered);
}

function writeManifest(folder: string, description: string, files: ReadonlyArray<{ file: string; report: string }>): void {
  const manifest = {
    shape: description,
    // Scans are read by OCR, which takes minutes: tests/parse/accuracy.test.ts leaves them to `npm run accuracy`.
    needsOcr: true,
    reports: files.map(({ file, report }) => ({ file, expected: `../../corpus/${report}.expected.json` })),
  };
  fs.writeFileSync(path.join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

function report(file: string): void {
  console.log(`${path.relative(SHAPES, file)}: ${fs.statSync(file).size} bytes`);
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-scan-fixtures-"));
  try {
    let documentIndex = 0;
    for (const folder of FOLDERS) {
      const target = path.join(SHAPES, folder.folder);
      fs.mkdirSync(target, { recursive: true });
      for (const scan of folder.scans) {
        const output = path.join(target, `${scan.report}.pdf`);
        scanToPdf(scan, folder, documentIndex, work, output);
        documentIndex += 1;
        report(output);
      }
      writeManifest(
        target,
        folder.description,
        folder.scans.map((scan) => ({ file: `${scan.report}.pdf`, report: scan.report })),
      );
    }
    const images = path.join(SHAPES, "scan-images");
    fs.mkdirSync(images, { recursive: true });
    const tiff = path.join(images, `${TIFF_SCAN.report}.tif`);
    scanToTiff(TIFF_SCAN, TIFF_DPI, documentIndex, work, tiff);
    documentIndex += 1;
    report(tiff);
    const png = path.join(images, `${PNG_SCAN.report}-page-${PNG_PAGE}.png`);
    scanPageToPng(PNG_SCAN, PNG_PAGE, PNG_DPI, documentIndex, work, png);
    report(png);
    writeManifest(images, IMAGES_DESCRIPTION, [{ file: path.basename(tiff), report: TIFF_SCAN.report }]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
