import type { DataSource, EntityManager } from "typeorm";
import { MIGRATION_LOCK_TIMEOUT_SECONDS, withMigrationLock } from "../db/data-source";
import { INDICATORS, type IndicatorDefinition } from "../domain/indicator-catalog";
import { Indicator, Region } from "../entities";
import { loadRegionRecords } from "../domain/region-data";

/** What a seed run changed. */
export interface SeedSummary {
  readonly regionsInserted: number;
  readonly regionsUpdated: number;
  readonly indicatorsInserted: number;
  readonly indicatorsUpdated: number;
}

const CHUNK = 500;

/** Inserts rows in chunks, keeping each statement well under any driver's parameter limit. */
async function insertInChunks<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]) {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await manager.insert(entity, rows.slice(start, start + CHUNK) as never);
  }
}

async function seedRegions(manager: EntityManager): Promise<[number, number]> {
  const existing = new Map((await manager.find(Region)).map((region) => [region.code, region]));
  const missing: Region[] = [];
  let updated = 0;
  for (const record of loadRegionRecords()) {
    const current = existing.get(record.code);
    if (!current) {
      missing.push(manager.create(Region, record));
    } else if (current.name !== record.name || current.level !== record.level || current.parentCode !== record.parentCode) {
      await manager.update(Region, { code: record.code }, { name: record.name, level: record.level, parentCode: record.parentCode });
      updated += 1;
    }
  }
  await insertInChunks(manager, Region, missing);
  return [missing.length, updated];
}

/** Whether a stored indicator differs from its definition in any field. */
function differs(stored: Indicator, definition: IndicatorDefinition): boolean {
  return (Object.keys(definition) as (keyof IndicatorDefinition)[]).some((key) => String(stored[key]) !== String(definition[key]));
}

async function seedIndicators(manager: EntityManager): Promise<[number, number]> {
  const existing = new Map((await manager.find(Indicator)).map((indicator) => [indicator.code, indicator]));
  const missing: Indicator[] = [];
  let updated = 0;
  for (const definition of INDICATORS) {
    const row = manager.create(Indicator, { ...definition, versions: [...definition.versions] });
    const current = existing.get(definition.code);
    if (!current) missing.push(row);
    else if (differs(current, definition)) {
      await manager.save(Indicator, row);
      updated += 1;
    }
  }
  await insertInChunks(manager, Indicator, missing);
  return [missing.length, updated];
}

/**
 * Loads the reference data (regions, indicator catalog) in one transaction, under the migration lock: processes
 * starting together take turns, and the later ones find everything loaded and change nothing (without the lock
 * they would all insert the same regions and all but one fail). Idempotent: a second run reads the tables once
 * and changes nothing. Throws MigrationLockError when the lock is not obtained within `lockTimeoutSeconds`.
 */
export async function seedReferenceData(dataSource: DataSource, lockTimeoutSeconds = MIGRATION_LOCK_TIMEOUT_SECONDS): Promise<SeedSummary> {
  return withMigrationLock(
    dataSource,
    () =>
      dataSource.transaction(async (manager) => {
        const [regionsInserted, regionsUpdated] = await seedRegions(manager);
        const [indicatorsInserted, indicatorsUpdated] = await seedIndicators(manager);
        return { regionsInserted, regionsUpdated, indicatorsInserted, indicatorsUpdated };
      }),
    lockTimeoutSeconds,
  );
}
