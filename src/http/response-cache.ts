import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import { LRUCache } from "lru-cache";
import type { DataSource } from "typeorm";
import type { Context } from "../graph/core/context";
import type { CachePolicy } from "./cache-policy";

/** How much the cache may hold. */
export interface ResponseCacheBudget {
  /** Answers kept at most. */
  readonly maxEntries: number;
  /** Bytes of kept answers at most (the least recently used go first). */
  readonly maxBytes: number;
  /** An answer larger than this is served but not kept. */
  readonly maxEntryBytes: number;
}

/** The memory a kept answer takes: its JSON text, two bytes per UTF-16 unit (V8 keeps Chinese text that way). */
function sizeOf(serialised: string): number {
  return serialised.length * 2;
}

/**
 * A response cache for anonymous reads. A query's answer is kept for the max-age its types allow (cache-policy.ts:
 * catalog types a day, data a minute) and is served without touching the database. Answers are kept as JSON text,
 * so that what the cache holds is measured, not guessed: the cache never holds more than its byte budget, an answer
 * above the entry limit is not kept at all, and expired answers are dropped at every poll. Writes through the API
 * invalidate it at once; writes by other processes (a CLI ingest or correction, a reparse, another server) are noticed
 * by polling the revision clock (every change to a report is a revision: src/revisions/revision-clock.ts), one row
 * read by its key, so a stale answer lives at most one poll interval.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, string>;
  private generation = 0;
  private fingerprint: string | null = null;
  private hits = 0;
  private misses = 0;

  constructor(private readonly budget: ResponseCacheBudget) {
    this.entries = new LRUCache({
      max: Math.max(budget.maxEntries, 1),
      maxSize: Math.max(budget.maxBytes, 1),
      maxEntrySize: Math.max(Math.min(budget.maxEntryBytes, budget.maxBytes), 1),
      sizeCalculation: sizeOf,
      ttlAutopurge: false,
    });
  }

  /** Forgets every cached answer. */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Hit and miss counts since start, and what the cache holds now. */
  stats(): { hits: number; misses: number; size: number; bytes: number } {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, bytes: this.entries.calculatedSize };
  }

  /** Polls the last revision committed and invalidates when another process wrote one. Returns a stop function. */
  watch(dataSource: DataSource, intervalMs: number, onError: (error: unknown) => void = () => {}): () => void {
    const check = async () => {
      this.entries.purgeStale();
      try {
        // Releases are made without a revision: their count is part of what is watched.
        const [row] = (await dataSource.query(
          "SELECT last_revision, (SELECT COUNT(*) FROM data_release) AS releases FROM revision_clock WHERE id = 1",
        )) as Array<Record<string, unknown>>;
        const fingerprint = `${String(row?.last_revision ?? 0)}|${String(row?.releases ?? 0)}`;
        if (this.fingerprint !== null && fingerprint !== this.fingerprint) this.invalidate();
        this.fingerprint = fingerprint;
      } catch (error) {
        onError(error);
      }
    };
    void check();
    const timer = setInterval(() => void check(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * The key is taken when a request starts and includes the generation, so an answer computed before an invalidation
   * and stored after it lands under a key no later request asks for.
   */
  private keyOf(query: string, variables: unknown, operationName: string | null | undefined): string {
    return createHash("sha256")
      .update(JSON.stringify([this.generation, operationName ?? null, query, variables ?? null]))
      .digest("hex");
  }

  /**
   * The Apollo plugin: sets Cache-Control from the query's types (public for anonymous reads, no-store otherwise)
   * and serves and stores anonymous answers (a request with a wrong token is anonymous). Requests with the valid
   * token, mutations and answers with errors are never cached.
   */
  plugin(policy: CachePolicy): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async ({ request, contextValue }) => {
        if (contextValue.caller.authenticated || !request.query) {
          return {
            willSendResponse: async ({ response }) => {
              response.http.headers.set("cache-control", "no-store");
            },
          };
        }
        const key = this.keyOf(request.query, request.variables, request.operationName);
        let served = false;
        let maxAge = 0;
        return {
          didResolveOperation: async ({ document }) => {
            maxAge = policy.maxAge(document);
          },
          responseForOperation: async ({ operation }) => {
            if (operation?.operation !== "query") return null;
            const kept = this.entries.get(key);
            if (kept === undefined) {
              this.misses += 1;
              return null;
            }
            this.hits += 1;
            served = true;
            const headers = new HeaderMap([
              ["x-cache", "hit"],
              ["cache-control", `max-age=${maxAge}, public`],
            ]);
            const singleResult = JSON.parse(kept) as FormattedExecutionResult;
            const response: GraphQLResponse = { http: { status: undefined, headers }, body: { kind: "single", singleResult } };
            return response;
          },
          willSendResponse: async ({ response, operation }) => {
            if (served || response.body.kind !== "single") return;
            const result = response.body.singleResult;
            if (operation?.operation !== "query" || result.errors?.length || maxAge <= 0) {
              response.http.headers.set("cache-control", "no-store");
              return;
            }
            response.http.headers.set("cache-control", `max-age=${maxAge}, public`);
            const serialised = JSON.stringify(result);
            if (sizeOf(serialised) <= this.budget.maxEntryBytes) this.entries.set(key, serialised, { ttl: maxAge * 1000 });
            response.http.headers.set("x-cache", "miss");
          },
        };
      },
    };
  }
}
