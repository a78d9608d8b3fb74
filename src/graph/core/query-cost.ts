import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNamedType,
  getVariableValues,
  GraphQLError,
  isLeafType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { ClientError } from "./errors";

/**
 * Query limits, checked after validation and before execution, cheapest first:
 * 1. the size of the document: aliases, field selections as written, and field selections once every fragment
 *    spread is expanded (computed with one measurement per fragment, so a 1 KB document of fragments that each
 *    spread the one before twice is measured in microseconds and refused, not expanded);
 * 2. depth (introspection fields not counted);
 * 3. cost, which counts objects, not scalars: an object field costs 1 plus its children, a connection `first`
 *    times its children, a list field the size declared with `listCost` times its children, an analytics field the
 *    work it asks for. Only documents that passed 1 reach the cost estimator, whose walk expands fragments.
 * A query over a limit is refused with HTTP 400 and QUERY_TOO_COMPLEX; an accepted query's cost is returned in
 * `extensions.cost`. Tokens are bounded earlier, by the parser (`MAX_TOKENS`).
 */
export const QUERY_LIMITS = Object.freeze({
  /** Lexical tokens in a document (the parser stops reading past it). */
  maxTokens: 5_000,
  /** Aliased fields in a document. */
  maxAliases: 100,
  /** Field selections as written. */
  maxFields: 1_000,
  /** Field selections with every fragment spread expanded. */
  maxExpandedFields: 5_000,
  maxDepth: 12,
  maxCost: 50_000,
});

/** The size of one operation of a document. */
export interface OperationSize {
  /** Aliased fields anywhere in the document. */
  readonly aliases: number;
  /** Field selections anywhere in the document, as written. */
  readonly fields: number;
  /** Field selections of the operation with its fragments expanded (saturates at Number.MAX_SAFE_INTEGER). */
  readonly expandedFields: number;
  /** How deeply the operation nests its fields, introspection fields not counted. */
  readonly depth: number;
}

interface SelectionSize {
  readonly fields: number;
  readonly depth: number;
}

const saturating = (value: number) => Math.min(value, Number.MAX_SAFE_INTEGER);

/**
 * Measures selection sets with one result per fragment: a fragment is measured the first time it is spread and
 * remembered, so the work is linear in the document however often fragments spread each other. A fragment spread
 * inside itself (a cycle, which validation refuses anyway) counts as empty.
 */
class SelectionMeasurer {
  private readonly measured = new Map<string, SelectionSize>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>) {}

  measure(selectionSet: SelectionSetNode | undefined): SelectionSize {
    if (!selectionSet) return { fields: 0, depth: 0 };
    let fields = 0;
    let depth = 0;
    for (const selection of selectionSet.selections) {
      let inner: SelectionSize;
      if (selection.kind === Kind.FIELD) {
        const children = this.measure(selection.selectionSet);
        // Introspection fields (__schema, __type, __typename) are counted in size but not in depth.
        const own = selection.name.value.startsWith("__") ? 0 : 1;
        inner = { fields: saturating(1 + children.fields), depth: own === 0 ? 0 : own + children.depth };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.measure(selection.selectionSet);
      } else {
        inner = this.fragment(selection.name.value);
      }
      fields = saturating(fields + inner.fields);
      depth = Math.max(depth, inner.depth);
    }
    return { fields, depth };
  }

  private fragment(name: string): SelectionSize {
    const known = this.measured.get(name);
    if (known) return known;
    if (this.inProgress.has(name)) return { fields: 0, depth: 0 };
    this.inProgress.add(name);
    const size = this.measure(this.fragments.get(name)?.selectionSet);
    this.inProgress.delete(name);
    this.measured.set(name, size);
    return size;
  }
}

/** The operation a request runs: the named one, or the only one. */
export function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}

/** Measures the chosen operation of a document in time linear in the document's length. */
export function measureOperation(document: DocumentNode, operationName?: string | null): OperationSize {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let aliases = 0;
  let fields = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Written fields and aliases: one iterative walk over every selection set of the document.
  const pending: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION || definition.kind === Kind.OPERATION_DEFINITION) pending.push(definition.selectionSet);
  }
  for (let selectionSet = pending.pop(); selectionSet; selectionSet = pending.pop()) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        if (selection.alias) aliases += 1;
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  const operation = selectedOperation(document, operationName);
  const expanded = new SelectionMeasurer(fragments).measure(operation?.selectionSet);
  return { aliases, fields, expandedFields: expanded.fields, depth: expanded.depth };
}

/** How deeply the chosen operation nests its fields (fragments expanded; introspection fields not counted). */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  return measureOperation(document, operationName).depth;
}

/** The complexity of a list field of about `size` items. */
export function listCost(size: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + size * Math.max(childComplexity, 1);
}

/** Scalars cost nothing, connections `first` times their children, other objects 1 plus their children. */
const objectEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (typeof args.first === "number") return 1 + Math.max(args.first, 0) * Math.max(childComplexity, 1);
  return 1 + childComplexity;
};

/** The cost of an operation; `variables` must already be coerced (see `coercedVariables`). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName: operationName ?? undefined,
    estimators: [fieldExtensionsEstimator(), objectEstimator],
  });
}

/** A refusal made before execution: HTTP 400 with a code. */
function refusal(code: "QUERY_TOO_COMPLEX" | "BAD_USER_INPUT", message: string, extensions: Record<string, unknown> = {}): ClientError {
  return new ClientError(code, message, { ...extensions, http: { status: 400 } });
}

/**
 * The request's variables coerced to the operation's declared types, as execution will see them. The cost
 * estimator reads arguments (`first`, list lengths) from them, and raw variables of the wrong type would make it
 * throw; a variable that does not fit its type is refused here as BAD_USER_INPUT.
 */
export function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {}, { maxErrors: 5 });
  if (coerced.errors) throw refusal("BAD_USER_INPUT", coerced.errors.map((error) => error.message).join("; "));
  return coerced.coerced;
}

/** Throws QUERY_TOO_COMPLEX when the operation is larger or deeper than the limits allow. */
export function checkOperationSize(size: OperationSize, limits = QUERY_LIMITS): void {
  const over = (what: string, value: number, limit: number, extension: string) =>
    refusal("QUERY_TOO_COMPLEX", `the query has ${value >= Number.MAX_SAFE_INTEGER ? "more than 2^53" : value} ${what}; the limit is ${limit}`, {
      [extension]: value,
      limit,
    });
  if (size.aliases > limits.maxAliases) throw over("aliased fields", size.aliases, limits.maxAliases, "aliases");
  if (size.fields > limits.maxFields) throw over("field selections", size.fields, limits.maxFields, "fields");
  if (size.expandedFields > limits.maxExpandedFields)
    throw over("field selections once its fragments are expanded", size.expandedFields, limits.maxExpandedFields, "expandedFields");
  if (size.depth > limits.maxDepth) {
    throw refusal("QUERY_TOO_COMPLEX", `the query nests ${size.depth} levels deep; the limit is ${limits.maxDepth}`, {
      depth: size.depth,
      maximumDepth: limits.maxDepth,
    });
  }
}

/**
 * Refuses, with HTTP 400, a request whose operation cannot run: an `operationName` the document lacks, several
 * operations and no name (OPERATION_RESOLUTION_FAILURE), or an operation type the schema has no root for, such as a
 * subscription (GRAPHQL_VALIDATION_FAILED) — graphql-js's validation lets those through to execution.
 */
export function checkOperationResolves(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined, operationName?: string | null): void {
  if (!operation) {
    const problem = operationName
      ? `the document has no operation named ${JSON.stringify(operationName)}`
      : "the document has several operations: give operationName";
    throw new GraphQLError(problem, { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } } });
  }
  if (!schema.getRootType(operation.operation)) {
    throw new GraphQLError(`this API has no ${operation.operation} operations; it answers query and mutation`, {
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
    });
  }
}

/** The Apollo plugin that enforces the limits and reports the cost. */
export function queryCostPlugin(schema: GraphQLSchema, limits = QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ request, document, operationName, operation }) {
          checkOperationResolves(schema, operation, request.operationName);
          checkOperationSize(measureOperation(document, operationName), limits);
          if (!operation) return;
          cost = operationCost(schema, document, coercedVariables(schema, operation, request.variables), operationName);
          if (cost > limits.maxCost) {
            throw refusal("QUERY_TOO_COMPLEX", `the query costs ${cost}; the limit is ${limits.maxCost} (ask for fewer items per page or fewer nested lists)`, {
              cost,
              maximumCost: limits.maxCost,
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost !== null && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: { requested: cost, maximum: limits.maxCost } };
          }
        },
      };
    },
  };
}
