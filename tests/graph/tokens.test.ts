import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { runCli } from "../../src/cli/main";
import { runToken } from "../../src/cli/token.command";
import { loadConfig } from "../../src/config";
import { Report } from "../../src/entities";
import { callerFrom, hashToken, requireRole, type ApiToken, type Caller } from "../../src/graph/core/auth";
import { ClientError } from "../../src/graph/core/errors";
import { toGlobalId } from "../../src/graph/core/node";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { GraphClient, TEST_API_TOKEN, TEST_EDITOR_TOKEN, TEST_TOKENS, type OperationResult } from "../support/graph-client";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const SEVERAL: readonly ApiToken[] = [
  { name: "li.wei", role: "EDITOR", sha256: hashToken("li-wei-token-0123456789") },
  { name: "wang.fang@example.org", role: "ADMIN", sha256: hashToken("wang-fang-token-0123456789") },
  { name: "zhao_min", role: "EDITOR", sha256: hashToken("zhao-min-token-0123456789") },
  { name: "ops-bot", role: "ADMIN", sha256: hashToken("ops-bot-token-0123456789") },
];

/** The code and message a ClientError thrown by `run` carries, or null when it throws nothing. */
function refusal(run: () => unknown): [unknown, string] | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    return [error.extensions.code, error.message];
  }
}

function codes(result: OperationResult): Array<[unknown, string]> {
  return (result.errors ?? []).map((error) => [error.extensions?.code, error.message]);
}

/** A stream that keeps what is written to it. */
function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("callerFrom", () => {
  afterEach(() => jest.restoreAllMocks());

  it("picks the matching token's name and role among several", () => {
    const callers = ["li-wei", "wang-fang", "zhao-min", "ops-bot"].map((who) => callerFrom(`Bearer ${who}-token-0123456789`, SEVERAL));
    expect(callers).toEqual([
      { authenticated: true, writesEnabled: true, name: "li.wei", role: "EDITOR" },
      { authenticated: true, writesEnabled: true, name: "wang.fang@example.org", role: "ADMIN" },
      { authenticated: true, writesEnabled: true, name: "zhao_min", role: "EDITOR" },
      { authenticated: true, writesEnabled: true, name: "ops-bot", role: "ADMIN" },
    ]);
    expect(callerFrom("bearer   ops-bot-token-0123456789  ", SEVERAL).name).toBe("ops-bot");
  });

  it("compares the presented token's hash with every configured hash, whichever matches and when none does", () => {
    const compare = jest.spyOn(crypto, "timingSafeEqual");
    for (const presented of ["li-wei-token-0123456789", "ops-bot-token-0123456789", "nobody-token-0123456789"]) {
      compare.mockClear();
      callerFrom(`Bearer ${presented}`, SEVERAL);
      expect([presented, compare.mock.calls.length]).toEqual([presented, SEVERAL.length]);
    }
  });

  it("answers an anonymous caller for no token, a wrong one, a token's hash or another scheme, and writes disabled with no tokens", () => {
    const anonymous: Caller = { authenticated: false, writesEnabled: true, name: null, role: null };
    for (const authorization of [
      undefined,
      "",
      "Bearer",
      "Bearer wrong-token-0123456789",
      `Bearer ${SEVERAL[0].sha256}`,
      "Basic li-wei-token-0123456789",
      "Bearer li-wei-token-0123456789 extra",
      "Bearer li-wei-token-012345678",
    ]) {
      expect([authorization, callerFrom(authorization, SEVERAL)]).toEqual([authorization, anonymous]);
    }
    expect(callerFrom("Bearer li-wei-token-0123456789", [])).toEqual({ authenticated: false, writesEnabled: false, name: null, role: null });
    // A configured hash that is not 32 bytes (the configuration refuses it) matches nothing and throws nothing.
    expect(callerFrom("Bearer li-wei-token-0123456789", [{ ...SEVERAL[0], sha256: "abc" }])).toEqual(anonymous);
  });
});

describe("requireRole", () => {
  const editor = callerFrom("Bearer li-wei-token-0123456789", SEVERAL);
  const admin = callerFrom("Bearer wang-fang-token-0123456789", SEVERAL);

  it("answers the caller's name when its role includes the one needed (ADMIN includes EDITOR)", () => {
    expect([requireRole(editor, "EDITOR"), requireRole(admin, "EDITOR"), requireRole(admin, "ADMIN")]).toEqual([
      "li.wei",
      "wang.fang@example.org",
      "wang.fang@example.org",
    ]);
  });

  it("refuses an EDITOR an ADMIN operation with FORBIDDEN naming the role needed", () => {
    expect(refusal(() => requireRole(editor, "ADMIN"))).toEqual(["FORBIDDEN", 'this operation needs an ADMIN token; the token "li.wei" has role EDITOR']);
  });

  it("refuses a caller without a configured token with UNAUTHENTICATED, and every caller with FORBIDDEN when no token is configured", () => {
    const unknown = callerFrom("Bearer wrong-token-0123456789", SEVERAL);
    expect([refusal(() => requireRole(unknown, "EDITOR")), refusal(() => requireRole(unknown, "ADMIN"))]).toEqual([
      ["UNAUTHENTICATED", "this operation needs an EDITOR or ADMIN token: send Authorization: Bearer TOKEN"],
      ["UNAUTHENTICATED", "this operation needs an ADMIN token: send Authorization: Bearer TOKEN"],
    ]);
    const disabled = callerFrom("Bearer wang-fang-token-0123456789", []);
    expect([refusal(() => requireRole(disabled, "EDITOR")), refusal(() => requireRole(disabled, "ADMIN"))]).toEqual([
      ["FORBIDDEN", "writes are disabled on this server: it has no API tokens (GONGKAI_TOKENS_FILE or GONGKAI_TOKENS)"],
      ["FORBIDDEN", "writes are disabled on this server: it has no API tokens (GONGKAI_TOKENS_FILE or GONGKAI_TOKENS)"],
    ]);
  });
});

describe("gongkai token create", () => {
  it("prints a new token once and the entry holding its hash, which the configuration accepts and which matches the token", () => {
    const out = capture();
    const err = capture();
    expect(runToken(["create", "chen.jie", "--role", "EDITOR"], out.stream, err.stream)).toBe(0);
    const lines = out.text().split("\n");
    expect(lines).toHaveLength(3);
    const [token, entryLine, end] = lines;
    expect([/^[A-Za-z0-9_-]{43}$/.test(token), Buffer.from(token, "base64url").length, end]).toEqual([true, 32, ""]);
    const entry = JSON.parse(entryLine) as ApiToken;
    expect(entry).toEqual({ name: "chen.jie", role: "EDITOR", sha256: crypto.createHash("sha256").update(token).digest("hex") });
    expect(err.text()).not.toContain(token);
    const tokens = loadConfig({ GONGKAI_TOKENS: JSON.stringify([...SEVERAL, entry]) }).tokens;
    expect(callerFrom(`Bearer ${token}`, tokens)).toEqual({ authenticated: true, writesEnabled: true, name: "chen.jie", role: "EDITOR" });
  });

  it("makes a different token each time", () => {
    const first = capture();
    const second = capture();
    runToken(["create", "ops", "--role", "ADMIN"], first.stream, capture().stream);
    runToken(["create", "ops", "--role", "ADMIN"], second.stream, capture().stream);
    const [a, b] = [first.text().split("\n")[0], second.text().split("\n")[0]];
    expect([a.length, b.length, a === b]).toEqual([43, 43, false]);
  });

  it.each([
    ["no action", [], "token: say what to do: create"],
    ["an unknown action", ["delete", "li.wei"], 'token: unknown action "delete"; the action is create'],
    ["no name", ["create", "--role", "ADMIN"], "token: say whose token it is: NAME"],
    ["two names", ["create", "li.wei", "wang", "--role", "ADMIN"], 'token: one NAME only, got also "wang"'],
    ["a name with a space", ["create", "li wei", "--role", "ADMIN"], 'token: the name "li wei" is not 1–64 characters of A–Z, a–z, 0–9 and . _ @ -'],
    [
      "a name of 65 characters",
      ["create", "x".repeat(65), "--role", "ADMIN"],
      `token: the name "${"x".repeat(65)}" is not 1–64 characters of A–Z, a–z, 0–9 and . _ @ -`,
    ],
    ["no role", ["create", "li.wei"], "token: say what the token may do: --role EDITOR|ADMIN"],
    ["an unknown role", ["create", "li.wei", "--role", "editor"], 'token: the role "editor" is not EDITOR or ADMIN'],
    ["an unknown option", ["create", "li.wei", "--role", "ADMIN", "--force"], "token: unknown option --force"],
    ["--role without its value", ["create", "li.wei", "--role"], "token: say what the token may do: --role EDITOR|ADMIN"],
    ["a role given twice", ["create", "li.wei", "--role", "EDITOR", "--role=admin"], 'token: the role "admin" is not EDITOR or ADMIN'],
  ])("refuses %s with exit 2 and the usage, printing no token", (_case, args, message) => {
    const out = capture();
    const err = capture();
    expect(runToken(args, out.stream, err.stream)).toBe(2);
    expect([out.text(), err.text().split("\n")[0], err.text().includes("usage: gongkai token create NAME --role EDITOR|ADMIN")]).toEqual(["", message, true]);
  });

  it("is a command of the CLI", async () => {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => written.push(`out:${String(chunk)}`) > 0);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => written.push(`err:${String(chunk)}`) > 0);
    try {
      expect(await runCli(["token", "create", "ops", "--role", "ROOT"])).toBe(2);
      expect(await runCli(["token", "create", "ops", "--role", "ADMIN"])).toBe(0);
      expect(await runCli(["help"])).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(written[0].split("\n").slice(0, 2)).toEqual([
      'err:token: the role "ROOT" is not EDITOR or ADMIN',
      "usage: gongkai token create NAME --role EDITOR|ADMIN",
    ]);
    expect(written[1]).toMatch(/^out:[A-Za-z0-9_-]{43}\n\{"name":"ops","role":"ADMIN","sha256":"[0-9a-f]{64}"\}\n$/);
    expect(written.some((chunk) => chunk.startsWith("out:usage: gongkai <command>") && chunk.includes("token create NAME --role EDITOR|ADMIN"))).toBe(true);
  });
});

const INGEST = "mutation ($input: IngestReportInput!) { ingestReport(input: $input) { status report { id year } } }";
const DELETE = "mutation ($id: ID!) { deleteReport(id: $id) { deletedReportId } }";

describe.each(testDatabases())("roles on the write mutations on $name", (database) => {
  let dataSource: DataSource;
  let graph: GraphClient;
  const text = fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt"), "utf8");

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    graph = await GraphClient.start(dataSource);
  });
  afterAll(async () => {
    await graph.stop();
    await dataSource.destroy();
  });

  it("refuses an EDITOR ingestReport and deleteReport with FORBIDDEN, lets an ADMIN do both, and writes nothing for a refusal", async () => {
    const editor = `Bearer ${TEST_EDITOR_TOKEN}`;
    const admin = `Bearer ${TEST_API_TOKEN}`;
    const needsAdmin = [["FORBIDDEN", 'this operation needs an ADMIN token; the token "test-editor" has role EDITOR']];
    expect(codes(await graph.run(INGEST, { input: { text } }, editor))).toEqual(needsAdmin);
    expect(await dataSource.getRepository(Report).count()).toBe(0);

    const ingested = await graph.run(INGEST, { input: { text } }, admin);
    const { id } = (ingested.data as { ingestReport: { status: string; report: { id: string } } }).ingestReport.report;
    expect(ingested.data).toEqual({ ingestReport: { status: "INGESTED", report: { id, year: 2024 } } });
    const stored = await dataSource.getRepository(Report).findOneByOrFail({ year: 2024 });
    expect(id).toBe(toGlobalId("Report", stored.id));

    expect(codes(await graph.run(DELETE, { id }, editor))).toEqual(needsAdmin);
    expect(await dataSource.getRepository(Report).count()).toBe(1);
    expect(codes(await graph.run(DELETE, { id }, "Bearer not-a-configured-token"))).toEqual([
      ["UNAUTHENTICATED", "this operation needs an ADMIN token: send Authorization: Bearer TOKEN"],
    ]);
    expect(codes(await graph.run(DELETE, { id }, admin, []))).toEqual([
      ["FORBIDDEN", "writes are disabled on this server: it has no API tokens (GONGKAI_TOKENS_FILE or GONGKAI_TOKENS)"],
    ]);
    expect(await dataSource.getRepository(Report).count()).toBe(1);

    expect((await graph.run(DELETE, { id }, admin)).data).toEqual({ deleteReport: { deletedReportId: id } });
    expect(await dataSource.getRepository(Report).count()).toBe(0);
  });
});

describe.each(testDatabases())("tokens over HTTP on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    server = await startHttpServer(
      dataSource,
      { port: 0, tokens: TEST_TOKENS },
      createLogger("debug", (line) => logLines.push(line)),
    );
  });
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  async function post(query: string, authorization: string) {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as OperationResult };
  }

  it("answers a wrong token with an UNAUTHENTICATED error, an EDITOR's delete with FORBIDDEN, and logs none of the tokens", async () => {
    const wrong = "wrong-token-that-must-never-be-logged-0123";
    const missing = toGlobalId("Report", 999);
    const deletion = `mutation Delete { deleteReport(id: "${missing}") { deletedReportId } }`;
    logLines.length = 0;
    const refused = await post(deletion, `Bearer ${wrong}`);
    expect([refused.status, codes(refused.body), refused.body.data]).toEqual([
      200,
      [["UNAUTHENTICATED", "this operation needs an ADMIN token: send Authorization: Bearer TOKEN"]],
      null,
    ]);
    const editor = await post(deletion, `Bearer ${TEST_EDITOR_TOKEN}`);
    expect(codes(editor.body)).toEqual([["FORBIDDEN", 'this operation needs an ADMIN token; the token "test-editor" has role EDITOR']]);
    const admin = await post(deletion, `Bearer ${TEST_API_TOKEN}`);
    expect(codes(admin.body)).toEqual([["NOT_FOUND", `Report "${missing}" does not exist`]]);

    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === "graphql");
    expect(logged.map((line) => [line.operation, line.errors])).toEqual([
      ["Delete", ["UNAUTHENTICATED"]],
      ["Delete", ["FORBIDDEN"]],
      ["Delete", ["NOT_FOUND"]],
    ]);
    const log = logLines.join("\n");
    for (const secret of [wrong, TEST_EDITOR_TOKEN, TEST_API_TOKEN, ...TEST_TOKENS.map((token) => token.sha256)])
      expect([secret, log.includes(secret)]).toEqual([secret, false]);
  });
});
