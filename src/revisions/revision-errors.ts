/**
 * What a maintainer's change can be refused for, before anything is written: a field of the request (named by its
 * path, `corrections[1].value`), a revision that is no longer the report's latest (optimistic concurrency), or
 * something named that does not exist. Each front end words them in its own terms (the graph as BAD_USER_INPUT,
 * CONFLICT, NOT_FOUND; the CLI by the file's line).
 */

/** A field of the request is missing or malformed. */
export class RevisionInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = "RevisionInputError";
  }
}

/** The change names a revision of the report that is no longer its latest: someone changed it first. */
export class RevisionConflictError extends Error {
  constructor(
    readonly reportId: number,
    readonly given: number,
    readonly current: number,
  ) {
    super(`report ${reportId} is at revision ${current}, not ${given}: it changed since it was read; read it again and re-apply the change`);
    this.name = "RevisionConflictError";
  }
}

/** A report, correction or release named by the request does not exist (or no longer does). */
export class RevisionNotFoundError extends Error {
  constructor(
    readonly type: string,
    readonly key: string | number,
  ) {
    super(`${type} ${JSON.stringify(key)} does not exist`);
    this.name = "RevisionNotFoundError";
  }
}
