import fs from "node:fs";
import { describeBytes, DocumentLimitError, MAX_DOCUMENT_BYTES } from "./limits";

/** Bytes asked for at a time from a file whose size is not known (a device, a pipe). */
const CHUNK_BYTES = 1024 * 1024;

function tooLarge(what: string, size: number, limit: number): DocumentLimitError {
  return new DocumentLimitError("DOCUMENT_TOO_LARGE", `${what} has ${size} bytes, more than the ${describeBytes(limit)} a document may have`);
}

/**
 * Reads a document file of at most `limit` bytes. A regular file larger than that is refused from its size, before
 * anything is read; anything else (a device such as /dev/zero, a pipe, a file that grows) is read up to one byte
 * past the limit and refused there. Throws DocumentLimitError for a file over the limit and the file system's own
 * error (ENOENT, EACCES, EISDIR…) for one that cannot be read.
 */
export function readDocumentFile(file: string, limit: number = MAX_DOCUMENT_BYTES): Buffer {
  const descriptor = fs.openSync(file, "r");
  try {
    const stat = fs.fstatSync(descriptor);
    if (stat.isFile() && stat.size > limit) throw tooLarge("the file", stat.size, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file comes in one read of its size; one byte more tells a file that grew meanwhile.
    let want = stat.isFile() && stat.size > 0 ? stat.size + 1 : CHUNK_BYTES;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(want, limit + 1 - total));
      const read = fs.readSync(descriptor, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(buffer.subarray(0, read));
      total += read;
      if (total > limit) {
        throw new DocumentLimitError("DOCUMENT_TOO_LARGE", `the file goes on past the ${describeBytes(limit)} a document may have; reading stopped there`);
      }
      want = CHUNK_BYTES;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Throws DocumentLimitError for bytes already in memory that are over the limit (a caller that read them itself). */
export function checkDocumentSize(bytes: Buffer, limit: number = MAX_DOCUMENT_BYTES): void {
  if (bytes.length > limit) throw tooLarge("the document", bytes.length, limit);
}
