// Extracts the positioned text of a PDF with pdfjs-dist, as JSON on stdout: { pages: [{ page, width, height,
// items: [{ str, x, y, width, height }] }] }, with y measured from the top of the page; { error } for a PDF pdfjs
// cannot read; { limit: { code, … } } for one past a limit of documents/limits.ts, which the parent passes as JSON
// in argv[2] and words the message for. Run as its own Node process (pdfjs-dist is an ES module; the project is
// CommonJS; and a hostile PDF can then take only this process down): node pdf-items.mjs LIMITS < file.pdf
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

/** The positioned text of each page, or the limit passed ({ code, … }). */
async function readPages(document) {
  if (document.numPages > limits.maxPages) return { limit: { code: "PDF_TOO_MANY_PAGES", pages: document.numPages } };
  const pages = [];
  let itemCount = 0;
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
    pages.push({ page: number, width: viewport.width, height: viewport.height, items });
  }
  return { pages };
}

/** Opens the PDF with pdfjs, fonts and character maps from the package, no eval, no warnings. */
async function getDocument(bytes) {
  const { getDocument: open } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  return open({
    data: bytes,
    cMapUrl: `${path.join(pdfjsFolder, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsFolder, "standard_fonts")}/`,
    useSystemFonts: false,
    isEvalSupported: false,
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
    const document = await getDocument(data);
    process.stdout.write(JSON.stringify(await readPages(document)));
  }
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
  process.exitCode = 1;
}
