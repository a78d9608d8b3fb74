import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashToken } from "../src/graph/core/auth";
import { startServerProcess, type ServerProcess } from "./server-process";

/**
 * `npm run check:malformed` (CI runs it): starts a server process on a fresh SQLite database (the server loads the
 * samples into it), sends it well over 200 malformed requests of every kind a client can get wrong — variables of the
 * wrong type, unknown enum values, forged cursors, unknown codes in every code argument and export parameter,
 * over-cost and over-depth queries, broken bodies and charsets — and checks that none is answered with HTTP 500 or
 * an INTERNAL_SERVER_ERROR code (nor left without an answer), and that every unknown value, wrong type and forged
 * cursor is refused with an error rather than answered as if it were fine. Prints the count per class and every violation;
 * exits 1 on a violation. CHECK_VERBOSE=1 prints every request's status and codes.
 */
const TOKEN = "check-malformed-token-0123456789";

/** One malformed request: GraphQL over POST (a JSON object or a raw body) or a GET of a path. */
interface Probe {
  readonly name: string;
  readonly body?: string | object;
  readonly headers?: Record<string, string>;
  /** A GET of this path (with its query string) instead of a POST to /graphql. */
  readonly get?: string;
}

interface Answer {
  readonly status: number;
  readonly codes: string[];
}

async function send(url: string, probe: Probe): Promise<Answer> {
  try {
    const response = probe.get
      ? await fetch(`${url}${probe.get}`, { headers: probe.headers })
      : await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...probe.headers },
          body: typeof probe.body === "string" ? probe.body : JSON.stringify(probe.body),
        });
    const text = await response.text();
    return { status: response.status, codes: errorCodes(text) };
  } catch (error) {
    return { status: 0, codes: [`no answer: ${(error as Error).message}`] };
  }
}

/** The `extensions.code`s (GraphQL) or `error.code` (the export routes) of an answer's body. */
function errorCodes(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }>; error?: { code?: string } };
    return [...(body.errors ?? []).map((error) => error.extensions?.code ?? "(no code)"), ...(body.error?.code ? [body.error.code] : [])];
  } catch {
    return [];
  }
}

const gql = (query: string, variables?: unknown): object => (variables === undefined ? { query } : { query, variables });
const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

/** Wrong variable types: strings for Int, fractions, missing required, wrong input-object field types. */
function wrongVariableTypes(): Probe[] {
  const first = "query ($n: Int!) { reports(first: $n) { totalCount } }";
  const filter = "query ($f: ReportFilter) { reports(first: 5, filter: $f) { totalCount } }";
  const values: unknown[] = ["ten", 3.5, true, null, [], {}, "", 2 ** 31, -(2 ** 31) - 1, "1e400", [1], { n: 1 }];
  const probes: Probe[] = values.map((n) => ({ name: `first = ${JSON.stringify(n)}`, body: gql(first, { n }) }));
  probes.push({ name: "first missing", body: gql(first, {}) }, { name: "variables absent", body: gql(first) });
  probes.push({ name: "first 1e400 raw", body: `{"query":${JSON.stringify(first)},"variables":{"n":1e400}}` });
  const filters: unknown[] = [
    { yearFrom: "x" },
    { yearTo: 2024.5 },
    { agencyKinds: "GOVERNMENT " },
    { agencyKinds: [1] },
    { templateVersions: [null] },
    { hasValidationErrors: "yes" },
    { failingRules: "R1" + "x".repeat(100) },
    { failingRules: [1, 2] },
    { regionCode: 320800 },
    { agencyId: { id: 1 } },
    { scope: ["AGENCY"] },
    { unknownField: 1 },
    "not an object",
    [{ yearFrom: 2024 }],
  ];
  probes.push(...filters.map((f) => ({ name: `ReportFilter = ${JSON.stringify(f).slice(0, 40)}`, body: gql(filter, { f }) })));
  probes.push(
    { name: "region(code) Int", body: gql("query ($c: String!) { region(code: $c) { name } }", { c: 320800 }) },
    { name: "agency(id) Boolean", body: gql("query ($i: ID!) { agency(id: $i) { name } }", { i: true }) },
    { name: "year(year) text", body: gql("query ($y: Int!) { year(year: $y) { year } }", { y: "2024" }) },
    { name: "nodes(ids) objects", body: gql("query ($i: [ID!]!) { nodes(ids: $i) { id } }", { i: [{}, []] }) },
    {
      name: "compare years text",
      body: gql('query ($y: [Int!]!) { compare(subjects: { regionCodes: ["320800"] }, indicators: ["APPLICATIONS.R_NEW.TOTAL"], years: $y) { __typename } }', {
        y: ["2024"],
      }),
    },
    {
      name: "timeSeries yearFrom 3.5",
      body: gql('query ($y: Int!) { timeSeries(regionCode: "320800", indicator: "APPLICATIONS.R_NEW.TOTAL", yearFrom: $y, yearTo: 2024) { year } }', {
        y: 3.5,
      }),
    },
    {
      name: "ranking first text",
      body: gql('query ($f: Int!) { ranking(indicator: "APPLICATIONS.R_NEW.TOTAL", year: 2024, first: $f) { __typename } }', { f: "all" }),
    },
    {
      name: "aggregate filter yearFrom text",
      body: gql('query ($f: AggregateFilterInput) { aggregate(groupBy: [YEAR], indicators: ["APPLICATIONS.R_NEW.TOTAL"], filter: $f) { __typename } }', {
        f: { yearFrom: "x" },
      }),
    },
    {
      name: "ingestReport year text",
      body: gql("mutation ($i: IngestReportInput!) { ingestReport(input: $i) { status } }", { i: { text: "x", year: "2024" } }),
      headers: { authorization: `Bearer ${TOKEN}` },
    },
    { name: "variable of an unknown type", body: gql("query ($n: Nope) { reports(first: 1) { totalCount } }", { n: 1 }) },
    { name: "variable declared twice", body: gql("query ($n: Int!, $n: Int!) { reports(first: $n) { totalCount } }", { n: 1 }) },
    { name: "undeclared variable", body: gql("{ reports(first: $n) { totalCount } }", { n: 1 }) },
    { name: "Int variable in a String position", body: gql("query ($n: Int) { region(code: $n) { name } }", { n: 1 }) },
  );
  return probes;
}

/** Unknown enum values, as literals and as variables. */
function unknownEnumValues(): Probe[] {
  const literal = [
    "{ reports(first: 1, orderBy: { field: NOPE }) { totalCount } }",
    "{ reports(first: 1, orderBy: { field: YEAR, direction: UP }) { totalCount } }",
    '{ reports(first: 1, orderBy: { field: "YEAR" }) { totalCount } }',
    "{ reports(first: 1, filter: { scope: NOPE }) { totalCount } }",
    "{ reports(first: 1, filter: { agencyKinds: [NOPE] }) { totalCount } }",
    "{ reports(first: 1, filter: { templateVersions: [TPL_2020] }) { totalCount } }",
    "{ agencies(first: 1, filter: { kinds: [CITY] }) { totalCount } }",
    "{ agencies(first: 1, orderBy: { field: AGE }) { totalCount } }",
    "{ regions(first: 1, filter: { level: TOWN }) { totalCount } }",
    "{ reports(first: 1) { nodes { cells(filter: { states: [WRONG] }) { code } } } }",
    '{ ranking(indicator: "APPLICATIONS.R_NEW.TOTAL", year: 2024, scope: NOPE) { __typename } }',
    '{ ranking(indicator: "APPLICATIONS.R_NEW.TOTAL", year: 2024, agencyKind: NOPE) { __typename } }',
    '{ aggregate(groupBy: [NOPE], indicators: ["APPLICATIONS.R_NEW.TOTAL"]) { __typename } }',
    '{ aggregate(groupBy: [YEAR], indicators: ["APPLICATIONS.R_NEW.TOTAL"], regionLevel: TOWN) { __typename } }',
    '{ compare(subjects: { regionCodes: ["320800"] }, indicators: ["APPLICATIONS.R_NEW.TOTAL"], years: [2024], cohort: NOPE) { __typename } }',
    '{ compare(subjects: { regionCodes: ["320800"] }, indicators: ["APPLICATIONS.R_NEW.TOTAL"], years: [2024], totals: NOPE) { __typename } }',
  ];
  const probes: Probe[] = literal.map((query) => ({ name: query.slice(2, 60), body: gql(query) }));
  const variable = (type: string, field: string, value: unknown): Probe => ({
    name: `${type} = ${JSON.stringify(value)}`,
    body: gql(`query ($v: ${type}) { ${field} }`, { v: value }),
  });
  probes.push(
    variable("ReportOrder", "reports(first: 1, orderBy: $v) { totalCount }", { field: "year" }),
    variable("ReportScope", "reports(first: 1, filter: { scope: $v }) { totalCount }", "agency"),
    variable("[AgencyKind!]", "reports(first: 1, filter: { agencyKinds: $v }) { totalCount }", ["GOVERNMENT", "NOPE"]),
    variable("RegionLevel", "regions(first: 1, filter: { level: $v }) { totalCount }", 1),
    variable("[ValueState!]", "reports(first: 1) { nodes { cells(filter: { states: $v }) { code } } }", ["value"]),
    {
      name: "ingestReport format NOPE",
      body: gql('mutation { ingestReport(input: { text: "x", format: DOCX }) { status } }'),
      headers: { authorization: `Bearer ${TOKEN}` },
    },
  );
  return probes;
}

/** The connections a cursor can be forged for, each with a `$a` after-cursor. */
const CONNECTIONS = [
  "reports(first: 2, after: $a) { totalCount }",
  "agencies(first: 2, after: $a) { totalCount }",
  "regions(first: 2, after: $a) { totalCount }",
  "years { reports(first: 2, after: $a) { totalCount } agencies(first: 2, after: $a) { totalCount } }",
  'region(code: "320800") { reports(first: 2, after: $a) { totalCount } agencies(first: 2, after: $a) { totalCount } }',
  "disclosureCategories { reports(first: 2, after: $a) { totalCount } }",
];

/** Forged cursors: garbage, out-of-range numbers, the old format, and real cursors of another order or filter. */
async function forgedCursors(url: string): Promise<Probe[]> {
  const real = async (query: string): Promise<string> => {
    const answer = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(gql(query)) });
    const body = (await answer.json()) as { data?: { reports?: { pageInfo: { endCursor: string } } } };
    return body.data?.reports?.pageInfo.endCursor ?? "missing";
  };
  const byYear = await real("{ reports(first: 1, orderBy: { field: YEAR, direction: DESC }) { pageInfo { endCursor } } }");
  const from2023 = await real("{ reports(first: 1, filter: { yearFrom: 2023 }) { pageInfo { endCursor } } }");
  const forged = [
    "nonsense",
    "",
    "\u0000",
    "x".repeat(5000),
    b64("[1e400,1]"),
    b64("[2024,3]"),
    b64('["a","b","c"]'),
    b64("null"),
    b64('{"o":"ID ASC","l":"AAAAAAAAAAAAAAAA","k":[1e400,1]}'),
    b64('{"o":"ID ASC","l":"AAAAAAAAAAAAAAAA","k":[1,2]}'),
    b64('{"o":"ID ASC","l":"AAAAAAAAAAAAAAAA","k":["\u0000",1]}'),
    b64('{"o":1,"l":[],"k":{}}'),
    "%%%%",
    byYear,
    from2023,
  ];
  const probes = CONNECTIONS.flatMap((connection) =>
    forged.slice(0, 6).map((a) => ({ name: `${connection.slice(0, 16)} after ${a.slice(0, 16)}`, body: gql(`query ($a: String) { ${connection} }`, { a }) })),
  );
  probes.push(...forged.slice(6).map((a) => ({ name: `reports after ${a.slice(0, 20)}`, body: gql(`query ($a: String) { ${CONNECTIONS[0]} }`, { a }) })));
  probes.push({
    name: "reports after another filter's cursor",
    body: gql("query ($a: String) { reports(first: 2, after: $a, filter: { yearFrom: 2024 }) { totalCount } }", { a: from2023 }),
  });
  return probes;
}

const INDICATOR = '"APPLICATIONS.R_NEW.TOTAL"';

/** Unknown codes in every code-valued argument of the graph. */
function unknownCodes(): Probe[] {
  const unknownAgency = b64("Agency:999999");
  const queries = [
    '{ reports(first: 1, filter: { failingRules: ["R9"] }) { totalCount } }',
    '{ reports(first: 1, filter: { failingRules: ["r1"] }) { totalCount } }',
    '{ reports(first: 1, filter: { regionCode: "999999" }) { totalCount } }',
    '{ reports(first: 1, filter: { regionCode: "abc" }) { totalCount } }',
    `{ reports(first: 1, filter: { agencyId: "${unknownAgency}" }) { totalCount } }`,
    '{ reports(first: 1, filter: { agencyId: "garbage!" }) { totalCount } }',
    `{ reports(first: 1, filter: { agencyId: "${b64("Report:1")}" }) { totalCount } }`,
    '{ agencies(first: 1, filter: { regionCode: "999999" }) { totalCount } }',
    '{ regions(first: 1, filter: { parentCode: "999999" }) { totalCount } }',
    '{ regions(first: 1, filter: { parentCode: "32080" }) { totalCount } }',
    '{ reports(first: 1) { nodes { cells(filter: { tableCode: "NOPE" }) { code } } } }',
    '{ reports(first: 1) { nodes { cells(filter: { rowCode: "NOPE" }) { code } } } }',
    '{ reports(first: 1) { nodes { cells(filter: { tableCode: "APPLICATIONS", columnCode: "NOPE" }) { code } } } }',
    '{ reports(first: 1) { nodes { indicators(column: "EVERYONE") { disclosureRate } } } }',
    '{ indicators(tableCode: "NOPE") { code } }',
    '{ region(code: "999999") { name } }',
    '{ region(code: "\u0000") { name } }',
    `{ agency(id: "${unknownAgency}") { name } }`,
    `{ agency(id: "${b64("Region:320800")}") { name } }`,
    '{ node(id: "garbage") { id } }',
    `{ node(id: "${b64("Nope:1")}") { id } }`,
    '{ nodes(ids: ["garbage", "x"]) { id } }',
    `{ report(id: "${b64("Agency:1")}") { year } }`,
    `{ report(agencyId: "${unknownAgency}", year: 2024) { year } }`,
    "{ report(year: 2024) { year } }",
    "{ year(year: 1800) { year } }",
    '{ compare(subjects: { regionCodes: ["999999"] }, indicators: [' + INDICATOR + "], years: [2024]) { __typename } }",
    `{ compare(subjects: { agencyIds: ["${unknownAgency}"] }, indicators: [${INDICATOR}], years: [2024]) { __typename } }`,
    '{ compare(subjects: { regionCodes: ["320800"] }, indicators: ["NOPE"], years: [2024]) { __typename } }',
    `{ compare(subjects: { regionCodes: ["320800"] }, indicators: [${INDICATOR}], years: [2024], column: "NOPE") { __typename } }`,
    `{ compare(subjects: {}, indicators: [${INDICATOR}], years: [2024]) { __typename } }`,
    '{ timeSeries(regionCode: "320800", indicator: "NOPE", yearFrom: 2020, yearTo: 2024) { year } }',
    `{ timeSeries(regionCode: "999999", indicator: ${INDICATOR}, yearFrom: 2020, yearTo: 2024) { year } }`,
    `{ timeSeries(indicator: ${INDICATOR}, yearFrom: 2020, yearTo: 2024) { year } }`,
    `{ timeSeries(agencyId: "garbage", indicator: ${INDICATOR}, yearFrom: 2024, yearTo: 2020) { year } }`,
    '{ ranking(indicator: "NOPE", year: 2024) { __typename } }',
    `{ ranking(indicator: ${INDICATOR}, year: 2024, regionCode: "999999") { __typename } }`,
    `{ ranking(indicator: ${INDICATOR}, year: 2024, first: -1) { __typename } }`,
    '{ regionRollup(regionCode: "320800", year: 2024, indicators: ["NOPE"]) { __typename } }',
    `{ regionRollup(regionCode: "999999", year: 2024, indicators: [${INDICATOR}]) { __typename } }`,
    '{ aggregate(groupBy: [YEAR], indicators: ["NOPE"]) { __typename } }',
    `{ aggregate(groupBy: [YEAR], indicators: [${INDICATOR}], filter: { regionCode: "999999" }) { __typename } }`,
    `{ aggregate(groupBy: [], indicators: [${INDICATOR}]) { __typename } }`,
  ];
  const probes: Probe[] = queries.map((query) => ({ name: query.slice(2, 70), body: gql(query) }));
  const writer = { authorization: `Bearer ${TOKEN}` };
  probes.push(
    { name: "ingestReport unknown region", body: gql('mutation { ingestReport(input: { text: "x", regionCode: "999999" }) { status } }'), headers: writer },
    { name: "ingestReport bad base64", body: gql('mutation { ingestReport(input: { base64: "%%%", format: PDF }) { status } }'), headers: writer },
    { name: "ingestReport text and base64", body: gql('mutation { ingestReport(input: { text: "x", base64: "eA" }) { status } }'), headers: writer },
    { name: "ingestReport without token", body: gql('mutation { ingestReport(input: { text: "x" }) { status } }') },
    { name: "deleteReport unknown", body: gql(`mutation { deleteReport(id: "${b64("Report:999999")}") { __typename } }`), headers: writer },
    { name: "deleteReport garbage", body: gql('mutation { deleteReport(id: "x") { __typename } }'), headers: writer },
  );
  return probes;
}

/** Unknown or malformed values in every parameter of every export URL. */
function exportParameters(): Probe[] {
  const values: Record<string, string[]> = {
    regionCode: ["999999", "abc", "%00"],
    agencyId: ["garbage", b64("Agency:999999"), b64("Report:1"), "999999", "-1"],
    yearFrom: ["x", "1e400", "2024.5"],
    yearTo: ["-1"],
    year: ["twenty"],
    templateVersion: ["TPL_2020"],
    scope: ["NOPE"],
    indicator: ["NOPE", "APPLICATIONS.NOPE.TOTAL"],
    nope: ["1"],
  };
  const probes: Probe[] = [];
  for (const route of ["/export/cells.csv", "/export/reports.csv"]) {
    for (const [parameter, list] of Object.entries(values)) {
      for (const value of list) probes.push({ name: `${route}?${parameter}=${value}`, get: `${route}?${parameter}=${encodeURIComponent(value)}` });
    }
    probes.push({ name: `${route} repeated regionCode`, get: `${route}?regionCode=320800&regionCode=320900` });
    probes.push({ name: `${route} bracketed parameter`, get: `${route}?regionCode[a]=1` });
  }
  for (const route of ["/export/reports-wide.csv", "/export/reports.xlsx"]) {
    probes.push(
      { name: `${route}?regionCode=999999`, get: `${route}?regionCode=999999` },
      { name: `${route}?agencyId=garbage`, get: `${route}?agencyId=garbage` },
    );
  }
  return probes;
}

/** Queries over the cost, depth, alias and size limits. */
function overLimits(): Probe[] {
  let deep = "name";
  for (let level = 0; level < 30; level += 1) deep = `parent { ${deep} }`;
  let nested = "totalCount";
  for (let level = 0; level < 4; level += 1) nested = `reports(first: 100) { nodes { agency { ${nested.replace("totalCount", "name")} } } totalCount }`;
  let fragments = "query { ...F20 }\nfragment F0 on Query { years { year } }\n";
  for (let level = 1; level <= 20; level += 1) fragments += `fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }\n`;
  const aliases = Array.from({ length: 2000 }, (_, index) => `a${index}: years { year }`).join(" ");
  let introspection = "name";
  for (let level = 0; level < 40; level += 1) introspection = `ofType { ${introspection} }`;
  return [
    { name: "depth 30", body: gql(`{ region(code: "320800") { ${deep} } }`) },
    { name: "nested connections", body: gql(`{ ${nested} }`) },
    {
      name: "cost of 100 x 100 x 100",
      body: gql("{ reports(first: 100) { nodes { agency { reports(first: 100) { nodes { agency { reports(first: 100) { nodes { year } } } } } } } } }"),
    },
    { name: "fragment doubling", body: gql(fragments) },
    { name: "2000 aliases", body: gql(`{ ${aliases} }`) },
    { name: "deep introspection", body: gql(`{ __schema { types { ${introspection} } } }`) },
    { name: "fragment cycle", body: gql("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }") },
    {
      name: "100 analytics aliases",
      body: gql(`{ ${Array.from({ length: 100 }, (_, i) => `r${i}: ranking(indicator: ${INDICATOR}, year: 2024) { __typename }`).join(" ")} }`),
    },
    { name: "1 MB of whitespace", body: gql(`{ years { year } ${" ".repeat(1_000_000)} }`) },
    { name: "20 MB body", body: `{"query":"{ years { year } }","padding":"${"x".repeat(20_000_000)}"}` },
    { name: "100,000 tokens", body: gql(`{ years { ${"year ".repeat(100_000)} } }`) },
    { name: "nodes of 101 ids", body: gql(`{ nodes(ids: [${Array.from({ length: 101 }, () => '"x"').join(", ")}]) { id } }`) },
  ];
}

/** Broken bodies, content types, charsets, methods and operations. */
function badBodies(): Probe[] {
  const json = { "content-type": "application/json" };
  return [
    { name: "invalid JSON", body: "{ not json" },
    { name: "empty body", body: "" },
    { name: "JSON null", body: "null" },
    { name: "JSON number", body: "42" },
    { name: "JSON string", body: '"{ years { year } }"' },
    { name: "batched array", body: [{ query: "{ years { year } }" }, { query: "{ years { year } }" }] },
    { name: "query a number", body: { query: 123 } },
    { name: "query missing", body: { variables: {} } },
    { name: "query null", body: { query: null } },
    { name: "variables a string", body: { query: "{ years { year } }", variables: "x" } },
    { name: "variables an array", body: { query: "{ years { year } }", variables: [1] } },
    { name: "operationName a number", body: { query: "{ years { year } }", operationName: 1 } },
    { name: "operationName unknown", body: { query: "query A { years { year } }", operationName: "B" } },
    { name: "two operations, no name", body: { query: "query A { years { year } } query B { years { year } }" } },
    { name: "extensions a string", body: { query: "{ years { year } }", extensions: "x" } },
    { name: "persisted query hash only", body: { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } } },
    { name: "syntax error", body: gql("{ years { year }") },
    { name: "unknown field", body: gql("{ nope }") },
    { name: "unknown argument", body: gql("{ years(nope: 1) { year } }") },
    { name: "scalar with selection", body: gql("{ years { year { x } } }") },
    { name: "subscription", body: gql("subscription { years { year } }") },
    { name: "mutation over GET", get: `/graphql?query=${encodeURIComponent('mutation { deleteReport(id: "x") { __typename } }')}` },
    { name: "GET without query", get: "/graphql?variables=%7B" },
    { name: "GET with broken variables", get: `/graphql?query=${encodeURIComponent("{ years { year } }")}&variables=%7Bx` },
    { name: "GET with a bad percent escape", get: "/graphql?query=%E0%A4%A" },
    { name: "text/plain body", body: "{ years { year } }", headers: { "content-type": "text/plain" } },
    { name: "application/graphql body", body: "{ years { year } }", headers: { "content-type": "application/graphql" } },
    { name: "no content type", body: JSON.stringify(gql("{ years { year } }")), headers: { "content-type": "" } },
    { name: "charset latin1", body: gql("{ years { year } }"), headers: { "content-type": "application/json; charset=latin1" } },
    { name: "charset utf-16", body: gql("{ years { year } }"), headers: { "content-type": "application/json; charset=utf-16" } },
    { name: "charset nonsense", body: gql("{ years { year } }"), headers: { "content-type": "application/json; charset=nonsense" } },
    { name: "invalid UTF-8 bytes", body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]).toString("latin1"), headers: json },
    { name: "lone surrogate", body: '{"query":"{ region(code: \\"\\ud800\\") { name } }"}' },
    { name: "gzip claimed, plain sent", body: gql("{ years { year } }"), headers: { "content-encoding": "gzip" } },
    { name: "unknown content encoding", body: gql("{ years { year } }"), headers: { "content-encoding": "br2" } },
    { name: "wrong token", body: gql("{ years { year } }"), headers: { authorization: "Bearer wrong" } },
    { name: "malformed authorization", body: gql("{ years { year } }"), headers: { authorization: "Basic" } },
    { name: "unknown path", get: "/nope" },
  ];
}

/** Counts of answers per class, and the violations. */
interface Tally {
  sent: number;
  statuses: Map<number, number>;
}

/**
 * Sends a class of probes; a violation is an answer with HTTP 5xx, an INTERNAL_SERVER_ERROR code or no answer, and,
 * where `mustRefuse`, an answer without any error (an unknown code or forged cursor silently answered).
 */
async function runClass(server: ServerProcess, name: string, probes: Probe[], mustRefuse: boolean, violations: string[]): Promise<Tally> {
  const tally: Tally = { sent: 0, statuses: new Map() };
  for (const probe of probes) {
    const answer = await send(server.url, probe);
    tally.sent += 1;
    tally.statuses.set(answer.status, (tally.statuses.get(answer.status) ?? 0) + 1);
    if (process.env.CHECK_VERBOSE === "1") console.log(`  ${answer.status} ${answer.codes.join(",").padEnd(28)} ${probe.name}`);
    if (answer.status === 0 || answer.status >= 500 || answer.codes.includes("INTERNAL_SERVER_ERROR")) {
      violations.push(`${name}: ${probe.name} → HTTP ${answer.status} ${answer.codes.join(", ")}`);
    } else if (mustRefuse && answer.status < 400 && answer.codes.length === 0) {
      violations.push(`${name}: ${probe.name} → answered without an error`);
    }
  }
  const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(`${name.padEnd(24)} ${String(tally.sent).padStart(4)} sent  ${statuses.join(" ")}`);
  return tally;
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-malformed-"));
  const server = await startServerProcess({
    DATABASE_URL: `sqlite:${path.join(folder, "malformed.sqlite")}`,
    GONGKAI_TOKENS: JSON.stringify([{ name: "check-malformed", role: "ADMIN", sha256: hashToken(TOKEN) }]),
    RATE_LIMIT_PER_MINUTE: "1000000",
  });
  const violations: string[] = [];
  let sent = 0;
  try {
    // [class, probes, whether every probe must be refused]: limits and bodies include requests that may be answered.
    const classes: Array<[string, Probe[], boolean]> = [
      ["wrong variable types", wrongVariableTypes(), true],
      ["unknown enum values", unknownEnumValues(), true],
      ["forged cursors", await forgedCursors(server.url), true],
      ["unknown codes", unknownCodes(), true],
      ["export parameters", exportParameters(), true],
      ["over the limits", overLimits(), false],
      ["bad bodies", badBodies(), false],
    ];
    for (const [name, probes, mustRefuse] of classes) sent += (await runClass(server, name, probes, mustRefuse, violations)).sent;
  } finally {
    // Wait for the server to close its database before removing the folder it lives in.
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
    fs.rmSync(folder, { recursive: true, force: true });
  }
  console.log(`${sent} malformed requests, ${violations.length} violations (HTTP 5xx, INTERNAL_SERVER_ERROR, no answer, or not refused)`);
  for (const violation of violations) console.log(`FAIL ${violation}`);
  if (sent < 200 || violations.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
