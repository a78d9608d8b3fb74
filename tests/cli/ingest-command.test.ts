import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { runIngest } from "../../src/cli/ingest.command";
import { MAX_HTML_DEPTH } from "../../src/documents/limits";
import { Report } from "../../src/entities";
import { expandSourcePaths } from "../../src/ingest/source-files";
import { SAMPLES } from "../support/samples";
import { testDatabases } from "../support/test-databases";

const SAMPLE_FILES = expandSourcePaths([SAMPLES]).files;

/** A stream that keeps what is written to it. */
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

/** How the progress lines name a file. */
const shown = (file: string) => path.relative(process.cwd(), file);

describe.each(testDatabases())("gongkai ingest on $name", (database) => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await database.open();
  });
  afterEach(async () => dataSource.destroy());

  it("loads the files after a bad one, prints the summary with each failure's file and reason, and exits 1", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-cli-"));
    const files = ["a.txt", "b-deep.html", "c.txt"].map((name) => path.join(folder, name));
    fs.copyFileSync(path.join(SAMPLES, "chuanhui-2020.txt"), files[0]);
    fs.writeFileSync(files[1], `<html><body>${"<div>".repeat(20_000)}x${"</div>".repeat(20_000)}</body></html>`);
    fs.copyFileSync(path.join(SAMPLES, "pingtan-2019.txt"), files[2]);
    const out = capture();
    const err = capture();
    const code = await runIngest([folder, "/nonexistent/report.txt"], out.stream, err.stream, () => database.reopen(dataSource));
    expect(code).toBe(1);
    expect(out.text()).toBe(
      [
        "2 ingested, 0 updated, 0 unchanged, 2 failed",
        "failed: /nonexistent/report.txt: no such file, directory or match",
        `failed: ${files[1]}: the HTML page nests elements more than ${MAX_HTML_DEPTH} deep, the limit for a page; parsing stopped at line 1`,
        "",
      ].join("\n"),
    );
    expect(err.text()).toBe(
      [
        `[1/3] ${shown(files[0])}: ingested (川汇区政务服务和大数据管理局 2020)`,
        `[2/3] ${shown(files[1])}: failed`,
        `[3/3] ${shown(files[2])}: ingested (平潭综合实验区 2019)`,
        "",
      ].join("\n"),
    );
    expect(await dataSource.getRepository(Report).count()).toBe(2);
  });

  it("stops when the database fails, printing the summary so far and the file it stopped at, and exits 1", async () => {
    let cellInserts = 0;
    const failing = () =>
      database.reopen(dataSource, (sql) => {
        if (/INSERT INTO [`"]?report_cell/i.test(sql) && ++cellInserts === 2) throw new Error("connection lost (injected)");
      });
    const out = capture();
    const code = await runIngest([SAMPLES], out.stream, capture().stream, failing);
    expect(code).toBe(1);
    expect(out.text()).toBe(
      [
        "1 ingested, 0 updated, 0 unchanged, 0 failed",
        `stopped at ${SAMPLE_FILES[1]}: the database failed (connection lost (injected)); 3 more file(s) not tried`,
        "",
      ].join("\n"),
    );
    expect(await dataSource.getRepository(Report).count()).toBe(1);
  });
});
