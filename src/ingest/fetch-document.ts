import { MAX_DOCUMENT_BYTES } from "../documents/limits";

/**
 * Fetches a published report over HTTP(S): a timeout for the whole transfer, a size limit checked while reading
 * (not trusted from Content-Length), and a user agent that says who is asking. The bytes come back with their
 * Content-Type; which format they are in is document-format.ts's to say.
 */
export interface FetchedDocument {
  readonly url: string;
  readonly bytes: Buffer;
  readonly contentType: string | null;
}

export interface FetchOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

export const USER_AGENT = "GongkaiBot/0.1 (annual government-information-disclosure report indexer; polite, one request at a time)";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = MAX_DOCUMENT_BYTES;

/** A fetch that failed, with the reason. */
export class FetchError extends Error {}

/** Fetches one URL; throws FetchError with the reason on any failure. */
export async function fetchDocument(url: string, options: FetchOptions = {}): Promise<FetchedDocument> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new FetchError(`only http and https URLs can be fetched, not ${parsed.protocol}`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const response = await fetch(parsed, {
      headers: { "user-agent": USER_AGENT, accept: "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5" },
      redirect: "follow",
      signal,
    });
    if (!response.ok) throw new FetchError(`the server answered ${response.status} ${response.statusText}`.trim());
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) throw new FetchError(`the document is larger than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    const bytes = Buffer.concat(chunks);
    const contentType = response.headers.get("content-type");
    return { url: response.url || url, bytes, contentType };
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if ((error as Error).name === "TimeoutError" || (error as Error).name === "AbortError")
      throw new FetchError(`no complete answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
    throw new FetchError(
      `cannot be fetched: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
    );
  }
}
