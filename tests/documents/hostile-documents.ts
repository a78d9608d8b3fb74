import { createDeflate, deflateSync } from "node:zlib";

/**
 * Documents built to be hostile or broken, for the bounds tests and `npm run fuzz:parse`: PDFs written by hand (a
 * zlib bomb for a content stream, thousands of pages, cut off), deep HTML. Small to keep; the big ones are made
 * when they are needed.
 */

/** One page of a hand-written PDF: its content stream, deflated or as it is. */
export interface PdfPageSpec {
  readonly content: Buffer;
  readonly deflated?: boolean;
}

/** A content stream that prints each line in Helvetica, one under the other. */
export function textContent(lines: readonly string[]): Buffer {
  const shown = lines.map((line) => `(${line.replace(/[\\()]/g, (char) => `\\${char}`)}) Tj 0 -14 Td`).join(" ");
  return Buffer.from(`BT /F1 12 Tf 72 760 Td ${shown} ET`, "latin1");
}

/** A valid PDF of the given pages (catalog, page tree, one standard font, a correct cross-reference table). */
export function buildPdf(pages: readonly PdfPageSpec[]): Buffer {
  const pageNumbers = pages.map((_, index) => 4 + index * 2);
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from(`<< /Type /Pages /Kids [${pageNumbers.map((number) => `${number} 0 R`).join(" ")}] /Count ${pages.length} >>`),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ];
  pages.forEach((page, index) => {
    objects.push(
      Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageNumbers[index] + 1} 0 R >>`),
    );
    const filter = page.deflated ? " /Filter /FlateDecode" : "";
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${page.content.length}${filter} >>\nstream\n`), page.content, Buffer.from("\nendstream")]));
  });
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n")];
  let size = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(size);
    const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), object, Buffer.from("\nendobj\n")]);
    parts.push(part);
    size += part.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A one-page PDF of the given lines of text. */
export function textPdf(lines: readonly string[], deflated = false): Buffer {
  const content = textContent(lines);
  return buildPdf([{ content: deflated ? deflateSync(content) : content, deflated }]);
}

/**
 * A one-page PDF whose content stream is a zlib bomb: a line of text, then `inflatedBytes` of zeros (white space
 * to a PDF content stream), deflated as a stream so that gigabytes are never in memory. 2 GiB make about 2 MB.
 */
export async function zlibBombPdf(inflatedBytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const output: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => output.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  deflate.write(textContent(["Annual report"]));
  const zeros = Buffer.alloc(Math.min(16 * 1024 * 1024, inflatedBytes));
  for (let written = 0; written < inflatedBytes; written += zeros.length) {
    const piece = written + zeros.length <= inflatedBytes ? zeros : zeros.subarray(0, inflatedBytes - written);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await finished;
  return buildPdf([{ content: Buffer.concat(output), deflated: true }]);
}

/** A PDF of `count` pages with a line of text each. */
export function manyPagesPdf(count: number): Buffer {
  return buildPdf(Array.from({ length: count }, (_, index) => ({ content: textContent([`Page ${index + 1}`]) })));
}

/** An HTML page whose body nests `depth` <div> elements. */
export function deepHtml(depth: number): string {
  return `<!doctype html><html><head><title>deep</title></head><body>${"<div>".repeat(depth)}x${"</div>".repeat(depth)}</body></html>`;
}
