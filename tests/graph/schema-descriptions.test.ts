import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from "graphql";
import "reflect-metadata";
import { buildGongkaiSchema } from "../../src/graph/core/schema";

/** A description serves both readers when it has Chinese (a CJK ideograph) and English (a Latin letter). */
function isBilingual(description: string | null | undefined): boolean {
  return Boolean(description && /\p{Script=Han}/u.test(description) && /[A-Za-z]/.test(description));
}

/**
 * Every element of the schema, as [schema coordinate, description]. The introspection types and the five scalars
 * the GraphQL specification defines (Int, Float, String, Boolean, ID) are left out: graphql-js owns them, every
 * schema shares them, and no schema may replace them.
 */
function schemaElements(schema: GraphQLSchema): Array<[string, string | null | undefined]> {
  const elements: Array<[string, string | null | undefined]> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    elements.push([type.name, type.description]);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        elements.push([`${type.name}.${field.name}`, field.description]);
        for (const arg of field.args) elements.push([`${type.name}.${field.name}(${arg.name}:)`, arg.description]);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) elements.push([`${type.name}.${field.name}`, field.description]);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) elements.push([`${type.name}.${value.name}`, value.description]);
    }
  }
  return elements;
}

describe("the schema's descriptions", () => {
  const schema = buildGongkaiSchema();
  const elements = schemaElements(schema);

  it("walks every type, field, argument, input field and enum value, the roots included", () => {
    const coordinates = elements.map(([coordinate]) => coordinate);
    expect(coordinates).toEqual(
      expect.arrayContaining([
        "Query",
        "Mutation",
        "PageInfo",
        "DateTimeISO",
        "Query.node(id:)",
        "Query.reports(first:)",
        "ReportScope.AGENCY",
        "ReportEdge.cursor",
      ]),
    );
  });

  it("describes every element in both Chinese and English", () => {
    const offenders = elements.filter(([, description]) => !isBilingual(description)).map(([coordinate]) => coordinate);
    expect(offenders).toEqual([]);
  });
});
