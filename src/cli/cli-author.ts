import os from "node:os";
import { ACTOR_MAX_LENGTH, type Author } from "../revisions/record-revision";

/** The user the command line runs as: $GONGKAI_ACTOR, else the system user's name, else "unknown". */
function userName(): string {
  const named = process.env.GONGKAI_ACTOR?.trim();
  if (named) return named;
  try {
    return os.userInfo().username || "unknown";
  } catch {
    // No passwd entry for the uid (a container run as an arbitrary user).
    return "unknown";
  }
}

/** The author of every change the command line writes: `cli:USER`, cut to the length a revision keeps. */
export function cliAuthor(): Author {
  return { actor: `cli:${userName()}`.slice(0, ACTOR_MAX_LENGTH) };
}
