import { getIntrospectionQuery, parse } from "graphql";
import { checkOperationSize, measureOperation, QUERY_LIMITS } from "../../src/graph/core/query-cost";

describe("measuring a query document", () => {
  it("counts aliases, written fields, expanded fields and depth", () => {
    const document = parse(`
      query Two { a: region(code: "320800") { name parent { name } } ...Years }
      fragment Years on Query { years { year } b: years { year } }
    `);
    expect(measureOperation(document, "Two")).toEqual({ aliases: 2, fields: 8, expandedFields: 8, depth: 3 });
  });

  it("measures doubling fragments once each: 2^60 expanded fields from 60 fragments", () => {
    let text = "query { ...F60 }\nfragment F0 on Query { years { year } }\n";
    for (let level = 1; level <= 60; level += 1) text += `fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }\n`;
    const size = measureOperation(parse(text));
    expect(size).toEqual({ aliases: 0, fields: 2, expandedFields: Number.MAX_SAFE_INTEGER, depth: 2 });
    expect(() => checkOperationSize(size)).toThrow("the query has more than 2^53 field selections once its fragments are expanded; the limit is 5000");
  });

  it("does not count introspection fields in depth, and lets the explorer's introspection query through", () => {
    const size = measureOperation(parse(getIntrospectionQuery()));
    expect(size.depth).toBe(0);
    expect(size.expandedFields).toBeLessThan(QUERY_LIMITS.maxExpandedFields);
    expect(() => checkOperationSize(size)).not.toThrow();
  });

  it("treats a fragment that spreads itself as empty instead of looping", () => {
    expect(measureOperation(parse("query { ...A } fragment A on Query { years { year } ...A }"))).toEqual({
      aliases: 0,
      fields: 2,
      expandedFields: 2,
      depth: 2,
    });
  });
});
