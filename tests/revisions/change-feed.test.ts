import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { runExport } from "../../src/cli/export.command";
import { INDICATORS } from "../../src/domain/indicator-catalog";
import { ReportCell, ReportRevision } from "../../src/entities";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { ingestSource } from "../../src/ingest/ingest-report";
import { createLogger } from "../../src/logger";
import type { ChangeEntry } from "../../src/revisions/change-feed";
import { correctCells } from "../../src/services/report-review";
import { seedReferenceData } from "../../src/seed/seed-reference-data";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

type Side = { value: number | null; state: string; rawText: string | null };
const side = (cell: ReportCell): Side => ({ value: cell.value === null ? null : Number(cell.value), state: cell.valueState, rawText: cell.rawText });
const code = (cell: ReportCell) => `${cell.tableCode}.${cell.rowCode}.${cell.columnCode}`;
const cellsOf = async (dataSource: DataSource, reportId: number) =>
  new Map((await dataSource.getRepository(ReportCell).find({ where: { reportId } })).map((cell) => [code(cell), side(cell)]));

describe.each(testDatabases())("the change feed on $name", (database) => {
  let dataSource: DataSource;
  let server: RunningServer;
  let reportId: number;
  let ingestedCells: Map<string, Side>;
  let correctedCells: Map<string, Side>;
  let correctedCode: string;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedReferenceData(dataSource);
    for (const name of ["pingtan-2019.txt", "chuanhui-2020.txt"])
      await ingestSource(dataSource, { fileName: name, bytes: fs.readFileSync(path.join(SAMPLES, name)) });
    reportId = (await ingestSource(dataSource, { fileName: "huaian-city-2024.txt", bytes: fs.readFileSync(path.join(SAMPLES, "huaian-city-2024.txt")) }))
      .reportId;
    ingestedCells = await cellsOf(dataSource, reportId);
    const cell = (await dataSource.getRepository(ReportCell).find({ where: { reportId, tableCode: "APPLICATIONS" }, order: { id: "ASC" } })).find(
      (candidate) => candidate.value !== null && INDICATORS.some((indicator) => indicator.code === code(candidate) && !indicator.derived),
    )!;
    correctedCode = code(cell);
    await correctCells(
      dataSource,
      { reportId, revision: 1, corrections: [{ cell: correctedCode, value: Number(cell.value) + 5, reason: "read again" }] },
      { actor: "editor" },
    );
    correctedCells = await cellsOf(dataSource, reportId);
    server = await startHttpServer(dataSource, { port: 0, tokens: [] }, createLogger("silent"));
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await dataSource.destroy();
  });

  const feed = async (query: string): Promise<[number, string]> => {
    const response = await fetch(`${server.url}/export/changes.ndjson${query}`);
    return [response.status, await response.text()];
  };
  const entries = (text: string): ChangeEntry[] =>
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ChangeEntry);

  it("lists every revision once, in id order, with its fields as stored", async () => {
    const [status, text] = await feed("");
    expect(status).toBe(200);
    const revisions = await dataSource.getRepository(ReportRevision).find({ order: { id: "ASC" } });
    const listed = entries(text);
    expect(listed.map((entry) => entry.id)).toEqual(revisions.map((revision) => revision.id));
    expect(listed.map((entry) => entry.id)).toEqual([...listed.map((entry) => entry.id)].sort((a, b) => a - b));
    const last = revisions[revisions.length - 1];
    expect(listed.find((entry) => entry.id === last.id && entry.kind === "CORRECTED")).toBeDefined();
    expect(Object.keys(listed[0])).toEqual([
      "id",
      "reportId",
      "agencyId",
      "year",
      "number",
      "kind",
      "actor",
      "reason",
      "committedAt",
      "cellsChanged",
      "issuesChanged",
      "fields",
      "cells",
    ]);
    const ingested = listed.find((entry) => entry.reportId === reportId && entry.kind === "INGESTED")!;
    const revision = revisions.find((candidate) => candidate.id === ingested.id)!;
    expect({ ...ingested, cells: undefined }).toEqual({
      id: revision.id,
      reportId,
      agencyId: revision.agencyId,
      year: 2024,
      number: 1,
      kind: "INGESTED",
      actor: "gongkai",
      reason: revision.reason,
      committedAt: revision.committedAt.toISOString(),
      cellsChanged: ingestedCells.size,
      issuesChanged: revision.issuesChanged,
      fields: revision.fields,
      cells: undefined,
    });
    expect(ingested.cells).toEqual([...ingestedCells].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cell, after]) => ({ cell, before: null, after })));
  });

  it("gives a correction's diff: the corrected cell and every cell re-derived from it, before and after", async () => {
    const [, text] = await feed("");
    const correction = entries(text).find((entry) => entry.kind === "CORRECTED")!;
    expect([correction.reportId, correction.actor, correction.number]).toEqual([reportId, "editor", 2]);
    const changed = correction.cells.filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
    const expected = [...correctedCells.keys()]
      .filter((cell) => JSON.stringify(ingestedCells.get(cell)) !== JSON.stringify(correctedCells.get(cell)))
      .sort()
      .map((cell) => ({ cell, before: ingestedCells.get(cell) ?? null, after: correctedCells.get(cell)! }));
    expect(changed).toEqual(expected);
    expect(changed.find((change) => change.cell === correctedCode)).toEqual({
      cell: correctedCode,
      before: ingestedCells.get(correctedCode),
      after: { ...correctedCells.get(correctedCode), value: ingestedCells.get(correctedCode)!.value! + 5, state: "CORRECTED" },
    });
  });

  it("resumes after a given id and stops at a limit", async () => {
    const all = entries((await feed(""))[1]).map((entry) => entry.id);
    expect(all.length).toBeGreaterThan(3);
    expect(entries((await feed(`?after=${all[1]}`))[1]).map((entry) => entry.id)).toEqual(all.slice(2));
    expect(entries((await feed(`?after=${all[0]}&limit=2`))[1]).map((entry) => entry.id)).toEqual(all.slice(1, 3));
    expect(await feed(`?after=${all[all.length - 1]}`)).toEqual([200, ""]);
  });

  it("refuses a bad range with a coded 400", async () => {
    for (const [query, message] of [
      ["?after=-1", 'after must be a revision id (0 or more), got "-1"'],
      ["?after=x", 'after must be a revision id (0 or more), got "x"'],
      ["?limit=0", 'limit must be a count of 1 or more, got "0"'],
      ["?after=1&after=2", "after must be given once"],
      ["?since=1", 'unknown parameter "since"; use after, limit'],
    ]) {
      const [status, body] = await feed(query);
      expect([query, status, JSON.parse(body)]).toEqual([query, 400, { error: { code: "BAD_USER_INPUT", message } }]);
    }
  });

  it("gongkai export changes writes the same lines and says where to resume", async () => {
    const all = entries((await feed(""))[1]).map((entry) => entry.id);
    const out = capture();
    const err = capture();
    expect(await runExport(["changes", "--after", String(all[0])], out.stream, err.stream, () => database.reopen(dataSource))).toBe(0);
    expect(out.text()).toBe((await feed(`?after=${all[0]}`))[1]);
    const last = all[all.length - 1];
    expect(err.text()).toBe(`${all.length - 1} changes; the last is ${last} (resume with --after ${last})\n`);
    const usage = capture();
    expect(await runExport(["changes", "--after", "soon"], capture().stream, usage.stream, () => database.reopen(dataSource))).toBe(2);
    expect(usage.text().split("\n")[0]).toBe('export: after must be a revision id (0 or more), got "soon"');
  });
});
