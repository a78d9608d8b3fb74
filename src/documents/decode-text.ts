/**
 * Bytes to text. Government sites still serve GBK/GB2312 pages, so the character set is taken, in order, from a
 * byte-order mark, the HTTP Content-Type, an HTML <meta> declaration, and otherwise from whether the bytes are valid
 * UTF-8 (GB18030, a superset of GBK and GB2312, when they are not). Node's TextDecoder does the decoding.
 */
const ALIASES: Readonly<Record<string, string>> = { gb2312: "gb18030", gbk: "gb18030", "x-gbk": "gb18030", gb18030: "gb18030", "utf-8": "utf-8", utf8: "utf-8", big5: "big5" };

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

function decodeWith(bytes: Buffer, charset: string): string | null {
  try {
    return new TextDecoder(charset, { fatal: charset === "utf-8" }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes text bytes; `contentType` is the HTTP header when the bytes came from the web. */
export function decodeText(bytes: Buffer, options: { contentType?: string | null; html?: boolean } = {}): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString("utf8"), charset: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), charset: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), charset: "utf-16be" };
  const declared = charsetOf(options.contentType) ?? (options.html ? declaredHtmlCharset(bytes) : null);
  if (declared) {
    const text = decodeWith(bytes, declared);
    if (text !== null) return { text, charset: declared };
  }
  const utf8 = decodeWith(bytes, "utf-8");
  if (utf8 !== null) return { text: utf8, charset: "utf-8" };
  return { text: new TextDecoder("gb18030").decode(bytes), charset: "gb18030" };
}
