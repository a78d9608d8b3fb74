// Extracts the positioned text of a PDF with pdfjs-dist, and the rules (table borders) drawn on each page, as JSON
// on stdout: { pages: [{ page, width, height, items: [{ str, x, y, width, height }], rules: [{ x, y, width, height }] }] },
// with y measured from the top of the page; { error } for a PDF pdfjs cannot read; { limit: { code, … } } for one past
// a limit of documents/limits.ts, which the parent passes as JSON in argv[2] and words the message for. Run as its own
// Node process (pdfjs-dist is an ES module; the project is CommonJS; and a hostile PDF can then take only this process
// down): node pdf-items.mjs LIMITS < file.pdf
import { createRequire } from "node:module";
import path from "node:path";
import { constants, inflateSync } from "node:zlib";

const require = createRequire(import.meta.url);
const pdfjsFolder = path.dirname(require.resolve("pdfjs-dist/package.json"));
const limits = JSON.parse(process.argv[2] ?? "{}");

/**
 * Whether two bytes open a zlib stream as pdfjs's FlateStream accepts it (deflate, a valid check, no preset
 * dictionary): anything else pdfjs refuses without inflating, so it need not be measured.
 */
function zlibHeader(data, at) {
  const cmf = data[at];
  const flg = data[at + 1];
  return (cmf & 0x0f) === 0x08 && ((cmf << 8) + flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** How many bytes a stream inflates to, or Infinity past `most`; null when it is not a zlib stream. */
function inflatedSize(data, most) {
  if (data.length < 2 || !zlibHeader(data, 0)) return null;
  try {
    // Z_SYNC_FLUSH reads a truncated stream as far as it goes, as pdfjs does.
    return inflateSync(data, { maxOutputLength: Math.max(most, 1), finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch (error) {
    return error && error.code === "ERR_BUFFER_TOO_LARGE" ? Infinity : null;
  }
}

// One pass over the file: an object header starts a dictionary, whose filter, subtype and direct length are noted
// until its "stream" keyword; the stream's bytes are then skipped. Linear in the file, whatever it holds.
const TOKENS = /(?<!\d)(\d+)\s+\d+\s+obj\b|\/(FlateDecode|Fl)\b|\/Subtype\s*\/(Image)\b|\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R\b)|(?<!end)stream(?:\r\n|\n|\r)/g;

const noDictionary = () => ({ object: "?", flate: false, image: false, length: null });

/** Where the bytes of a stream end: at its direct /Length when that fits the file, else at "endstream". */
function streamEnd(text, start, length) {
  if (length !== null && start + length <= text.length) return start + length;
  const keyword = text.indexOf("endstream", start);
  return keyword >= 0 ? keyword : text.length;
}

/**
 * Measures every Flate stream of the file but images (text extraction never decodes those) with node:zlib, which
 * stops at the limit, before pdfjs gets the file: pdfjs would inflate a zlib bomb into memory. Returns the limit
 * passed ({ code, object }) or null. A stream this does not recognise (a filter chain, an encrypted file) is left
 * to the parent's memory watch.
 */
function checkStreams(data) {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  let dictionary = noDictionary();
  let streams = 0;
  let total = 0;
  TOKENS.lastIndex = 0;
  for (let match = TOKENS.exec(text); match; match = TOKENS.exec(text)) {
    if (match[1] !== undefined) dictionary = { ...noDictionary(), object: match[1] };
    else if (match[2] !== undefined) dictionary.flate = true;
    else if (match[3] !== undefined) dictionary.image = true;
    else if (match[4] !== undefined) dictionary.length = Number(match[4]);
    else {
      const start = match.index + match[0].length;
      const end = streamEnd(text, start, dictionary.length);
      TOKENS.lastIndex = end;
      const { flate, image, object } = dictionary;
      dictionary = noDictionary();
      if (!flate || image) continue;
      streams += 1;
      if (streams > limits.maxStreams) return { code: "PDF_TOO_MANY_STREAMS", object };
      const room = Math.min(limits.maxStreamBytes, limits.maxInflatedBytes - total);
      const size = inflatedSize(data.subarray(start, end), room);
      if (size === Infinity) return { code: room < limits.maxStreamBytes ? "PDF_INFLATES_TOO_MUCH" : "PDF_STREAM_TOO_LARGE", object };
      total += size ?? 0;
    }
  }
  return null;
}

/** Path data codes of pdfjs 5's constructPath operator (its DrawOPS, which the package does not export). */
const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUADRATIC = 3;
const DRAW_CLOSE = 4;
/** How many numbers follow each path data code. */
const DRAW_ARGUMENTS = { [DRAW_MOVE]: 2, [DRAW_LINE]: 2, [DRAW_CURVE]: 6, [DRAW_QUADRATIC]: 4, [DRAW_CLOSE]: 0 };

/** A rule is at most this thick (in points) and at least this long: thicker is a filled area, shorter a dot. */
const MAX_RULE_THICKNESS = 4;
const MIN_RULE_LENGTH = 3;
/** How far from axis-aligned (in points) a drawn line may be and still be a rule. */
const AXIS_TOLERANCE = 0.5;

/** pdfjs's Util.transform: the matrix that applies `inner`, then `outer`. */
function multiply(outer, inner) {
  return [
    outer[0] * inner[0] + outer[2] * inner[1],
    outer[1] * inner[0] + outer[3] * inner[1],
    outer[0] * inner[2] + outer[2] * inner[3],
    outer[1] * inner[2] + outer[3] * inner[3],
    outer[0] * inner[4] + outer[2] * inner[5] + outer[4],
    outer[1] * inner[4] + outer[3] * inner[5] + outer[5],
  ];
}

const apply = (m, x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The straight subpaths of a constructPath's data as lists of points (user space), each marked closed or not. */
function subpaths(data) {
  const paths = [];
  let current = null;
  for (let at = 0; at < data.length;) {
    const code = data[at];
    const count = DRAW_ARGUMENTS[code];
    if (count === undefined) break;
    if (code === DRAW_MOVE) {
      current = { points: [[data[at + 1], data[at + 2]]], closed: false };
      paths.push(current);
    } else if (code === DRAW_LINE && current) current.points.push([data[at + 1], data[at + 2]]);
    else if (code === DRAW_CLOSE && current) current.closed = true;
    else if (current) current.curved = true;
    at += count + 1;
  }
  return paths.filter((path) => !path.curved);
}

/**
 * The rule a box (top-left coordinates) stands for: thin and long enough, as { x, y, width, height }; else null.
 * A stroked line is the box its width paints; a filled thin rectangle is itself.
 */
function ruleOf(left, top, right, bottom) {
  const width = right - left;
  const height = bottom - top;
  const thickness = Math.min(width, height);
  if (thickness > MAX_RULE_THICKNESS || Math.max(width, height) < MIN_RULE_LENGTH) return null;
  const round = (value) => Math.round(value * 100) / 100;
  return { x: round(left), y: round(top), width: round(width), height: round(height) };
}

/** The rules a stroked subpath draws: its horizontal and vertical segments, as wide as the line. */
function strokedRules(points, closed, lineWidth, into) {
  const ends = closed && points.length > 2 ? [...points, points[0]] : points;
  const half = Math.max(lineWidth, 0.1) / 2;
  for (let index = 1; index < ends.length; index += 1) {
    const [x1, y1] = ends[index - 1];
    const [x2, y2] = ends[index];
    let rule = null;
    if (Math.abs(y1 - y2) <= AXIS_TOLERANCE) rule = ruleOf(Math.min(x1, x2), (y1 + y2) / 2 - half, Math.max(x1, x2), (y1 + y2) / 2 + half);
    else if (Math.abs(x1 - x2) <= AXIS_TOLERANCE) rule = ruleOf((x1 + x2) / 2 - half, Math.min(y1, y2), (x1 + x2) / 2 + half, Math.max(y1, y2));
    if (rule) into.push(rule);
  }
}

/** The rule a filled subpath is, when it is a thin axis-aligned rectangle. */
function filledRule(points, into) {
  const corners = points.length === 5 && points[0][0] === points[4][0] && points[0][1] === points[4][1] ? points.slice(0, 4) : points;
  if (corners.length !== 4) return;
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const axisAligned = corners.every(([x, y], index) => {
    const [nextX, nextY] = corners[(index + 1) % 4];
    return Math.abs(x - nextX) <= AXIS_TOLERANCE || Math.abs(y - nextY) <= AXIS_TOLERANCE;
  });
  if (!axisAligned) return;
  const rule = ruleOf(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  if (rule) into.push(rule);
}

const WHITE = "#ffffff";

/**
 * The rules drawn on a page: from its operator list, the path construction operators (pdfjs 5: constructPath with
 * the painting operator, the path data as DrawOPS codes and numbers, and the path's box), with the current
 * transformation matrix followed through save/restore/transform and form XObjects, in the page's top-left
 * coordinates as the text items are. Horizontal and vertical segments of stroked paths and thin filled rectangles
 * count; curves, diagonal lines, large filled areas, clipping paths and white paint do not. Returns null past
 * `most` rules.
 */
function pageRules(operators, OPS, pageHeight, most) {
  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const stack = [];
  let state = { ctm: [1, 0, 0, 1, 0, 0], lineWidth: 1, fill: "#000000", stroke: "#000000" };
  const rules = [];
  const { fnArray, argsArray } = operators;
  for (let index = 0; index < fnArray.length; index += 1) {
    const op = fnArray[index];
    const args = argsArray[index];
    if (op === OPS.save) stack.push(state);
    else if (op === OPS.restore || op === OPS.paintFormXObjectEnd) state = stack.pop() ?? state;
    else if (op === OPS.transform) state = { ...state, ctm: multiply(state.ctm, args) };
    else if (op === OPS.paintFormXObjectBegin) {
      stack.push(state);
      if (args[0]) state = { ...state, ctm: multiply(state.ctm, Array.from(args[0])) };
    } else if (op === OPS.setLineWidth) state = { ...state, lineWidth: args[0] };
    else if (op === OPS.setGState) {
      const width = args[0].find(([key]) => key === "LW");
      if (width) state = { ...state, lineWidth: width[1] };
    } else if (op === OPS.setFillRGBColor) state = { ...state, fill: args[0] };
    else if (op === OPS.setStrokeRGBColor) state = { ...state, stroke: args[0] };
    else if (op === OPS.constructPath && args[1]?.[0]) {
      const paint = args[0];
      const stroked = strokes.has(paint) && state.stroke !== WHITE;
      const filled = fills.has(paint) && state.fill !== WHITE;
      if (!stroked && !filled) continue;
      const { ctm } = state;
      const scale = Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]));
      for (const path of subpaths(args[1][0])) {
        const points = path.points.map(([x, y]) => {
          const [pageX, pageY] = apply(ctm, x, y);
          return [pageX, pageHeight - pageY];
        });
        if (stroked) strokedRules(points, path.closed, state.lineWidth * scale, rules);
        if (filled) filledRule(points, rules);
        if (rules.length > most) return null;
      }
    }
  }
  return rules;
}

/**
 * The positioned text and the rules of each page, or the limit passed ({ code, … }). Rules only help to lay out
 * tables, so a page that draws more than limits.maxPageRules, or more than are left of limits.maxRules for the
 * document, gets none: its text is laid out as lines, as that of a PDF without rules is. Annotations (form fields,
 * stamps) are not the page's drawing and are left out.
 */
async function readPages(document, { OPS, AnnotationMode }) {
  if (document.numPages > limits.maxPages) return { limit: { code: "PDF_TOO_MANY_PAGES", pages: document.numPages } };
  const pages = [];
  let itemCount = 0;
  let ruleCount = 0;
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      itemCount += 1;
      if (itemCount > limits.maxItems) return { limit: { code: "PDF_TOO_MUCH_TEXT", page: number } };
      const [, , , d, e, f] = item.transform;
      const height = item.height || Math.abs(d) || 10;
      items.push({ str: item.str, x: e, y: viewport.height - f - height, width: item.width, height });
    }
    const room = Math.min(limits.maxPageRules, limits.maxRules - ruleCount);
    const rules = room > 0 ? (pageRules(await page.getOperatorList({ annotationMode: AnnotationMode.DISABLE }), OPS, viewport.height, room) ?? []) : [];
    ruleCount += rules.length;
    pages.push({ page: number, width: viewport.width, height: viewport.height, items, rules });
    page.cleanup();
  }
  return { pages };
}

/**
 * Opens the PDF with pdfjs, fonts and character maps from the package, no eval, no warnings. maxImageSize 0 drops
 * every image before it is decoded: reading the rules walks the page's drawing, images included, and images are
 * neither measured by checkStreams nor needed here.
 */
function openDocument(pdfjs, bytes) {
  return pdfjs.getDocument({
    data: bytes,
    cMapUrl: `${path.join(pdfjsFolder, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsFolder, "standard_fonts")}/`,
    useSystemFonts: false,
    isEvalSupported: false,
    maxImageSize: 0,
    verbosity: 0,
  }).promise;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));

try {
  const limit = checkStreams(data);
  if (limit) process.stdout.write(JSON.stringify({ limit }));
  else {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const document = await openDocument(pdfjs, data);
    process.stdout.write(JSON.stringify(await readPages(document, pdfjs)));
  }
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
  process.exitCode = 1;
}
