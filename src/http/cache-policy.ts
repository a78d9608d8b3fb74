import {
  getNamedType,
  isCompositeType,
  isLeafType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { DATA_MAX_AGE } from "../graph/core/cache-hints";

/**
 * How long an answer may be reused, from the types it reads: the smallest max-age of any object type selected, where
 * a type's max-age is its `@cacheControl(maxAge: N)` hint and otherwise DATA_MAX_AGE. Computed once per request
 * from the document (Apollo's own cache-control plugin instruments every resolved field, which costs more than the
 * field itself on large pages).
 */
export class CachePolicy {
  private readonly maxAgeByType = new Map<string, number>();

  constructor(private readonly schema: GraphQLSchema) {
    for (const type of Object.values(schema.getTypeMap())) {
      const hint = type.astNode?.directives?.find((directive) => directive.name.value === "cacheControl");
      const maxAge = hint?.arguments?.find((argument) => argument.name.value === "maxAge");
      if (maxAge?.value.kind === Kind.INT) this.maxAgeByType.set(type.name, Number(maxAge.value.value));
    }
  }

  private maxAgeOf(type: GraphQLNamedType): number {
    return this.maxAgeByType.get(type.name) ?? DATA_MAX_AGE;
  }

  /** The max-age in seconds for a query document (0 for anything but a query). */
  maxAge(document: DocumentNode): number {
    let maxAge = Number.POSITIVE_INFINITY;
    let query = true;
    const typeInfo = new TypeInfo(this.schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        OperationDefinition: (node) => {
          if (node.operation !== "query") query = false;
        },
        Field: () => {
          const type = typeInfo.getType();
          if (!type) return;
          const named = getNamedType(type);
          if (!isLeafType(named) && isCompositeType(named) && !named.name.startsWith("__")) maxAge = Math.min(maxAge, this.maxAgeOf(named));
        },
      }),
    );
    return query && Number.isFinite(maxAge) ? maxAge : query ? DATA_MAX_AGE : 0;
  }
}
