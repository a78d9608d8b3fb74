import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { BadUserInputError } from "./errors";
import { hasControlCharacter } from "./argument-checks";
import { quoteInput } from "../../domain/quote-input";
import { ConnectionArgs } from "./connection.input";
import { PageInfo } from "./page-info.type";

/**
 * Relay connections (https://relay.dev/graphql/connections.htm), forward only: `first` (required, 1–100) and
 * `after` (an opaque cursor). Pages are read by keyset — WHERE (sort, id) is after the cursor's — so a page costs the
 * same wherever it is and stays stable while rows are added.
 */
export const MAX_PAGE_SIZE = 100;

/** What a connection resolver returns before type-graphql builds the GraphQL shape. */
export interface ConnectionValue<T> {
  readonly edges: ReadonlyArray<{ cursor: string; node: T }>;
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfo;
  /** Counts every item of the list (all pages); run only when `totalCount` is asked for. */
  readonly totalCount: () => Promise<number>;
}

/** Builds the `XConnection` and `XEdge` types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string, label: string) {
  @ObjectType(`${name}Edge`, { description: `An item of a ${name} list with its cursor.` })
  class Edge {
    @Field({ description: "Opaque cursor of this item." })
    cursor: string;

    @Field(() => nodeType, { description: "The item." })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${label}.` })
  class ConnectionType {
    @Field(() => [Edge], { description: "The items with their cursors." })
    edges: Edge[];

    @Field(() => [nodeType], { description: "The items, without cursors." })
    nodes: T[];

    @Field(() => PageInfo, { description: "Where this page stands." })
    pageInfo: PageInfo;

    totalCount: () => Promise<number>;

    @Field(() => Int, { name: "totalCount", description: "How many items the whole list has (all pages)." })
    async countAll(): Promise<number> {
      return this.totalCount();
    }
  }
  return ConnectionType;
}

/** Checks `first`. */
export function pageSize(args: ConnectionArgs): number {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError("first", `must be between 1 and ${MAX_PAGE_SIZE}, got ${args.first}`);
  }
  return args.first;
}

/** How a list is ordered: a column (sortable, not null) and a direction, with the id column as tie-breaker. */
export interface KeysetOrder {
  readonly column: string;
  readonly direction: "ASC" | "DESC";
  readonly idColumn: string;
  /** Reads the sort value and the id of a row, to build its cursor. */
  readonly keyOf: (row: never) => [string | number, number | string];
}

function encodeCursor(sort: string | number, id: number | string): string {
  return Buffer.from(JSON.stringify([sort, id]), "utf8").toString("base64url");
}

/** A cursor part as this server writes it: a whole number it can bind exactly, or a short text. */
function isCursorPart(part: unknown): part is string | number {
  return (typeof part === "number" && Number.isSafeInteger(part)) || (typeof part === "string" && part.length <= 256 && !hasControlCharacter(part));
}

/** Reads a cursor back; anything this server did not write (a forged `1e400`, a NUL) is BAD_USER_INPUT. */
function decodeCursor(cursor: string): [string | number, number | string] {
  try {
    const value = cursor.length <= 1024 ? (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown) : null;
    if (Array.isArray(value) && value.length === 2 && value.every(isCursorPart)) {
      return value as [string | number, number | string];
    }
  } catch {
    // reported below
  }
  throw new BadUserInputError("after", `${quoteInput(cursor)} is not a cursor of this list`);
}

/**
 * Reads one page of `query` in `order` after `args.after`, and keeps the unpaged query for `totalCount`.
 * The query must not be ordered or limited yet.
 */
export async function readPage<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, order: KeysetOrder, args: ConnectionArgs): Promise<ConnectionValue<T>> {
  const size = pageSize(args);
  const counting = query.clone();
  const page = query.clone();
  if (args.after) {
    const [sort, id] = decodeCursor(args.after);
    const comparison = order.direction === "ASC" ? ">" : "<";
    page.andWhere(`(${order.column} ${comparison} :cursorSort OR (${order.column} = :cursorSort AND ${order.idColumn} ${comparison} :cursorId))`, {
      cursorSort: sort,
      cursorId: id,
    });
  }
  // LIMIT, not TypeORM's take(): the lists join only many-to-one relations, so rows never repeat, and take() would
  // cost a second statement (SELECT DISTINCT ids, then the rows).
  const rows = await page
    .orderBy(order.column, order.direction)
    .addOrderBy(order.idColumn, order.direction)
    .limit(size + 1)
    .getMany();
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(...order.keyOf(node as never)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => counting.getCount(),
  };
}

/** Wraps a page in the connection class, so that `totalCount` resolves. */
export function toConnection<T extends object, C extends object>(type: new () => C, value: ConnectionValue<T>): C {
  return Object.assign(new type(), value) as C;
}
