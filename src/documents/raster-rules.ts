import { MAX_PDF_PAGE_RULES } from "./limits";
import type { PdfRule } from "./pdf-grid";
import { binarise, otsuThreshold, type GreyImage } from "./raster-image";

/**
 * Table rules found in the pixels of a scanned page, to rebuild its tables as those of a printed PDF are
 * (pdf-grid.ts), and the page's skew, to turn it straight before that.
 *
 * A rule is a long, thin run of ink. Each row of the ink is cut into runs (bridging specks of paper a pixel or two
 * wide, which a scan leaves in a printed line); runs longer than any stroke of the body text are kept; runs of
 * neighbouring rows that overlap or touch are one piece (a line one to a few pixels thick, or one that drifts a row
 * over its length on a page not quite straight); pieces thicker than a rule (a filled box, a stamp, a photo) are
 * dropped; pieces in line with one another across a small gap (a line broken in a noisy scan) are joined into lines.
 * Vertical lines are found the same way in the transposed ink. A line an inch long or more is a rule. A shorter one
 * (a border of one cell, down to about 0.16 in) is a rule only where a table puts one: from one long line across it
 * to another. Every short border of the reports' tables runs so, where the strokes of a heading's large characters,
 * which can be as long, meet no long line, and the strokes of text in a cell meet at most one.
 *
 * Every step looks at each pixel a fixed number of times, or sorts the runs and lines, whose number the pixels bound;
 * a page with more lines than a page may have rules is a mesh, not a table, and has none.
 *
 * The sizes scale with the resolution, read from the image's size as that of an A4 page (the reports are A4); a
 * larger or smaller page only scales them a little.
 */

/** Inches of an A4 page's long side: its pixels over this give the resolution. */
const A4_LONG_SIDE_INCHES = 11.69;
/** The least resolution the sizes are scaled for: a smaller image is read as a low-resolution page. */
const MIN_PIXELS_PER_INCH = 36;
/** Paper between inked pixels (inches) that a run bridges: a speck left white in a printed line. */
const RUN_GAP_INCHES = 0.01;
/**
 * Inches a run must reach to be part of a rule: longer than the strokes of the body text (10.5–12 pt characters,
 * whose longest stroke is under 0.16 in), shorter than a table's shortest border (a cell 19 pt, 0.26 in, tall).
 */
const MIN_PIECE_INCHES = 0.16;
/** Thickest a rule may be (inches, about 2.5 pt): a thicker run of ink is a filled shape, not a line. */
const MAX_THICKNESS_INCHES = 0.035;
/** Paper between two pieces of one line (inches) that joins them: a border broken by a noisy scan. */
const JOIN_GAP_INCHES = 0.03;
/** Inches from which a line is a rule wherever it lies: longer than any stroke of a character. */
const LONG_RULE_INCHES = 1;

/** The sizes, in pixels, that rule finding uses on one page. */
interface RuleSizes {
  readonly perInch: number;
  readonly runGap: number;
  readonly minPiece: number;
  readonly maxThickness: number;
  readonly joinGap: number;
  readonly longRule: number;
}

function ruleSizes(image: GreyImage): RuleSizes {
  const perInch = Math.max(MIN_PIXELS_PER_INCH, Math.max(image.width, image.height) / A4_LONG_SIDE_INCHES);
  return {
    perInch,
    runGap: Math.max(1, Math.round(RUN_GAP_INCHES * perInch)),
    minPiece: Math.max(4, Math.round(MIN_PIECE_INCHES * perInch)),
    maxThickness: Math.max(2, Math.round(MAX_THICKNESS_INCHES * perInch)),
    joinGap: Math.max(2, Math.round(JOIN_GAP_INCHES * perInch)),
    longRule: Math.round(LONG_RULE_INCHES * perInch),
  };
}

/** The ink of an image: pixels at or below the Otsu level of the page. */
function inkOf(image: GreyImage): Uint8Array {
  return binarise(image, otsuThreshold(image));
}

/** A line found in the ink: across the rows at `at` (its middle), along them from `from` to `to`, `thickness` thick. */
interface Line {
  readonly at: number;
  readonly from: number;
  readonly to: number;
  readonly thickness: number;
}

/**
 * The table rules of a page image, as boxes in its pixels (top-left origin): horizontal rules wider than tall,
 * vertical ones taller than wide; none on a page with more lines than MAX_PDF_PAGE_RULES (a mesh, read without
 * rules as a printed PDF's page past that limit is).
 */
export function findRasterRules(image: GreyImage): PdfRule[] {
  const sizes = ruleSizes(image);
  const ink = inkOf(image);
  const horizontal = linesOf(ink, image.width, image.height, sizes);
  const vertical = linesOf(transpose(ink, image.width, image.height), image.height, image.width, sizes);
  if (horizontal.length + vertical.length > MAX_PDF_PAGE_RULES) return [];
  return [
    ...rulesAmong(horizontal, vertical, sizes).map((line): PdfRule => ({
      x: line.from,
      y: line.at - line.thickness / 2,
      width: line.to - line.from,
      height: line.thickness,
    })),
    ...rulesAmong(vertical, horizontal, sizes).map((line): PdfRule => ({
      x: line.at - line.thickness / 2,
      y: line.from,
      width: line.thickness,
      height: line.to - line.from,
    })),
  ];
}

/**
 * The lines of `lines` that are rules: those at least `longRule` long, and shorter ones whose two ends each lie on
 * a line of `across` at least `longRule` long.
 */
function rulesAmong(lines: readonly Line[], across: readonly Line[], sizes: RuleSizes): Line[] {
  const isLong = (line: Line) => line.to - line.from >= sizes.longRule;
  const long = across.filter(isLong).sort((a, b) => a.at - b.at);
  // A border that ends on another runs through it: its end is within half that one's thickness, and a blurred pixel.
  const reach = sizes.maxThickness / 2 + sizes.runGap;
  // Whether the point of `line` at `along` lies on a long line across: those near it found by binary search on `at`.
  const onLong = (line: Line, along: number): boolean => {
    let low = 0;
    let high = long.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (long[middle].at < along - reach) low = middle + 1;
      else high = middle;
    }
    for (let at = low; at < long.length && long[at].at <= along + reach; at++) {
      if (long[at].from - reach <= line.at && line.at <= long[at].to + reach) return true;
    }
    return false;
  };
  return lines.filter((line) => isLong(line) || (onLong(line, line.from) && onLong(line, line.to)));
}

/** The ink turned about its diagonal: row y of the result is column y of the input. */
function transpose(ink: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[x * height + y] = ink[row + x];
  }
  return out;
}

/** Runs of ink along rows: run i covers [start[i], end[i]) of row row[i]; rows in order, runs in a row left to right. */
interface Runs {
  start: Int32Array;
  end: Int32Array;
  row: Int32Array;
  count: number;
}

/** The runs of each row at least `minLength` long, bridging gaps of paper up to `gap` pixels. */
function rowRuns(ink: Uint8Array, width: number, height: number, gap: number, minLength: number): Runs {
  // A row holds at most width / minLength runs; the arrays double as needed up to that bound.
  let runs: Runs = { start: new Int32Array(1024), end: new Int32Array(1024), row: new Int32Array(1024), count: 0 };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (ink[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      let last = x;
      for (x++; x < width && x - last <= gap + 1; x++) if (ink[row + x] === 1) last = x;
      x = last + 1;
      if (x - start < minLength) continue;
      if (runs.count === runs.start.length) runs = grown(runs);
      runs.start[runs.count] = start;
      runs.end[runs.count] = x;
      runs.row[runs.count] = y;
      runs.count++;
    }
  }
  return runs;
}

function grown(runs: Runs): Runs {
  const copy = (from: Int32Array) => {
    const to = new Int32Array(from.length * 2);
    to.set(from);
    return to;
  };
  return { start: copy(runs.start), end: copy(runs.end), row: copy(runs.row), count: runs.count };
}

/**
 * The piece each run belongs to, as the index of one run of it: runs of consecutive rows that overlap or touch at a
 * corner are one piece, so that a line a row lower at its end than at its start is still one (union-find).
 */
function pieceRoots(runs: Runs): Int32Array {
  const parent = new Int32Array(runs.count);
  for (let i = 0; i < runs.count; i++) parent[i] = i;
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root];
    while (parent[index] !== root) [index, parent[index]] = [parent[index], root];
    return root;
  };
  // Each row's runs are walked beside those of the row above, both left to right.
  let above = 0;
  let current = 0;
  while (current < runs.count) {
    const row = runs.row[current];
    let next = current;
    while (next < runs.count && runs.row[next] === row) next++;
    while (above < current && runs.row[above] < row - 1) above++;
    let first = above;
    for (let run = current; run < next; run++) {
      while (first < current && runs.end[first] < runs.start[run]) first++;
      for (let other = first; other < current && runs.start[other] <= runs.end[run]; other++) parent[find(other)] = find(run);
    }
    above = current;
    current = next;
  }
  for (let i = 0; i < runs.count; i++) parent[i] = find(i);
  return parent;
}

/** A piece of a horizontal line: runs of neighbouring rows that overlap one another. */
interface Piece {
  readonly root: number;
  left: number;
  right: number;
  /** Inked length summed over the piece's runs, and that length weighted by row (for the mean row). */
  length: number;
  rowWeight: number;
}

/** The pieces of some runs, in the order of their first runs. */
function piecesOf(runs: Runs, roots: Int32Array): Piece[] {
  const pieces = new Map<number, Piece>();
  for (let run = 0; run < runs.count; run++) {
    const length = runs.end[run] - runs.start[run];
    const piece = pieces.get(roots[run]);
    if (!piece) {
      pieces.set(roots[run], { root: roots[run], left: runs.start[run], right: runs.end[run], length, rowWeight: length * runs.row[run] });
      continue;
    }
    piece.left = Math.min(piece.left, runs.start[run]);
    piece.right = Math.max(piece.right, runs.end[run]);
    piece.length += length;
    piece.rowWeight += length * runs.row[run];
  }
  return [...pieces.values()];
}

/** The mean thickness of a piece: its inked length over its span. */
function thicknessOf(piece: Piece): number {
  return piece.length / (piece.right - piece.left);
}

/** The mean row through a piece's middle. */
function middleOf(piece: Piece): number {
  return piece.rowWeight / piece.length + 0.5;
}

/** The pieces of the ink's rows that are thin enough to be rules. */
function thinPieces(ink: Uint8Array, width: number, height: number, sizes: RuleSizes): Piece[] {
  const runs = rowRuns(ink, width, height, sizes.runGap, sizes.minPiece);
  return piecesOf(runs, pieceRoots(runs)).filter((piece) => thicknessOf(piece) <= sizes.maxThickness);
}

/**
 * Pieces in line with one another joined into lines: pieces whose middles are within half the thickest rule of the
 * first of their band (by middle), in order along the row, with at most `joinGap` of paper between them.
 */
function joinPieces(pieces: readonly Piece[], sizes: RuleSizes): Piece[] {
  const byMiddle = [...pieces].sort((a, b) => middleOf(a) - middleOf(b));
  const lines: Piece[] = [];
  let band: Piece[] = [];
  const closeBand = () => {
    band.sort((a, b) => a.left - b.left);
    let line: Piece | null = null;
    for (const piece of band) {
      if (line && piece.left - line.right <= sizes.joinGap) {
        line.right = Math.max(line.right, piece.right);
        line.length += piece.length;
        line.rowWeight += piece.rowWeight;
        continue;
      }
      if (line) lines.push(line);
      line = { ...piece };
    }
    if (line) lines.push(line);
    band = [];
  };
  for (const piece of byMiddle) {
    if (band.length > 0 && middleOf(piece) - middleOf(band[0]) > sizes.maxThickness / 2) closeBand();
    band.push(piece);
  }
  closeBand();
  return lines;
}

/** The lines along the rows of the ink: its thin pieces joined, each at its mean row and thickness. */
function linesOf(ink: Uint8Array, width: number, height: number, sizes: RuleSizes): Line[] {
  return joinPieces(thinPieces(ink, width, height, sizes), sizes).map((line) => ({
    at: middleOf(line),
    from: line.left,
    to: line.right,
    thickness: Math.max(1, Math.min(sizes.maxThickness, thicknessOf(line))),
  }));
}

/** Angles (degrees) the skew is looked for in. */
const MAX_SKEW_DEGREES = 5;
/**
 * Inches a run must reach to be part of a skewed rule: a rule 1 px thick at 5° steps down a row every 11 px at
 * 200 dpi, so the runs of its steps are shorter than a rule's pieces on a straight page.
 */
const SKEW_PIECE_INCHES = 0.04;
/** Share of the page's short side a line must span for its slope to be the page's. */
const SKEW_RULE_SHARE = 0.15;
/** Width the ink is reduced to for the search over lines of text: 0.06° is a pixel over it. */
const TEXT_SEARCH_WIDTH = 1000;
/** The best angle must sharpen the rows' profile by this much over the page as it is to be believed. */
const MIN_SKEW_GAIN = 1.02;
/** Inked points the search must have to tell an angle: fewer is a blank page. */
const MIN_SKEW_POINTS = 50;

/** Weighted points projected onto rows for the skew search. */
interface Points {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly weight: Float32Array;
}

/**
 * The page's skew in degrees, clockwise as seen (a line that falls to the right has a positive skew;
 * rotateImage(image, -skew) straightens it), in [-5, 5]; 0 when no angle stands out.
 *
 * Points are projected onto rows along each candidate angle; at the page's angle the points of one line fall into
 * few rows, so the sum of squares of the row totals is largest. On a page with long near-horizontal rules the points
 * are spaced along the runs of those rules, which put the angle within a few hundredths of a degree; on a page
 * without, they are the inked pixels of the page reduced to TEXT_SEARCH_WIDTH wide, whose lines of text put it
 * within a tenth. The search stops short of ±5° by a step: a best angle there may be one past the range.
 */
export function estimateSkewDegrees(image: GreyImage): number {
  const ink = inkOf(image);
  const rules = rulePoints(ink, image);
  if (rules) return bestAngle(rules, 0.1, 0.01);
  return bestAngle(textPoints(ink, image), 0.25, 0.02);
}

/**
 * Points along the runs of the long thin near-horizontal lines of the ink (each weighted by the length it stands
 * for), or null when it has none.
 */
function rulePoints(ink: Uint8Array, image: GreyImage): Points | null {
  const sizes = ruleSizes(image);
  const pieceLength = Math.max(3, Math.round(SKEW_PIECE_INCHES * sizes.perInch));
  const runs = rowRuns(ink, image.width, image.height, sizes.runGap, pieceLength);
  const roots = pieceRoots(runs);
  const minSpan = SKEW_RULE_SHARE * Math.min(image.width, image.height);
  const long = new Set(
    piecesOf(runs, roots)
      .filter((piece) => piece.right - piece.left >= minSpan && thicknessOf(piece) <= sizes.maxThickness)
      .map((piece) => piece.root),
  );
  if (long.size === 0) return null;
  // Each run counts as points a segment apart along it, so that a run as long as a straight rule still turns with
  // the angle tried.
  const segment = pieceLength;
  let count = 0;
  for (let run = 0; run < runs.count; run++) if (long.has(roots[run])) count += Math.ceil((runs.end[run] - runs.start[run]) / segment);
  const points = { x: new Float32Array(count), y: new Float32Array(count), weight: new Float32Array(count) };
  let at = 0;
  for (let run = 0; run < runs.count; run++) {
    if (!long.has(roots[run])) continue;
    for (let x = runs.start[run]; x < runs.end[run]; x += segment, at++) {
      const length = Math.min(segment, runs.end[run] - x);
      points.x[at] = x + length / 2;
      points.y[at] = runs.row[run];
      points.weight[at] = length;
    }
  }
  return points;
}

/** Every inked pixel of the ink reduced to TEXT_SEARCH_WIDTH wide (a reduced pixel is inked when any it covers is). */
function textPoints(ink: Uint8Array, image: GreyImage): Points {
  const factor = Math.max(1, Math.ceil(image.width / TEXT_SEARCH_WIDTH));
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const reduced = new Uint8Array(width * height);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    const target = ((y / factor) | 0) * width;
    for (let x = 0; x < image.width; x++) if (ink[row + x] === 1) reduced[target + ((x / factor) | 0)] = 1;
  }
  let count = 0;
  for (let i = 0; i < reduced.length; i++) count += reduced[i];
  const points = { x: new Float32Array(count), y: new Float32Array(count), weight: new Float32Array(count).fill(1) };
  let at = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (reduced[y * width + x] === 0) continue;
      points.x[at] = x;
      points.y[at] = y;
      at++;
    }
  }
  return points;
}

/**
 * The angle in [-5, 5] whose projection of the points scores best, searched in `coarse` steps and then in `fine`
 * ones around the best; 0 when it scores no better than MIN_SKEW_GAIN times the page as it is, or is at the edge of
 * the range (the page may be turned further than the search looks).
 */
function bestAngle(points: Points, coarse: number, fine: number): number {
  if (points.x.length < MIN_SKEW_POINTS) return 0;
  const flat = profileScore(points, 0);
  let best = 0;
  let bestScore = flat;
  const steps = Math.round(MAX_SKEW_DEGREES / coarse);
  for (let step = -steps; step <= steps; step++) {
    const score = profileScore(points, step * coarse);
    if (score > bestScore) [best, bestScore] = [step * coarse, score];
  }
  const centre = best;
  const fineSteps = Math.round(coarse / fine);
  for (let step = -fineSteps; step <= fineSteps; step++) {
    const degrees = centre + step * fine;
    if (Math.abs(degrees) > MAX_SKEW_DEGREES) continue;
    const score = profileScore(points, degrees);
    if (score > bestScore) [best, bestScore] = [degrees, score];
  }
  if (bestScore < flat * MIN_SKEW_GAIN || Math.abs(best) > MAX_SKEW_DEGREES - coarse) return 0;
  return Math.round(best * 100) / 100;
}

/** The sum of squared row totals of the points projected along `degrees` (a shear: row y - x·tan). */
function profileScore(points: Points, degrees: number): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  let [low, high] = [Infinity, -Infinity];
  for (let i = 0; i < points.x.length; i++) {
    const row = points.y[i] - points.x[i] * slope;
    if (row < low) low = row;
    if (row > high) high = row;
  }
  // Rows are counted from the lowest, so that each is a whole index: rounding is truncation of a positive number.
  const offset = 0.5 - low;
  const bins = new Float64Array(((high + offset) | 0) + 1);
  for (let i = 0; i < points.x.length; i++) bins[(points.y[i] - points.x[i] * slope + offset) | 0] += points.weight[i];
  let sum = 0;
  for (let i = 0; i < bins.length; i++) sum += bins[i] * bins[i];
  return sum;
}
