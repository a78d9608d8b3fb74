import type { DataSource } from "typeorm";
import { DocumentLimitError } from "../documents/limits";
import { readDocumentFile } from "../documents/read-document-file";
import { errorMessage, IngestError } from "./ingest-errors";
import { MetadataError, readSidecar, type IngestMetadata } from "./ingest-metadata";
import { fetchDocument, FetchError, type FetchOptions } from "./fetch-document";
import type { Author } from "../revisions/record-revision";
import { ingestSource, type IngestOutcome } from "./ingest-report";

/** The result of one file: what was stored, or why not. */
export type FileOutcome =
  { readonly file: string; readonly ok: true; readonly outcome: IngestOutcome } | { readonly file: string; readonly ok: false; readonly reason: string };

/** Totals of a bulk load. */
export interface IngestSummary {
  readonly ingested: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Copies from a second source kept beside a served report: disagreeing, agreeing; present only when not 0. */
  readonly divergent?: number;
  readonly confirmed?: number;
  readonly failed: number;
  readonly failures: ReadonlyArray<{ file: string; reason: string }>;
}

/**
 * A batch stopped because the database failed (it went away, refused writes, filled up): going on would only
 * mark every later file failed. `summary` holds what was done before; `file` is where it stopped.
 */
export class IngestBatchStopped extends Error {
  readonly code = "INGEST_BATCH_STOPPED";

  constructor(
    readonly file: string,
    readonly summary: IngestSummary,
    readonly notTried: number,
    cause: unknown,
  ) {
    super(`stopped at ${file}: the database failed (${errorMessage(cause)}); ${notTried} more file(s) not tried`, { cause });
    this.name = "IngestBatchStopped";
  }
}

/** Why a file or its sidecar could not be read, or the error again when it is not about reading. */
function readFailure(error: unknown): string {
  if (error instanceof IngestError || error instanceof MetadataError || error instanceof DocumentLimitError) return error.message;
  const code = (error as NodeJS.ErrnoException)?.code;
  // ENOENT, EACCES, EISDIR, EIO…, and Node's own refusal of a file over 2 GiB.
  if (typeof code === "string" && (/^E[A-Z]+$/.test(code) || code === "ERR_FS_FILE_TOO_LARGE")) return `cannot be read: ${code}`;
  throw error;
}

/** Stores a read source; the source's own failures (IngestError, MetadataError, FetchError) are its outcome. */
async function storeOutcome(file: string, store: () => Promise<IngestOutcome>): Promise<FileOutcome> {
  try {
    return { file, ok: true, outcome: await store() };
  } catch (error) {
    if (error instanceof IngestError || error instanceof MetadataError || error instanceof FetchError) return { file, ok: false, reason: error.message };
    throw error;
  }
}

/**
 * Ingests one file: its sidecar metadata under the caller's options (options win), then one transaction. A file
 * that cannot be read (missing, a directory, over the document size limit), parsed (not a report, over a document
 * limit, the parser failing on it) or stored (unresolved identity, a value the database refuses) is a failure with
 * its reason; an error of the database itself is thrown.
 */
export async function ingestFile(dataSource: DataSource, file: string, options: IngestMetadata, author?: Author): Promise<FileOutcome> {
  let metadata: IngestMetadata;
  let bytes: Buffer;
  try {
    metadata = { ...readSidecar(file), ...options };
    // Over MAX_DOCUMENT_BYTES is refused from the file's size, before anything is read.
    bytes = readDocumentFile(file);
  } catch (error) {
    return { file, ok: false, reason: readFailure(error) };
  }
  return storeOutcome(file, () => ingestSource(dataSource, { bytes, fileName: file }, metadata, author));
}

/** Fetches a published report and ingests it, with the URL as its source; a fetch failure is this URL's failure. */
export async function ingestUrl(
  dataSource: DataSource,
  url: string,
  options: IngestMetadata,
  fetchOptions: FetchOptions = {},
  author?: Author,
): Promise<FileOutcome> {
  return storeOutcome(url, async () => {
    const fetched = await fetchDocument(url, fetchOptions);
    const metadata = { sourceUrl: fetched.url.length <= 2048 ? fetched.url : undefined, ...options };
    // The format is the Content-Type's, else the URL path's ending's, else the bytes' (document-format.ts).
    return ingestSource(dataSource, { bytes: fetched.bytes, contentType: fetched.contentType, fileName: new URL(url).pathname }, metadata, author);
  });
}

/**
 * Ingests files (then URLs) one after another and sums up; `onFile` sees each outcome as it happens. A bad file is
 * counted and the batch goes on; when the database fails the batch stops with IngestBatchStopped, which carries
 * the summary so far. `author` is who the revisions name (the service itself when not given).
 */
export async function ingestFiles(
  dataSource: DataSource,
  files: readonly string[],
  options: IngestMetadata,
  onFile: (outcome: FileOutcome, index: number) => void = () => {},
  urls: readonly string[] = [],
  author?: Author,
): Promise<IngestSummary> {
  const counts: Record<"ingested" | "updated" | "unchanged" | "failed", number> & { divergent?: number; confirmed?: number } = {
    ingested: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
  };
  const failures: Array<{ file: string; reason: string }> = [];
  const work = [
    ...files.map((file) => [file, () => ingestFile(dataSource, file, options, author)] as const),
    ...urls.map((url) => [url, () => ingestUrl(dataSource, url, options, {}, author)] as const),
  ];
  for (const [index, [name, next]] of work.entries()) {
    let result: FileOutcome;
    try {
      result = await next();
    } catch (error) {
      throw new IngestBatchStopped(name, { ...counts, failures: [...failures] }, work.length - index - 1, error);
    }
    if (result.ok) counts[result.outcome.status] = (counts[result.outcome.status] ?? 0) + 1;
    else {
      counts.failed += 1;
      failures.push({ file: result.file, reason: result.reason });
    }
    onFile(result, index);
  }
  return { ...counts, failures };
}
