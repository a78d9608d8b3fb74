import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { cliAuthor } from "../../src/cli/cli-author";
import { runIngest } from "../../src/cli/ingest.command";
import { runRelease } from "../../src/cli/release.command";
import { DataRelease, ReportRevision } from "../../src/entities";
import { lastRevisionId } from "../../src/revisions/history";
import { RevisionInputError } from "../../src/revisions/revision-errors";
import { createRelease, findRelease, listReleases } from "../../src/services/releases";
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

describe("cliAuthor", () => {
  const saved = process.env.GONGKAI_ACTOR;
  afterEach(() => {
    if (saved === undefined) delete process.env.GONGKAI_ACTOR;
    else process.env.GONGKAI_ACTOR = saved;
  });

  it("names $GONGKAI_ACTOR, else the system user, cut to 64 characters", () => {
    process.env.GONGKAI_ACTOR = "li.ming";
    expect(cliAuthor()).toEqual({ actor: "cli:li.ming" });
    process.env.GONGKAI_ACTOR = "x".repeat(100);
    expect(cliAuthor().actor).toBe(`cli:${"x".repeat(60)}`);
    delete process.env.GONGKAI_ACTOR;
    expect(cliAuthor()).toEqual({ actor: `cli:${os.userInfo().username}`.slice(0, 64) });
  });

  it("falls back to unknown when the system has no entry for the user", () => {
    delete process.env.GONGKAI_ACTOR;
    const spy = jest.spyOn(os, "userInfo").mockImplementation(() => {
      throw new Error("ENOENT: no such user");
    });
    try {
      expect(cliAuthor()).toEqual({ actor: "cli:unknown" });
    } finally {
      spy.mockRestore();
    }
  });
});

describe.each(testDatabases())("releases on $name", (database) => {
  let dataSource: DataSource;
  const saved = process.env.GONGKAI_ACTOR;

  beforeEach(async () => {
    dataSource = await database.open();
    process.env.GONGKAI_ACTOR = "wang.fang";
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.GONGKAI_ACTOR;
    else process.env.GONGKAI_ACTOR = saved;
    await dataSource.destroy();
  });

  it("names the revisions of an ingest from the command line by the CLI user", async () => {
    const code = await runIngest([path.join(SAMPLES, "chuanhui-2020.txt")], capture().stream, capture().stream, () => database.reopen(dataSource));
    expect(code).toBe(0);
    const revisions = await dataSource.getRepository(ReportRevision).find({ order: { id: "ASC" } });
    expect(revisions.map((revision) => [revision.kind, revision.actor])).toEqual([["INGESTED", "cli:wang.fang"]]);
  });

  it("makes a release at the last committed revision, lists and finds it", async () => {
    expect(await lastRevisionId(dataSource.manager)).toBe(0);
    const empty = await createRelease(dataSource, { name: "empty" }, { actor: "tester" });
    expect([empty.name, empty.revisionId, empty.note, empty.createdBy]).toEqual(["empty", 0, null, "tester"]);
    await runIngest([path.join(SAMPLES, "chuanhui-2020.txt"), path.join(SAMPLES, "pingtan-2019.txt")], capture().stream, capture().stream, () =>
      database.reopen(dataSource),
    );
    const last = await lastRevisionId(dataSource.manager);
    expect(last).toBe(2);
    const made = await createRelease(dataSource, { name: "2024-Q1_v1.0", note: "  first public data  " }, { actor: "tester" });
    expect([made.revisionId, made.note]).toEqual([2, "first public data"]);
    expect((await listReleases(dataSource)).map((release) => [release.name, release.revisionId])).toEqual([
      ["empty", 0],
      ["2024-Q1_v1.0", 2],
    ]);
    expect((await findRelease(dataSource, "2024-Q1_v1.0"))?.revisionId).toBe(2);
    expect(await findRelease(dataSource, "nope")).toBeNull();
  });

  it.each([
    [{ name: "" }, "name: is required"],
    [{ name: "a b" }, 'name: "a b" may hold only letters A–Z and a–z, digits, ".", "_" and "-"'],
    [{ name: "版本1" }, 'name: "版本1" may hold only letters A–Z and a–z, digits, ".", "_" and "-"'],
    [{ name: "x".repeat(65) }, "name: is 65 characters long, over the 64 allowed"],
    [{ name: "ok", note: "n".repeat(1025) }, "note: is 1025 characters long, over the 1024 kept"],
  ])("refuses %j, writing nothing", async (request, message) => {
    const refusal = createRelease(dataSource, request, { actor: "tester" });
    await expect(refusal).rejects.toThrow(RevisionInputError);
    await expect(refusal).rejects.toThrow(message);
    expect(await dataSource.getRepository(DataRelease).count()).toBe(0);
  });

  it("refuses a taken name, also when two makers race for it", async () => {
    await createRelease(dataSource, { name: "v1" }, { actor: "tester" });
    await expect(createRelease(dataSource, { name: "v1" }, { actor: "other" })).rejects.toThrow('name: a release named "v1" already exists');
    const writers = await Promise.all([database.reopen(dataSource), database.reopen(dataSource)]);
    const results = await Promise.allSettled(writers.map((writer) => createRelease(writer, { name: "v2" }, { actor: "tester" })));
    await Promise.all(writers.map((writer) => writer.destroy()));
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(RevisionInputError);
    expect(await dataSource.getRepository(DataRelease).count()).toBe(2);
  });

  it("gongkai release create and list print the release; a taken name exits 2", async () => {
    await runIngest([path.join(SAMPLES, "chuanhui-2020.txt")], capture().stream, capture().stream, () => database.reopen(dataSource));
    const out = capture();
    expect(await runRelease(["create", "r1", "--note", "checked"], out.stream, capture().stream, () => database.reopen(dataSource))).toBe(0);
    const made = (await findRelease(dataSource, "r1"))!;
    expect(out.text()).toBe(`release r1 at revision 1, ${made.createdAt.toISOString()}\n`);
    const err = capture();
    expect(await runRelease(["create", "r1"], capture().stream, err.stream, () => database.reopen(dataSource))).toBe(2);
    expect(err.text()).toBe('release: name: a release named "r1" already exists\n');
    const listed = capture();
    expect(await runRelease(["list"], listed.stream, capture().stream, () => database.reopen(dataSource))).toBe(0);
    expect(listed.text()).toBe(`r1\t1\t${made.createdAt.toISOString()}\tcli:wang.fang\tchecked\n`);
    const usage = capture();
    expect(await runRelease(["create"], capture().stream, usage.stream, () => database.reopen(dataSource))).toBe(2);
    expect(usage.text()).toContain("usage: gongkai release create NAME");
  });
});
