import type { PdfItem } from "./pdf-text";
import { lastIndexAtOrBelow } from "../sorted-search";

/**
 * Tables of a PDF page rebuilt from the rules drawn on it (pdf-items.mjs): the x of the vertical rules and the y of
 * the horizontal ones give a grid of bands; two neighbouring grid rectangles with no rule between them are one
 * (merged) cell; each text item goes to the cell its centre lies in, or, for text that runs over a cell's edge or
 * into the page margin, to the cell it overlaps most. Reading a row cell by cell keeps an empty cell in its place,
 * which reading the numbers of a row in order cannot (docs/real-text.md M7, M15). A page without rules has no tables
 * here and is laid out as lines of text.
 */

/** A rule drawn on a page (a table border), as the box it paints, in the page's top-left coordinates. */
export interface PdfRule {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A cell of a rebuilt table: its box, the bands it starts in, and the text items in it. */
export interface GridCell {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** Index of the row band the cell starts in (a merged cell spans the bands down to its bottom). */
  readonly row: number;
  readonly items: PdfItem[];
}

/** A table rebuilt from a page's rules. */
export interface PageTable {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** The x of its column boundaries, left to right. */
  readonly columns: readonly number[];
  /** The y of its row boundaries, top to bottom: row band i runs from rows[i] to rows[i + 1]. */
  readonly rows: readonly number[];
  readonly cells: readonly GridCell[];
  /** Per grid rectangle (row band × column bands + column band), the index of its cell in `cells`. */
  readonly cellAt: readonly number[];
}

/** A page's tables, and the items that are in none of them. */
export interface PageGrid {
  readonly tables: readonly PageTable[];
  readonly loose: readonly PdfItem[];
}

/** Rules whose positions differ by at most this (points) are one line: a border drawn twice, or by each cell. */
const POSITION_TOLERANCE = 2;
/** Collinear pieces of a line with a gap of at most this (points) between them are one line. */
const JOIN_GAP = 2;
/** A boundary between two grid rectangles is a rule when rules cover at least this share of it. */
const MIN_COVER = 0.5;
/** An item whose centre is in no cell goes to the cell it overlaps most, when that is at least this share of it. */
const MIN_OVERLAP = 0.25;
/**
 * Grid rectangles a table may have: a real table has a few hundred (section 三 is 28 by 10). A page drawn with a
 * mesh of rules past this is laid out as text, so that a hostile page costs no more than this per table.
 */
const MAX_GRID_RECTANGLES = 20_000;
/** Grid rectangles looked at for the cell an item overlaps most: an item over more is no cell's text. */
const MAX_OVERLAP_RECTANGLES = 64;
/**
 * Pairs of a horizontal and a vertical line looked at to find which meet, and tables a page may have: a real page
 * has a few hundred lines and a few tables. A page past either is laid out as text, so that the work per page stays
 * bounded whatever it draws (the reader lets through at most MAX_PDF_PAGE_RULES rules).
 */
const MAX_LINE_PAIRS = 1_000_000;
const MAX_PAGE_TABLES = 100;

/** A horizontal (at = y) or vertical (at = x) line, from `from` to `to` along it. */
interface Line {
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** Splits rules into horizontal and vertical lines (through the middle of their thickness). */
function linesOf(rules: readonly PdfRule[]): { horizontal: Line[]; vertical: Line[] } {
  const horizontal: Line[] = [];
  const vertical: Line[] = [];
  for (const rule of rules) {
    if (rule.width >= rule.height) horizontal.push({ at: rule.y + rule.height / 2, from: rule.x, to: rule.x + rule.width });
    else vertical.push({ at: rule.x + rule.width / 2, from: rule.y, to: rule.y + rule.height });
  }
  return { horizontal, vertical };
}

/** Groups sorted values into clusters of values within POSITION_TOLERANCE of the one before; each cluster's mean. */
function clusterPositions(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const clusters: number[][] = [];
  for (const value of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && value - last[last.length - 1] <= POSITION_TOLERANCE) last.push(value);
    else clusters.push([value]);
  }
  return clusters.map((cluster) => cluster.reduce((sum, value) => sum + value, 0) / cluster.length);
}

/** Joins lines at the same position whose pieces touch or overlap into one line each. */
function joinLines(lines: readonly Line[]): Line[] {
  const positions = clusterPositions(lines.map((line) => line.at));
  const byPosition = new Map<number, Line[]>(positions.map((position) => [position, []]));
  for (const line of lines) byPosition.get(positions[nearestIndex(positions, line.at)])!.push(line);
  const joined: Line[] = [];
  for (const [at, pieces] of byPosition) {
    pieces.sort((a, b) => a.from - b.from);
    let current: { from: number; to: number } | null = null;
    for (const piece of pieces) {
      if (current && piece.from <= current.to + JOIN_GAP) current.to = Math.max(current.to, piece.to);
      else {
        if (current) joined.push({ at, ...current });
        current = { from: piece.from, to: piece.to };
      }
    }
    if (current) joined.push({ at, ...current });
  }
  return joined;
}

/** The index of the value of a sorted list closest to `value` (binary search). */
function nearestIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low > 0 && value - sorted[low - 1] < sorted[low] - value ? low - 1 : low;
}

/** The index of the band [bounds[i], bounds[i + 1]) holding `value`, or -1 outside them all. */
function bandOf(bounds: readonly number[], value: number): number {
  if (value < bounds[0] || value > bounds[bounds.length - 1]) return -1;
  // The last bound closes the last band: a value on it is in that band.
  return Math.min(lastIndexAtOrBelow(bounds, value), bounds.length - 2);
}

/** Union-find over indices. */
class Groups {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, index) => index);
  }
  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) root = this.parent[root];
    for (let at = index; at !== root;) {
      const next = this.parent[at];
      this.parent[at] = root;
      at = next;
    }
    return root;
  }
  join(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Whether a horizontal and a vertical line meet (within the tolerance). */
function meet(horizontal: Line, vertical: Line): boolean {
  return (
    vertical.at >= horizontal.from - POSITION_TOLERANCE &&
    vertical.at <= horizontal.to + POSITION_TOLERANCE &&
    horizontal.at >= vertical.from - POSITION_TOLERANCE &&
    horizontal.at <= vertical.to + POSITION_TOLERANCE
  );
}

/** The sets of lines that meet one another: one per table drawn on the page. */
function connectedLines(horizontal: readonly Line[], vertical: readonly Line[]): Array<{ horizontal: Line[]; vertical: Line[] }> {
  const groups = new Groups(horizontal.length + vertical.length);
  horizontal.forEach((across, h) => vertical.forEach((down, v) => meet(across, down) && groups.join(h, horizontal.length + v)));
  const sets = new Map<number, { horizontal: Line[]; vertical: Line[] }>();
  const setOf = (index: number) => {
    const root = groups.find(index);
    if (!sets.has(root)) sets.set(root, { horizontal: [], vertical: [] });
    return sets.get(root)!;
  };
  horizontal.forEach((line, index) => setOf(index).horizontal.push(line));
  vertical.forEach((line, index) => setOf(horizontal.length + index).vertical.push(line));
  return [...sets.values()];
}

/** The lines at each boundary (by the boundary nearest to each line's position). */
function linesAt(lines: readonly Line[], bounds: readonly number[]): Line[][] {
  const at = bounds.map((): Line[] => []);
  for (const line of lines) {
    const index = nearestIndex(bounds, line.at);
    if (Math.abs(bounds[index] - line.at) <= POSITION_TOLERANCE) at[index].push(line);
  }
  return at;
}

/** How much of [from, to] some lines cover (lines at one position do not overlap: joinLines joined them). */
function cover(lines: readonly Line[], from: number, to: number): number {
  return lines.reduce((covered, line) => covered + Math.max(0, Math.min(to, line.to) - Math.max(from, line.from)), 0);
}

/**
 * Band boundaries from the lines across them, widened to the lines along them where those reach further: a table
 * cut by a page break has no rule along its open edge, nor one drawn without outer borders or whose border lies in
 * the page margin (a browser leaves out of its print what the margin would clip).
 */
function boundaries(across: readonly Line[], along: readonly Line[]): number[] {
  const bounds = clusterPositions(across.map((line) => line.at));
  const start = Math.min(...along.map((line) => line.from));
  const end = Math.max(...along.map((line) => line.to));
  if (start < bounds[0] - POSITION_TOLERANCE) bounds.unshift(start);
  if (end > bounds[bounds.length - 1] + POSITION_TOLERANCE) bounds.push(end);
  return bounds;
}

/**
 * The table one set of meeting lines draws, or null when it is not a grid (a lone line, a frame, rules only one
 * way) or has more than MAX_GRID_RECTANGLES rectangles. Neighbouring grid rectangles not parted by a rule over at
 * least MIN_COVER of their common side are one cell.
 */
function tableOf(lines: { horizontal: Line[]; vertical: Line[] }): PageTable | null {
  if (lines.horizontal.length < 2 || lines.vertical.length < 2) return null;
  const columns = boundaries(lines.vertical, lines.horizontal);
  const rows = boundaries(lines.horizontal, lines.vertical);
  const width = columns.length - 1;
  const height = rows.length - 1;
  if (width < 1 || height < 1 || width * height > MAX_GRID_RECTANGLES) return null;
  const verticalAt = linesAt(lines.vertical, columns);
  const horizontalAt = linesAt(lines.horizontal, rows);
  const groups = new Groups(width * height);
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const here = row * width + column;
      const tall = rows[row + 1] - rows[row];
      const wide = columns[column + 1] - columns[column];
      if (column + 1 < width && cover(verticalAt[column + 1], rows[row], rows[row + 1]) < MIN_COVER * tall) groups.join(here, here + 1);
      if (row + 1 < height && cover(horizontalAt[row + 1], columns[column], columns[column + 1]) < MIN_COVER * wide) groups.join(here, here + width);
    }
  }
  const spans = new Map<number, { top: number; bottom: number; left: number; right: number }>();
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const root = groups.find(row * width + column);
      const span = spans.get(root);
      if (!span) spans.set(root, { top: row, bottom: row, left: column, right: column });
      else {
        span.bottom = Math.max(span.bottom, row);
        span.left = Math.min(span.left, column);
        span.right = Math.max(span.right, column);
      }
    }
  }
  const ordered = [...spans.entries()].sort(([, a], [, b]) => a.top - b.top || a.left - b.left);
  const cells: GridCell[] = ordered.map(([, span]) => ({
    left: columns[span.left],
    top: rows[span.top],
    right: columns[span.right + 1],
    bottom: rows[span.bottom + 1],
    row: span.top,
    items: [],
  }));
  const indexOfRoot = new Map(ordered.map(([root], index) => [root, index]));
  const cellAt = Array.from({ length: width * height }, (_, index) => indexOfRoot.get(groups.find(index))!);
  return { left: columns[0], top: rows[0], right: columns[width], bottom: rows[height], columns, rows, cells, cellAt };
}

function overlap(item: PdfItem, cell: GridCell): number {
  const wide = Math.min(item.x + item.width, cell.right) - Math.max(item.x, cell.left);
  const tall = Math.min(item.y + item.height, cell.bottom) - Math.max(item.y, cell.top);
  return wide > 0 && tall > 0 ? wide * tall : 0;
}

/** The band range [first, last] that [from, to] reaches into, clipped to the bands. */
function bandRange(bounds: readonly number[], from: number, to: number): readonly [number, number] {
  const first = from < bounds[0] ? 0 : bandOf(bounds, from);
  const last = to > bounds[bounds.length - 1] ? bounds.length - 2 : bandOf(bounds, to);
  return first < 0 || last < 0 ? [0, -1] : [first, last];
}

/** Whether an item's box reaches into a table's. */
function overTable(table: PageTable, item: PdfItem): boolean {
  return item.x <= table.right && item.x + item.width >= table.left && item.y <= table.bottom && item.y + item.height >= table.top;
}

/**
 * The cell of a table an item belongs to: the one holding its centre; else, for text over a cell's edge or cut at
 * the page margin, the one it overlaps most if that is at least MIN_OVERLAP of it (looked for among the few grid
 * rectangles it reaches, at most MAX_OVERLAP_RECTANGLES); else none.
 */
function cellFor(table: PageTable, item: PdfItem): GridCell | null {
  const width = table.columns.length - 1;
  const row = bandOf(table.rows, item.y + item.height / 2);
  const column = bandOf(table.columns, item.x + item.width / 2);
  if (row >= 0 && column >= 0) return table.cells[table.cellAt[row * width + column]];
  const [top, bottom] = bandRange(table.rows, item.y, item.y + item.height);
  const [left, right] = bandRange(table.columns, item.x, item.x + item.width);
  if ((bottom - top + 1) * (right - left + 1) > MAX_OVERLAP_RECTANGLES) return null;
  let best: GridCell | null = null;
  let most = MIN_OVERLAP * item.width * item.height;
  for (let band = top; band <= bottom; band += 1) {
    for (let at = left; at <= right; at += 1) {
      const cell = table.cells[table.cellAt[band * width + at]];
      const shared = overlap(item, cell);
      if (shared > 0 && shared >= most) [best, most] = [cell, shared];
    }
  }
  return best;
}

/** A page's tables rebuilt from its rules, with each of its items in a cell or left loose. */
export function pageGrid(rules: readonly PdfRule[], items: readonly PdfItem[]): PageGrid {
  const lines = linesOf(rules);
  const horizontal = joinLines(lines.horizontal);
  const vertical = joinLines(lines.vertical);
  if (horizontal.length * vertical.length > MAX_LINE_PAIRS) return { tables: [], loose: items };
  const tables = connectedLines(horizontal, vertical)
    .map(tableOf)
    .filter((table): table is PageTable => table !== null)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  if (tables.length === 0 || tables.length > MAX_PAGE_TABLES) return { tables: [], loose: items };
  const loose: PdfItem[] = [];
  for (const item of items) {
    const cell = tables.reduce<GridCell | null>((found, table) => found ?? (overTable(table, item) ? cellFor(table, item) : null), null);
    if (cell) cell.items.push(item);
    else loose.push(item);
  }
  return { tables, loose };
}

/**
 * Whether `next` may continue `table` on the next page: the same left and right edges, and the column boundaries of
 * one all among those of the other (within the tolerance). Not the same columns: each part of a table draws only the
 * boundaries of its own rows, and a row whose label spans two label columns (四、结转下年度继续办理 beside the two of
 * 三、本年度办理结果 | （一）予以公开) draws none between them, so one page's part may have fewer than the other's.
 * Tables each of which has a boundary the other lacks are different tables.
 */
export function columnsContinue(table: PageTable, next: PageTable): boolean {
  if (Math.abs(table.left - next.left) > POSITION_TOLERANCE || Math.abs(table.right - next.right) > POSITION_TOLERANCE) return false;
  const has = (columns: readonly number[], x: number) => Math.abs(columns[nearestIndex(columns, x)] - x) <= POSITION_TOLERANCE;
  return next.columns.every((x) => has(table.columns, x)) || table.columns.every((x) => has(next.columns, x));
}
