import type { DataSource } from "typeorm";
import { DataRelease } from "../entities";
import { isRetryableConflict } from "../ingest/ingest-errors";
import { writeTransaction } from "../ingest/ingest-report";
import { lastRevisionId } from "../revisions/history";
import { ACTOR_MAX_LENGTH, type Author } from "../revisions/record-revision";
import { RevisionInputError } from "../revisions/revision-errors";

/**
 * Releases: a name for the data as it stands, so that a figure cited today can be read again, byte for byte, later.
 * A release is the last revision committed when it was made; nothing is copied (src/revisions/history.ts reads the
 * data as of it).
 */

/** What a release is made with. */
export interface ReleaseRequest {
  readonly name: string;
  readonly note?: string | null;
}

export const RELEASE_NAME_MAX = 64;
export const RELEASE_NOTE_MAX = 1024;
const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Checks a release's name and note; throws RevisionInputError naming the field. */
function checkRequest(request: ReleaseRequest): { name: string; note: string | null } {
  const { name } = request;
  if (typeof name !== "string" || name.length === 0) throw new RevisionInputError("name", "is required");
  if (name.length > RELEASE_NAME_MAX) throw new RevisionInputError("name", `is ${name.length} characters long, over the ${RELEASE_NAME_MAX} allowed`);
  if (!NAME_PATTERN.test(name)) throw new RevisionInputError("name", `${JSON.stringify(name)} may hold only letters A–Z and a–z, digits, ".", "_" and "-"`);
  const note = typeof request.note === "string" && request.note.trim() !== "" ? request.note.trim() : null;
  if (request.note !== undefined && request.note !== null && typeof request.note !== "string") throw new RevisionInputError("note", "must be text");
  if (note !== null && note.length > RELEASE_NOTE_MAX)
    throw new RevisionInputError("note", `is ${note.length} characters long, over the ${RELEASE_NOTE_MAX} kept`);
  return { name, note };
}

/** Tries of a release made while another writer collides with it (the same name, a SQLite snapshot written past). */
const ATTEMPTS = 5;

const taken = (name: string) => new RevisionInputError("name", `a release named ${JSON.stringify(name)} already exists`);

/**
 * Makes a release of the data as committed now: the last revision id is read in the transaction that inserts the
 * release. Throws RevisionInputError for a bad or taken name (a concurrent maker of the same name included) or a
 * note too long; writes nothing then.
 */
export async function createRelease(dataSource: DataSource, request: ReleaseRequest, author: Author): Promise<DataRelease> {
  const { name, note } = checkRequest(request);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await writeTransaction(dataSource, async (manager) => {
        if (await manager.findOneBy(DataRelease, { name })) throw taken(name);
        const release = manager.create(DataRelease, {
          name,
          note,
          revisionId: await lastRevisionId(manager),
          createdAt: new Date(),
          createdBy: author.actor.slice(0, ACTOR_MAX_LENGTH),
        });
        await manager.insert(DataRelease, release);
        return release;
      });
    } catch (error) {
      // A concurrent maker of the same name committed first: the next try finds it taken.
      if (!isRetryableConflict(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

/** Every release, oldest first. */
export function listReleases(dataSource: DataSource): Promise<DataRelease[]> {
  return dataSource.getRepository(DataRelease).find({ order: { id: "ASC" } });
}

/** The release of that name, or null. */
export function findRelease(dataSource: DataSource, name: string): Promise<DataRelease | null> {
  return dataSource.getRepository(DataRelease).findOneBy({ name });
}
