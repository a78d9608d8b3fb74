/**
 * Bytes to text. Government sites still serve GBK/GB2312 pages, so the character set is taken, in order, from a
 * byte-order mark, the HTTP Content-Type, an HTML <meta> declaration, and otherwise from whether the bytes are
 * UTF-8. A few invalid sequences in otherwise valid UTF-8 (a damaged download, one bad byte in a report) do not make
 * a document GBK: it is decoded as UTF-8 with each invalid sequence as U+FFFD, which the parser then reads as an
 * illegible cell rather than a number. Only bytes that are mostly not UTF-8 fall back to GB18030 (a superset of
 * GBK and GB2312). Node's TextDecoder does the decoding.
 */
const ALIASES: Readonly<Record<string, string>> = {
  gb2312: "gb18030",
  gbk: "gb18030",
  "x-gbk": "gb18030",
  gb18030: "gb18030",
  "utf-8": "utf-8",
  utf8: "utf-8",
  big5: "big5",
};

/**
 * The largest share of invalid sequences among the non-ASCII characters of a UTF-8 decoding for the bytes still to
 * count as UTF-8. GBK text read as UTF-8 is nearly all invalid sequences; a UTF-8 report with a damaged byte here
 * and there has a few in thousands.
 */
export const MAX_INVALID_UTF8_SHARE = 0.01;

/** A decoded text: its character set and how many byte sequences were not valid in it (each now U+FFFD). */
export interface DecodedText {
  readonly text: string;
  readonly charset: string;
  readonly invalidSequences: number;
}

function charsetOf(declaration: string | undefined | null): string | null {
  const match = /charset\s*=\s*["']?([\w-]+)/i.exec(declaration ?? "");
  return match ? (ALIASES[match[1].toLowerCase()] ?? match[1].toLowerCase()) : null;
}

/** The charset an HTML document declares in its first 4 KB, if any. */
export function declaredHtmlCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString("latin1");
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return meta ? (ALIASES[meta[1].toLowerCase()] ?? meta[1].toLowerCase()) : null;
}

/** How many U+FFFD a decoding holds, and how many characters outside ASCII. */
function countReplaced(text: string): { replaced: number; nonAscii: number } {
  let replaced = 0;
  let nonAscii = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) nonAscii += 1;
    if (code === 0xfffd) replaced += 1;
  }
  return { replaced, nonAscii };
}

/** The bytes as UTF-8 when they are UTF-8 but for a small share of invalid sequences; null otherwise. */
function decodeUtf8(bytes: Buffer): DecodedText | null {
  const text = new TextDecoder("utf-8").decode(bytes);
  const { replaced, nonAscii } = countReplaced(text);
  if (replaced > 0 && replaced > nonAscii * MAX_INVALID_UTF8_SHARE) return null;
  return { text, charset: "utf-8", invalidSequences: replaced };
}

/** The bytes in a named character set; null for a name TextDecoder does not know. */
function decodeWith(bytes: Buffer, charset: string): DecodedText | null {
  if (charset === "utf-8") return decodeUtf8(bytes);
  let text: string;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    return null;
  }
  return { text, charset, invalidSequences: countReplaced(text).replaced };
}

/**
 * Decodes text bytes; `contentType` is the HTTP header when the bytes came from the web. Never throws: any bytes
 * decode to some text, with each sequence invalid in the chosen character set as U+FFFD (counted).
 */
export function decodeText(bytes: Buffer, options: { contentType?: string | null; html?: boolean } = {}): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = bytes.subarray(3).toString("utf8");
    return { text, charset: "utf-8", invalidSequences: countReplaced(text).replaced };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith(bytes.subarray(2), "utf-16le")!;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith(bytes.subarray(2), "utf-16be")!;
  const declared = charsetOf(options.contentType) ?? (options.html ? declaredHtmlCharset(bytes) : null);
  const fromDeclaration = declared ? decodeWith(bytes, declared) : null;
  // A page declared UTF-8 whose bytes are mostly not is mislabelled (a GBK page on a UTF-8 site): read as GB18030.
  return fromDeclaration ?? (declared === "utf-8" ? null : decodeUtf8(bytes)) ?? decodeWith(bytes, "gb18030")!;
}
