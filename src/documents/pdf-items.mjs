// Extracts the positioned text of a PDF with pdfjs-dist, as JSON on stdout: { pages: [{ page, width, height,
// items: [{ str, x, y, width, height }] }] }, with y measured from the top of the page. Run as its own Node
// process (pdfjs-dist is an ES module; the project is CommonJS): node pdf-items.mjs < file.pdf
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const pdfjsFolder = path.dirname(require.resolve("pdfjs-dist/package.json"));
const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));

try {
  const document = await getDocument({
    data,
    cMapUrl: `${path.join(pdfjsFolder, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsFolder, "standard_fonts")}/`,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [, , , d, e, f] = item.transform;
      const height = item.height || Math.abs(d) || 10;
      items.push({ str: item.str, x: e, y: viewport.height - f - height, width: item.width, height });
    }
    pages.push({ page: number, width: viewport.width, height: viewport.height, items });
  }
  process.stdout.write(JSON.stringify({ pages }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
  process.exitCode = 1;
}
