import { createHash } from "node:crypto";
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { BadUserInputError } from "./errors";
import { hasControlCharacter } from "./argument-checks";
import { quoteInput } from "../../domain/quote-input";
import { ConnectionArgs } from "./connection.input";
import { PageInfo } from "./page-info.type";

/**
 * Relay connections (https://relay.dev/graphql/connections.htm), forward only: `first` (required, 1–100) and
 * `after` (an opaque cursor, valid only for the list and order it was taken from). Pages are read by keyset — WHERE (sort, id) is after the cursor's — so a page costs the
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
  @ObjectType(`${name}Edge`, { description: `An item of a list of ${label}, with its cursor.` })
  class Edge {
    @Field({ description: "Opaque cursor of this item (游标)." })
    cursor: string;

    @Field(() => nodeType, { description: "The item (条目)." })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${label}.` })
  class ConnectionType {
    @Field(() => [Edge], { description: "The items with their cursors (带游标的条目)." })
    edges: Edge[];

    @Field(() => [nodeType], { description: "The items, without cursors (条目)." })
    nodes: T[];

    @Field(() => PageInfo, { description: "Where this page stands (分页信息)." })
    pageInfo: PageInfo;

    totalCount: () => Promise<number>;

    @Field(() => Int, { name: "totalCount", description: "How many items the whole list has, all pages (总数)." })
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
  /** The order as the schema spells it (`YEAR DESC`), for messages; the column and direction when absent. */
  readonly label?: string;
  /** Reads the sort value and the id of a row, to build its cursor. */
  readonly keyOf: (row: never) => [string | number, number | string];
}

/**
 * What a cursor belongs to: the list's order and a fingerprint of the list's query before paging (its SQL and
 * parameters, so the filter arguments and the parent object alike). A cursor read under another order or another
 * list would silently give a wrong or empty page, so it is refused instead.
 */
export interface CursorOwner {
  readonly order: string;
  readonly list: string;
}

/** A decoded cursor: its owner and the keyset position after which the next page starts. */
export interface CursorValue extends CursorOwner {
  readonly key: [string | number, number | string];
}

function orderLabel(order: KeysetOrder): string {
  return order.label ?? `${order.column} ${order.direction}`;
}

/** The owner of the pages of `query` in `order`. */
function cursorOwner(query: SelectQueryBuilder<ObjectLiteral>, order: KeysetOrder): CursorOwner {
  const [sql, parameters] = query.getQueryAndParameters();
  // From FROM on (the tables, joins and conditions; not the selected columns, which change with the entities) and
  // without identifier quotes (MySQL's backticks, SQLite's double quotes), the SQL is the same on every database, so
  // a cursor is too. The filter values are bound parameters, never part of the SQL text.
  const list = createHash("sha256")
    .update(JSON.stringify([sql.slice(sql.indexOf(" FROM ")).replace(/[`"]/g, ""), parameters]))
    .digest("base64url")
    .slice(0, 16);
  return { order: orderLabel(order), list };
}

export function encodeCursor(owner: CursorOwner, sort: string | number, id: number | string): string {
  return Buffer.from(JSON.stringify({ o: owner.order, l: owner.list, k: [sort, id] }), "utf8").toString("base64url");
}

/** A cursor part as this server writes it: a whole number it can bind exactly, or a short text. */
function isCursorPart(part: unknown): part is string | number {
  return (typeof part === "number" && Number.isSafeInteger(part)) || (typeof part === "string" && part.length <= 256 && !hasControlCharacter(part));
}

/** Reads the JSON of a cursor this server wrote, or null (a forged `1e400`, a NUL, an old-format array). */
export function parseCursor(cursor: string): CursorValue | null {
  try {
    const value = cursor.length <= 1024 ? (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown) : null;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const { o, l, k } = value as Record<string, unknown>;
    if (typeof o !== "string" || typeof l !== "string" || !Array.isArray(k) || k.length !== 2 || !k.every(isCursorPart)) return null;
    return { order: o, list: l, key: k as [string | number, number | string] };
  } catch {
    return null;
  }
}

/** Reads a cursor back and checks that it belongs to this list in this order; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, owner: CursorOwner): [string | number, number | string] {
  const value = parseCursor(cursor);
  if (!value) throw new BadUserInputError("after", `${quoteInput(cursor)} is not a cursor of this list`);
  if (value.order !== owner.order) {
    throw new BadUserInputError("after", `the cursor was taken under the order ${value.order}, not ${owner.order}: start again without \`after\``);
  }
  if (value.list !== owner.list) {
    throw new BadUserInputError("after", "the cursor was taken from another list or under other filter arguments: start again without `after`");
  }
  return value.key;
}

/**
 * Reads one page of `query` in `order` after `args.after`, and keeps the unpaged query for `totalCount`.
 * The query must not be ordered or limited yet.
 */
export async function readPage<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, order: KeysetOrder, args: ConnectionArgs): Promise<ConnectionValue<T>> {
  const size = pageSize(args);
  const counting = query.clone();
  const page = query.clone();
  const owner = cursorOwner(query, order);
  // An empty `after` is no cursor this server wrote: refused like any other, not read as "from the start".
  if (args.after !== null && args.after !== undefined) {
    const [sort, id] = decodeCursor(args.after, owner);
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
  const edges = nodes.map((node) => ({ cursor: encodeCursor(owner, ...order.keyOf(node as never)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: args.after !== null && args.after !== undefined,
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
