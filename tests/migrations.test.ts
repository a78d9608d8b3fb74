import { testDatabases } from "./support/test-databases";

const TABLES = [
  "agency",
  "agency_alias",
  "indicator",
  "region",
  "report",
  "report_cell",
  "report_section",
  "source_chunk",
  "source_document",
  "validation_issue",
];

describe.each(testDatabases())("migrations on $name", (database) => {
  it("create every table, and the schema builder finds nothing left to change", async () => {
    const dataSource = await database.open();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      const runner = dataSource.createQueryRunner();
      const tables = (await runner.getTables(TABLES)).map((table) => table.name.split(".").pop()).sort();
      await runner.release();
      expect(tables).toEqual(TABLES);
    } finally {
      await dataSource.destroy();
    }
  });

  it("revert cleanly with down() and apply again", async () => {
    const dataSource = await database.open();
    try {
      for (let step = 0; step < dataSource.migrations.length; step += 1) {
        await dataSource.undoLastMigration({ transaction: "each" });
      }
      const runner = dataSource.createQueryRunner();
      const left = await Promise.all(TABLES.map((table) => runner.hasTable(table)));
      expect(left).toEqual(TABLES.map(() => false));
      await runner.release();
      const applied = await dataSource.runMigrations({ transaction: "each" });
      expect(applied.map((migration) => migration.name)).toEqual([
        "CreateRegion1732000000001",
        "CreateAgency1732000000002",
        "CreateReport1732000000003",
        "CreateIndicator1732000000004",
        "CreateSourceDocument1732000000005",
        "AddCellProvenance1732000000006",
      ]);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
