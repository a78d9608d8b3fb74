import type { ApolloServerPlugin } from "@apollo/server";
import { getNamedType, isLeafType, Kind, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { ClientError } from "./errors";

/**
 * Query cost limits, checked after validation and before execution. Cost counts objects, not scalars: an object
 * field costs 1 plus its children, a connection `first` times its children, a list field the size declared with
 * `listCost` times its children. A query over MAX_COST or deeper than MAX_DEPTH is refused with QUERY_TOO_COMPLEX;
 * an accepted query's cost is returned in `extensions.cost`.
 */
export const MAX_COST = 50_000;
export const MAX_DEPTH = 12;

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

function selectionDepth(selectionSet: SelectionSetNode | undefined, fragments: Map<string, SelectionSetNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      deepest = Math.max(deepest, selection.selectionSet ? 1 + selectionDepth(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      deepest = Math.max(deepest, selectionDepth(fragments.get(selection.name.value), fragments, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

/** How deeply the chosen operation nests its fields (fragments expanded; introspection fields not counted). */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  return operation && operation.kind === Kind.OPERATION_DEFINITION ? selectionDepth(operation.selectionSet, fragments, new Set()) : 0;
}

/** The cost of an operation. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): number {
  return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [fieldExtensionsEstimator(), objectEstimator] });
}

/** The Apollo plugin that enforces the limits and reports the cost. */
export function queryCostPlugin(schema: GraphQLSchema, maxCost = MAX_COST, maxDepth = MAX_DEPTH): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ request, document, operationName }) {
          const depth = operationDepth(document, operationName);
          if (depth > maxDepth) {
            throw new ClientError("QUERY_TOO_COMPLEX", `the query nests ${depth} levels deep; the limit is ${maxDepth}`, { depth, maximumDepth: maxDepth });
          }
          cost = operationCost(schema, document, request.variables, operationName);
          if (cost > maxCost) {
            throw new ClientError("QUERY_TOO_COMPLEX", `the query costs ${cost}; the limit is ${maxCost} (ask for fewer items per page or fewer nested lists)`, { cost, maximumCost: maxCost });
          }
        },
        async willSendResponse({ response }) {
          if (cost !== null && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: { requested: cost, maximum: maxCost } };
          }
        },
      };
    },
  };
}
