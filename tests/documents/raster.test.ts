import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_PDF_PAGE_RULES } from "../../src/documents/limits";
import { pageGrid, type PdfRule } from "../../src/documents/pdf-grid";
import { extractPdfPages } from "../../src/documents/pdf-text";
import { blankImage, cropImage, readPgm, rotateImage, writePgm, type GreyImage } from "../../src/documents/raster-image";
import { estimateSkewDegrees, findRasterRules } from "../../src/documents/raster-rules";

/** An A4 page at 200 dpi, the resolution scans are read at. */
const A4_200 = { width: 1654, height: 2339 };
/** A4 at 300 dpi. */
const A4_300 = { width: 2480, height: 3508 };
/** A hang guard, not a benchmark: a 300-dpi page takes a few hundred milliseconds here. */
const HANG_GUARD_MS = 5_000;

/** A mutable white page to draw on. */
function page(size: { width: number; height: number } = A4_200): GreyImage {
  return blankImage(size.width, size.height);
}

/** Paints a box (clipped to the image) with a grey level, black by default. */
function paint(image: GreyImage, x: number, y: number, width: number, height: number, level = 0): void {
  for (let row = Math.max(0, y); row < Math.min(image.height, y + height); row++) {
    image.data.fill(level, row * image.width + Math.max(0, x), row * image.width + Math.min(image.width, x + width));
  }
}

/** A deterministic source of numbers in [0, 1). */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A text-like blob in a size × size box: a few horizontal strokes (at most 80% of the box wide) and vertical ones,
 * as a CJK character's strokes are; `stroke` thick.
 */
function glyph(image: GreyImage, x: number, y: number, size: number, stroke: number, random: () => number): void {
  const inset = Math.ceil(size * 0.1);
  for (let i = 0; i < 3; i++) {
    const length = Math.round(size * (0.3 + random() * 0.5));
    paint(
      image,
      x + inset + Math.round(random() * (size - 2 * inset - length)),
      y + inset + Math.round(random() * (size - 2 * inset - stroke)),
      length,
      stroke,
    );
  }
  for (let i = 0; i < 2; i++) {
    const length = Math.round(size * (0.3 + random() * 0.5));
    paint(
      image,
      x + inset + Math.round(random() * (size - 2 * inset - stroke)),
      y + inset + Math.round(random() * (size - 2 * inset - length)),
      stroke,
      length,
    );
  }
}

/** A line of `count` glyphs from (x, y), each `size` wide with a tenth of that between them. */
function textLine(image: GreyImage, x: number, y: number, count: number, size: number, random: () => number, stroke = 2): void {
  for (let i = 0; i < count; i++) glyph(image, x + i * Math.round(size * 1.1), y, size, stroke, random);
}

/** A ruled table: borders `thickness` thick at the x of `columns` and the y of `rows`; the rules it draws, as boxes. */
function ruledTable(image: GreyImage, columns: readonly number[], rows: readonly number[], thickness: number): PdfRule[] {
  const [left, right] = [columns[0], columns[columns.length - 1] + thickness];
  const [top, bottom] = [rows[0], rows[rows.length - 1] + thickness];
  const rules: PdfRule[] = [];
  for (const y of rows) rules.push({ x: left, y, width: right - left, height: thickness });
  for (const x of columns) rules.push({ x, y: top, width: thickness, height: bottom - top });
  for (const rule of rules) paint(image, rule.x, rule.y, rule.width, rule.height);
  return rules;
}

/** The template's section 三 as a scan would show it: 10 columns by 12 rows, numbers in the cells. */
const COLUMNS = [150, 450, 560, 670, 780, 890, 1000, 1110, 1220, 1330, 1500];
const ROWS = [300, 360, 420, 480, 540, 600, 660, 720, 780, 840, 900, 960, 1020];

/**
 * A page with the section-三 table (borders 3 px) whose first row has two short borders (one cell tall, one cell
 * wide), text-like numbers in every other cell, a heading in large bold characters just above the table (its
 * strokes as long as a short border, ending 7 px above the table), and lines of text below it.
 */
function tablePage(): { image: GreyImage; rules: PdfRule[] } {
  const image = page();
  const random = randomSource(7);
  const rules = ruledTable(image, COLUMNS, ROWS, 3);
  const short = [
    { x: 300, y: ROWS[0], width: 3, height: ROWS[1] + 3 - ROWS[0] },
    { x: COLUMNS[1], y: 330, width: COLUMNS[2] + 3 - COLUMNS[1], height: 3 },
  ];
  for (const rule of short) paint(image, rule.x, rule.y, rule.width, rule.height);
  for (let row = 1; row + 1 < ROWS.length; row++) {
    for (let column = 0; column + 1 < COLUMNS.length; column++) textLine(image, COLUMNS[column] + 12, ROWS[row] + 16, column === 0 ? 8 : 3, 29, random);
  }
  textLine(image, 150, ROWS[0] - 46, 12, 44, random, 4);
  for (let line = 0; line < 20; line++) textLine(image, 150, 1100 + line * 50, 45, 29, random);
  return { image, rules: [...rules, ...short] };
}

/** A rule as the line it draws: horizontal or not, its position across (the middle of its thickness), its extent. */
function lineOf(rule: PdfRule): { horizontal: boolean; at: number; from: number; to: number } {
  return rule.width >= rule.height
    ? { horizontal: true, at: rule.y + rule.height / 2, from: rule.x, to: rule.x + rule.width }
    : { horizontal: false, at: rule.x + rule.width / 2, from: rule.y, to: rule.y + rule.height };
}

/** Expects exactly the drawn lines, each within `tolerance` pixels across and along. */
function expectLines(found: readonly PdfRule[], drawn: readonly PdfRule[], tolerance = 1): void {
  const order = (rules: readonly PdfRule[]) => rules.map(lineOf).sort((a, b) => Number(a.horizontal) - Number(b.horizontal) || a.at - b.at || a.from - b.from);
  const [got, want] = [order(found), order(drawn)];
  expect(got.map((line) => line.horizontal)).toEqual(want.map((line) => line.horizontal));
  got.forEach((line, index) => {
    expect(Math.abs(line.at - want[index].at)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(line.from - want[index].from)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(line.to - want[index].to)).toBeLessThanOrEqual(tolerance);
  });
}

function timed<T>(work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  return result;
}

describe("PGM images", () => {
  it("are written and read back pixel for pixel", () => {
    const image = { width: 3, height: 2, data: Uint8Array.from([0, 10, 20, 250, 254, 255]) };
    const bytes = writePgm(image);
    expect(bytes.subarray(0, 11).toString("latin1")).toBe("P5\n3 2\n255\n");
    expect(readPgm(bytes)).toEqual(image);
  });

  it("are read with comments in the header and trailing bytes after the pixels", () => {
    const bytes = Buffer.concat([Buffer.from("P5 # made by hand\n2 # wide\n1\n255\n", "latin1"), Buffer.from([7, 9, 1, 1])]);
    expect(readPgm(bytes)).toEqual({ width: 2, height: 1, data: Uint8Array.from([7, 9]) });
  });

  it.each([
    ["P2\n1 1\n255\n0\n", "unsupported PGM: P2 (only binary P5 is read)"],
    ["P6\n1 1\n255\n\0\0\0", "unsupported PGM: P6 (only binary P5 is read)"],
    ["P55 1\n255\n\0", "PGM header: bad magic number"],
    ["GIF89a", "not a PGM image: it does not start with P5"],
    ["P5\n1 1\n65535\n\0\0", "unsupported PGM: maxval 65535 (only 8-bit images, maxval 255, are read)"],
    ["P5\n4 4\n255\n\0\0", "PGM truncated: 4×4 needs 16 pixel bytes, has 2"],
    ["P5\nx 4\n255\n", "PGM header: bad width"],
    ["P5\n0 4\n255\n", "PGM has no pixels: 0×4"],
    ["P5\n100000 100000\n255\n", "PGM too large: 100000×100000 pixels is over the limit of 64000000"],
  ])("are refused when they are not 8-bit binary PGM: %j", (text, message) => {
    expect(() => readPgm(Buffer.from(text, "latin1"))).toThrow(message);
  });
});

describe("cropping an image", () => {
  const image = { width: 4, height: 3, data: Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]) };

  it("keeps the pixels of the box, rounded outward to whole pixels", () => {
    expect(cropImage(image, { x: 1.5, y: 0.2, width: 1.2, height: 1.5 })).toEqual({ width: 2, height: 2, data: Uint8Array.from([1, 2, 11, 12]) });
  });

  it("clips the box to the image, and gives a white pixel for a box outside it", () => {
    expect(cropImage(image, { x: 2, y: 1, width: 10, height: 10 })).toEqual({ width: 2, height: 2, data: Uint8Array.from([12, 13, 22, 23]) });
    expect(cropImage(image, { x: 9, y: 9, width: 2, height: 2 })).toEqual({ width: 1, height: 1, data: Uint8Array.from([255]) });
  });
});

describe("rotating an image", () => {
  // 0 1 2
  // 3 4 5
  const image = { width: 3, height: 2, data: Uint8Array.from([0, 1, 2, 3, 4, 5]) };

  it("turns by quarter turns exactly, clockwise for a positive angle", () => {
    expect(rotateImage(image, 90)).toEqual({ width: 2, height: 3, data: Uint8Array.from([3, 0, 4, 1, 5, 2]) });
    expect(rotateImage(image, 180)).toEqual({ width: 3, height: 2, data: Uint8Array.from([5, 4, 3, 2, 1, 0]) });
    expect(rotateImage(image, 270)).toEqual({ width: 2, height: 3, data: Uint8Array.from([2, 5, 1, 4, 0, 3]) });
    expect(rotateImage(image, -90)).toEqual(rotateImage(image, 270));
    expect(rotateImage(image, 360)).toEqual(image);
    expect(rotateImage(rotateImage(image, 90), -90)).toEqual(image);
  });

  it("turns by a small angle about the centre, keeping the size, white where the page does not reach", () => {
    const square = page({ width: 201, height: 201 });
    paint(square, 0, 0, 201, 201, 100);
    paint(square, 20, 99, 161, 3);
    const turned = rotateImage(square, 10);
    expect([turned.width, turned.height]).toEqual([201, 201]);
    expect(turned.data[0]).toBe(255); // a corner, brought in from outside
    expect(turned.data[100 * 201 + 100]).toBe(0); // the centre stays
    // The line's right end, 80 px from the centre, goes down by 80·sin 10° = 13.9 px: clockwise.
    expect(turned.data[(100 + 14) * 201 + 100 + 79]).toBeLessThan(50);
    expect(turned.data[(100 - 14) * 201 + 100 - 79]).toBeLessThan(50);
    expect(turned.data[100 * 201 + 100 + 79]).toBe(100);
  });

  it("refuses an angle that is not a number", () => {
    expect(() => rotateImage(image, Number.NaN)).toThrow("cannot rotate by NaN degrees");
  });
});

describe("the rules of a scanned page", () => {
  it("are the borders of a ruled table, and no stroke of the text in and around it", () => {
    const { image, rules } = tablePage();
    expectLines(
      timed(() => findRasterRules(image)),
      rules,
    );
  });

  it("are none on a page of text", () => {
    const image = page();
    const random = randomSource(3);
    textLine(image, 150, 160, 12, 44, random, 4);
    for (let line = 0; line < 40; line++) textLine(image, 150, 300 + line * 50, 45, 29, random);
    expect(findRasterRules(image)).toEqual([]);
  });

  it("join a border broken every 40 px by gaps of up to 5 px into one rule", () => {
    const image = page();
    for (let piece = 0; piece < 30; piece++) paint(image, 200 + piece * 40, 500, 40 - (1 + (piece % 5)), 2);
    paint(image, 700, 800, 2, 410);
    for (let y = 800; y < 1160; y += 37) paint(image, 700, y + 33, 2, 4, 255);
    expectLines(findRasterRules(image), [
      { x: 200, y: 500, width: 1195, height: 2 },
      { x: 700, y: 800, width: 2, height: 410 },
    ]);
  });

  it("are found through noise: specks on the paper, specks of paper in the borders, a grey background", () => {
    const { image, rules } = tablePage();
    const random = randomSource(11);
    for (let i = 0; i < image.data.length; i++) {
      const speck = random();
      if (image.data[i] === 255) image.data[i] = speck < 0.01 ? 0 : 200 + Math.floor(speck * 40);
      else if (speck < 0.05) image.data[i] = 255;
      else image.data[i] = Math.floor(speck * 60);
    }
    expectLines(findRasterRules(image), rules, 2);
  });

  it("are no short lines but those from one long line to another: not a large character's box, a dash, strokes ending on a rule", () => {
    const image = page();
    ruledTable(image, [200, 1400], [200, 800], 3);
    paint(image, 300, 1000, 60, 4); // 口, 60 px (0.3 in) square, drawn in 4-px strokes
    paint(image, 300, 1056, 60, 4);
    paint(image, 300, 1000, 4, 60);
    paint(image, 356, 1000, 4, 60);
    paint(image, 500, 1030, 80, 2); // ——, a dash two 20-pt characters wide
    paint(image, 700, 800, 3, 50); // a stroke hanging from the table's bottom border onto another stroke
    paint(image, 650, 849, 100, 3);
    paint(image, 900, 140, 3, 55); // a heading's stroke ending 5 px above the table
    paint(image, 860, 140, 80, 3);
    expect(
      findRasterRules(image)
        .map(lineOf)
        .sort((a, b) => Number(a.horizontal) - Number(b.horizontal) || a.at - b.at),
    ).toEqual([
      { horizontal: false, at: 201.5, from: 200, to: 803 },
      { horizontal: false, at: 1401.5, from: 200, to: 803 },
      { horizontal: true, at: 201.5, from: 200, to: 1403 },
      { horizontal: true, at: 801.5, from: 200, to: 1403 },
    ]);
  });

  it("leave out filled shapes: a black box is no rule", () => {
    const image = page();
    paint(image, 300, 300, 600, 200);
    paint(image, 300, 700, 600, 2);
    expectLines(findRasterRules(image), [{ x: 300, y: 700, width: 600, height: 2 }]);
  });

  it("turn with the page: after a quarter turn the table's rows are its columns", () => {
    const { image, rules } = tablePage();
    const turned = rotateImage(image, 90);
    // A clockwise quarter turn takes (x, y) to (height - y, x).
    const moved = rules.map((rule) => ({ x: image.height - rule.y - rule.height, y: rule.x, width: rule.height, height: rule.width }));
    expectLines(findRasterRules(turned), moved);
  });

  it("are found again on a page skewed by 2° once it is turned straight", () => {
    const { image, rules } = tablePage();
    const skewed = rotateImage(image, 2);
    const straight = rotateImage(skewed, -estimateSkewDegrees(skewed));
    expectLines(findRasterRules(straight), rules, 2);
  });

  it("are none on a black page or a checkerboard of single pixels, in bounded time", () => {
    const black = page();
    black.data.fill(0);
    expect(timed(() => findRasterRules(black))).toEqual([]);
    const checkerboard = page();
    for (let y = 0; y < checkerboard.height; y++) for (let x = y % 2; x < checkerboard.width; x += 2) checkerboard.data[y * checkerboard.width + x] = 0;
    expect(timed(() => findRasterRules(checkerboard))).toEqual([]);
    expect(timed(() => estimateSkewDegrees(checkerboard))).toBe(0);
  });

  it("are none on a page drawn with a mesh of more rules than a page may have, in bounded time", () => {
    const image = page();
    for (let y = 0; y < image.height; y += 2) for (let x = 0; x < image.width; x += 70) paint(image, x, y, 60, 1);
    expect(timed(() => findRasterRules(image))).toEqual([]);
    expect(Math.floor(image.height / 2) * Math.ceil(image.width / 70)).toBeGreaterThan(MAX_PDF_PAGE_RULES);
  });
});

describe("the skew of a scanned page", () => {
  it.each([2, -2, 3, -3, 0.5, 4.5])("is found within 0.2° from a table's rules: %s°", (degrees) => {
    const skewed = rotateImage(tablePage().image, degrees);
    expect(Math.abs(timed(() => estimateSkewDegrees(skewed)) - degrees)).toBeLessThanOrEqual(0.2);
  });

  it.each([3, -2.5, 1])("is found within 0.2° from the lines of a page of text: %s°", (degrees) => {
    const image = page();
    const random = randomSource(5);
    for (let line = 0; line < 40; line++) textLine(image, 150, 200 + line * 50, 45, 29, random);
    expect(Math.abs(estimateSkewDegrees(rotateImage(image, degrees)) - degrees)).toBeLessThanOrEqual(0.2);
  });

  it("is 0 on a straight page, a blank one, and one of noise alone", () => {
    expect(estimateSkewDegrees(tablePage().image)).toBe(0);
    expect(estimateSkewDegrees(page())).toBe(0);
    const noise = page();
    const random = randomSource(13);
    for (let i = 0; i < noise.data.length; i++) if (random() < 0.02) noise.data[i] = 0;
    expect(estimateSkewDegrees(noise)).toBe(0);
  });

  it("is found on a 300-dpi page in bounded time", () => {
    const image = page(A4_300);
    const rules = ruledTable(image, [200, 700, 1000, 1300, 1600, 1900, 2250], [400, 500, 600, 700, 800, 900], 4);
    const skewed = rotateImage(image, -1.5);
    expect(Math.abs(timed(() => estimateSkewDegrees(skewed)) + 1.5)).toBeLessThanOrEqual(0.2);
    expectLines(
      timed(() => findRasterRules(image)),
      rules,
    );
  });
});

const hasPdftoppm = (() => {
  try {
    execFileSync("which", ["pdftoppm"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** Page `page` of a PDF rendered greyscale by pdftoppm at `dpi`. */
function renderPage(pdf: string, page: number, dpi: number): GreyImage {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-raster-"));
  try {
    execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf, path.join(folder, "page")]);
    return readPgm(fs.readFileSync(path.join(folder, "page.pgm")));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The rules a page of a printed PDF draws, in the pixels of the page rendered at `dpi`. */
async function vectorRules(pdf: string, page: number, dpi: number): Promise<PdfRule[]> {
  const pages = await extractPdfPages(fs.readFileSync(pdf));
  const scale = dpi / 72;
  return pages[page - 1].rules!.map((rule) => ({ x: rule.x * scale, y: rule.y * scale, width: rule.width * scale, height: rule.height * scale }));
}

/** Expects the rules found to cover each drawn rule end to end within `tolerance` pixels across, and to be nothing else. */
function expectDrawnRules(found: readonly PdfRule[], drawn: readonly PdfRule[], tolerance: number): void {
  const lines = found.map(lineOf);
  const vectors = drawn.map(lineOf);
  for (const rule of vectors) {
    const over = lines.filter((line) => line.horizontal === rule.horizontal && Math.abs(line.at - rule.at) <= tolerance);
    const covered = over.reduce((sum, line) => sum + Math.max(0, Math.min(line.to, rule.to) - Math.max(line.from, rule.from)), 0);
    expect(covered / (rule.to - rule.from)).toBeGreaterThanOrEqual(0.99);
  }
  for (const line of lines) {
    expect(
      vectors.some((rule) => rule.horizontal === line.horizontal && Math.abs(line.at - rule.at) <= tolerance && line.from < rule.to && line.to > rule.from),
    ).toBe(true);
  }
}

/** The tables pdf-grid rebuilds from rules in the pixels of a page at `dpi`: their bands and cells, and their boxes in points. */
function tablesOf(rules: readonly PdfRule[], dpi: number) {
  const scale = 72 / dpi;
  const inPoints = rules.map((rule) => ({ x: rule.x * scale, y: rule.y * scale, width: rule.width * scale, height: rule.height * scale }));
  return pageGrid(inPoints, []).tables.map((table) => ({
    counts: { columns: table.columns.length, rows: table.rows.length, cells: table.cells.length },
    box: [table.left, table.top, table.right, table.bottom],
  }));
}

/** Expects the same tables, each edge within `tolerance` points. */
function expectSameTables(found: ReturnType<typeof tablesOf>, drawn: ReturnType<typeof tablesOf>, tolerance: number): void {
  expect(found.map((table) => table.counts)).toEqual(drawn.map((table) => table.counts));
  found.forEach((table, index) => table.box.forEach((edge, at) => expect(Math.abs(edge - drawn[index].box[at])).toBeLessThan(tolerance)));
}

(hasPdftoppm ? describe : describe.skip)("the rules of a report page rendered at 200 dpi (huaian-city-2024 page 5)", () => {
  const PDF = path.join(FIXTURES, "pdf", "huaian-city-2024.pdf");
  let found: PdfRule[];
  let drawn: PdfRule[];

  beforeAll(async () => {
    found = findRasterRules(renderPage(PDF, 5, 200));
    drawn = await vectorRules(PDF, 5, 200);
  });

  it("are the page's 45 vector rules, each within a pixel across and covered end to end, and nothing else", () => {
    expect(drawn).toHaveLength(45);
    expect(found).toHaveLength(45);
    expectDrawnRules(found, drawn, 1);
  });

  it("rebuild the same tables as the vector rules do, each edge within 0.5 pt", () => {
    expectSameTables(tablesOf(found, 200), tablesOf(drawn, 200), 0.5);
  });
});

(hasPdftoppm ? describe : describe.skip)("a scanned report page (scan-200dpi/huaian-city-2024 page 5: 1.9° askew, blurred, noisy, JPEG)", () => {
  let skewed: GreyImage;

  beforeAll(() => {
    skewed = renderPage(path.join(FIXTURES, "shapes", "scan-200dpi", "huaian-city-2024.pdf"), 5, 200);
  });

  it("is found askew by 1.9° within 0.1°, and once straight has the printed page's rules and tables", async () => {
    const skew = estimateSkewDegrees(skewed);
    expect(Math.abs(skew - 1.9)).toBeLessThanOrEqual(0.1);
    const found = findRasterRules(rotateImage(skewed, -skew));
    const drawn = await vectorRules(path.join(FIXTURES, "pdf", "huaian-city-2024.pdf"), 5, 200);
    expectDrawnRules(found, drawn, 2);
    expectSameTables(tablesOf(found, 200), tablesOf(drawn, 200), 1);
  });
});
