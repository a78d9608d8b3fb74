import fs from "node:fs";
import type { DataSource } from "typeorm";
import { IngestError } from "./ingest-errors";
import { MetadataError, readSidecar, type IngestMetadata } from "./ingest-metadata";
import { fetchDocument, FetchError, type FetchOptions } from "./fetch-document";
import { ingestSource, type IngestOutcome } from "./ingest-report";
import { formatOfFile } from "./source-files";

/** The result of one file: what was stored, or why not. */
export type FileOutcome =
  | { readonly file: string; readonly ok: true; readonly outcome: IngestOutcome }
  | { readonly file: string; readonly ok: false; readonly reason: string };

/** Totals of a bulk load. */
export interface IngestSummary {
  readonly ingested: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly failures: ReadonlyArray<{ file: string; reason: string }>;
}

/**
 * Ingests one file: its sidecar metadata under the caller's options (options win), then one transaction. A file
 * that cannot be read, parsed or resolved is a failure with its reason; an unexpected error is rethrown.
 */
export async function ingestFile(dataSource: DataSource, file: string, options: IngestMetadata): Promise<FileOutcome> {
  try {
    const metadata = { ...readSidecar(file), ...options };
    const bytes = fs.readFileSync(file);
    return { file, ok: true, outcome: await ingestSource(dataSource, { bytes, format: formatOfFile(file) }, metadata) };
  } catch (error) {
    if (error instanceof IngestError || error instanceof MetadataError) return { file, ok: false, reason: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") return { file, ok: false, reason: `cannot be read: ${code}` };
    throw error;
  }
}

/** Fetches a published report and ingests it, with the URL as its source; a fetch failure is this URL's failure. */
export async function ingestUrl(dataSource: DataSource, url: string, options: IngestMetadata, fetchOptions: FetchOptions = {}): Promise<FileOutcome> {
  try {
    const fetched = await fetchDocument(url, fetchOptions);
    const metadata = { sourceUrl: fetched.url.length <= 2048 ? fetched.url : undefined, ...options };
    return { file: url, ok: true, outcome: await ingestSource(dataSource, { bytes: fetched.bytes, format: fetched.format }, metadata, fetched.contentType) };
  } catch (error) {
    if (error instanceof FetchError || error instanceof IngestError || error instanceof MetadataError) return { file: url, ok: false, reason: error.message };
    throw error;
  }
}

/** Ingests files one after another and sums up; `onFile` sees each outcome as it happens. */
export async function ingestFiles(
  dataSource: DataSource,
  files: readonly string[],
  options: IngestMetadata,
  onFile: (outcome: FileOutcome, index: number) => void = () => {},
  urls: readonly string[] = [],
): Promise<IngestSummary> {
  const counts = { ingested: 0, updated: 0, unchanged: 0, failed: 0 };
  const failures: Array<{ file: string; reason: string }> = [];
  const work = [...files.map((file) => () => ingestFile(dataSource, file, options)), ...urls.map((url) => () => ingestUrl(dataSource, url, options))];
  for (const [index, next] of work.entries()) {
    const result = await next();
    const file = result.file;
    if (result.ok) counts[result.outcome.status] += 1;
    else {
      counts.failed += 1;
      failures.push({ file, reason: result.reason });
    }
    onFile(result, index);
  }
  return { ...counts, failures };
}
