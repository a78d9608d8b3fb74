import http from "node:http";
import { createPool, type Pool, type RowDataPacket } from "mysql2/promise";

/**
 * The benchmark's baseline: the same four answers as the GraphQL workloads, written by hand as SQL and JSON with
 * no GraphQL layer, ORM or DataLoader, so that `npm run bench` can report what the graph costs.
 */
function pageOf(rows: RowDataPacket[]): string {
  return JSON.stringify(rows);
}

async function route(pool: Pool, url: URL): Promise<unknown> {
  switch (url.pathname) {
    case "/report": {
      const id = Number(url.searchParams.get("id"));
      const [[report]] = await pool.query<RowDataPacket[]>(
        "SELECT r.id, r.year, r.template_version, a.name AS agency FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id = ?",
        [id],
      );
      const [cells] = await pool.query<RowDataPacket[]>(
        "SELECT table_code, row_code, column_code, value, value_state, raw_text, line FROM report_cell WHERE report_id = ? ORDER BY id",
        [id],
      );
      return { ...report, cells };
    }
    case "/reports": {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT r.id, r.year, a.name AS agency, g.name AS region
         FROM (SELECT id, year, agency_id FROM report ORDER BY id LIMIT 100) r JOIN agency a ON a.id = r.agency_id JOIN region g ON g.code = a.region_code
         ORDER BY r.id`,
      );
      return rows;
    }
    case "/compare": {
      const ids = (url.searchParams.get("agencies") ?? "").split(",").map(Number);
      const years = (url.searchParams.get("years") ?? "").split(",").map(Number);
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT r.agency_id, r.year, c.value FROM report r JOIN report_cell c ON c.report_id = r.id
         WHERE r.agency_id IN (?) AND r.year IN (?) AND c.table_code = 'APPLICATIONS' AND c.row_code = 'NEW_RECEIVED' AND c.column_code = 'TOTAL'`,
        [ids, years],
      );
      return rows;
    }
    case "/rollup": {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT SUM(CASE WHEN c.row_code = 'NEW_RECEIVED' THEN c.value END) AS received,
                SUM(CASE WHEN c.row_code IN ('R_DISCLOSED', 'R_PARTIAL') THEN c.value END) / SUM(CASE WHEN c.row_code = 'R_TOTAL' THEN c.value END) AS disclosure_rate
         FROM report r JOIN agency a ON a.id = r.agency_id JOIN report_cell c ON c.report_id = r.id
         WHERE a.region_code LIKE ? AND r.year = ? AND r.scope = 'AGENCY' AND c.table_code = 'APPLICATIONS' AND c.column_code = 'TOTAL'`,
        [`${url.searchParams.get("prefix")}%`, Number(url.searchParams.get("year"))],
      );
      return rows[0];
    }
    default:
      return null;
  }
}

/** Starts the baseline on a free port; returns its URL and a stop function. */
export async function startBaseline(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const parsed = new URL(databaseUrl);
  const pool = createPool({
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: parsed.username || "root",
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
    connectionLimit: 10,
  });
  const server = http.createServer((request, response) => {
    route(pool, new URL(request.url ?? "/", "http://localhost"))
      .then((body) => {
        if (body === null) return void response.writeHead(404).end();
        response.writeHead(200, { "content-type": "application/json" }).end(Array.isArray(body) ? pageOf(body as RowDataPacket[]) : JSON.stringify(body));
      })
      .catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
