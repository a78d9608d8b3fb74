import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";
import type { DataSource } from "typeorm";
import { startHttpServer, type RunningServer } from "../src/http/server";
import { createLogger } from "../src/logger";
import { openWithSamples } from "./support/samples";
import { testDatabases } from "./support/test-databases";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === "1") throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
const describeWithBrowser = available ? describe : describe.skip;

// The explorer does not depend on the database; SQLite is enough.
const sqlite = testDatabases()[0];

describeWithBrowser("the GraphQL explorer in headless Chromium", () => {
  let dataSource: DataSource;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dataSource = await openWithSamples(sqlite);
    server = await startHttpServer(dataSource, { port: 0, tokens: [] }, createLogger("silent"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dataSource?.destroy();
  });

  it("loads at /graphql with no request leaving the server, and runs a query", async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) elsewhere.push(request.url());
    });
    await page.goto(`${server.url}/graphql`);
    await page.waitForSelector(".graphiql-container", { timeout: 20_000 });
    await page.click(".graphiql-execute-button");
    await page.locator(".result-window").filter({ hasText: "totalCount" }).waitFor({ timeout: 20_000 });
    const result = (await page.textContent(".result-window")) ?? "";
    expect(result.replace(/\s+/g, "")).toContain('"totalCount":5');
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 60_000);

  it("is also served at /, while GraphQL clients still get JSON from GET /graphql", async () => {
    const root = await fetch(`${server.url}/`);
    expect([root.status, root.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    const query = encodeURIComponent("{ years { year } }");
    const json = await fetch(`${server.url}/graphql?query=${query}`, { headers: { accept: "application/json", "apollo-require-preflight": "true" } });
    expect(await json.json()).toMatchObject({ data: { years: [{ year: 2024 }, { year: 2023 }, { year: 2020 }, { year: 2019 }] } });
  });
});
