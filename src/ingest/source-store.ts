import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { SourceFormat } from "../domain/codes";
import { SourceChunk, SourceDocument } from "../entities";

/** Characters per chunk: 4 bytes each at most in utf8mb4, well under MySQL's 65,535-byte TEXT. */
export const SOURCE_CHUNK_CHARACTERS = 8000;

/** A source's bytes and how they are written. */
export interface SourceBytes {
  readonly bytes: Buffer;
  readonly format: SourceFormat;
}

/** SHA-256 of the bytes, hex: the identity of a source. */
export function hashSource(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Whether the bytes are UTF-8 text that round-trips (else they are kept as base64). */
function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

/** Stores a source once (content-addressed) and returns its hash; storing the same bytes again changes nothing. */
export async function storeSource(manager: EntityManager, source: SourceBytes): Promise<string> {
  const hash = hashSource(source.bytes);
  if (await manager.existsBy(SourceDocument, { hash })) return hash;
  const encoding = isUtf8(source.bytes) ? "utf8" : "base64";
  const content = source.bytes.toString(encoding);
  const chunks: Array<Pick<SourceChunk, "documentHash" | "seq" | "data">> = [];
  for (let start = 0, seq = 0; start < content.length || seq === 0; start += SOURCE_CHUNK_CHARACTERS, seq += 1) {
    chunks.push({ documentHash: hash, seq, data: content.slice(start, start + SOURCE_CHUNK_CHARACTERS) });
  }
  await manager.insert(SourceDocument, {
    hash,
    format: source.format,
    encoding,
    byteLength: source.bytes.length,
    chunkCount: chunks.length,
    createdAt: new Date(),
  });
  for (let start = 0; start < chunks.length; start += 50) await manager.insert(SourceChunk, chunks.slice(start, start + 50));
  return hash;
}

/** Reads a stored source back; throws when it is missing or incomplete (a programmer or data error). */
export async function loadSource(manager: EntityManager, hash: string): Promise<SourceBytes> {
  const document = await manager.findOneBy(SourceDocument, { hash });
  if (!document) throw new Error(`source ${hash} is not stored`);
  const chunks = await manager.find(SourceChunk, { where: { documentHash: hash }, order: { seq: "ASC" } });
  if (chunks.length !== document.chunkCount) throw new Error(`source ${hash} has ${chunks.length} of ${document.chunkCount} chunks`);
  const bytes = Buffer.from(chunks.map((chunk) => chunk.data).join(""), document.encoding);
  if (hashSource(bytes) !== hash) throw new Error(`source ${hash} does not match its hash`);
  return { bytes, format: document.format as SourceFormat };
}
