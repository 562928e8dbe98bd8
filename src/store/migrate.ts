import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { HubError } from '../errors/hub-error'

export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'prisma', 'migrations')

/** Prisma Migrate takes the same advisory lock, so the hub and the Prisma CLI never migrate at once. */
const PRISMA_ADVISORY_LOCK = 72707369

/** The table exactly as Prisma Migrate creates it, so `prisma migrate status` reads our history. */
const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export interface MigrateResult {
  createdDatabase: boolean
  applied: string[]
  alreadyApplied: string[]
}

/** Migration folders in Prisma's layout (`<timestamp>_<name>/migration.sql`), oldest first. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8')
      // Prisma's checksum: SHA-256 of the file's bytes, hex.
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/** Creates the database named in `url` when it does not exist (a fresh machine has only `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url)
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''))
  if (!dbName) throw new HubError('validation_failed', 'DATABASE_URL names no database')
  const probe = new Client({ connectionString: url })
  try {
    await probe.connect()
    return false
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err // 3D000: invalid_catalog_name
  } finally {
    await probe.end().catch(() => undefined)
  }
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const db = new Client({ connectionString: admin.toString() })
  await db.connect()
  try {
    await db.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
    return true
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return false // created meanwhile by another process
    throw err
  } finally {
    await db.end()
  }
}

/**
 * Applies every migration not yet applied, each in its own transaction, and records it in Prisma's
 * `_prisma_migrations` table. A migration edited after it was applied, or one that failed half-way
 * under the Prisma CLI, stops the run: both need a person.
 */
export async function migrate(url: string, options: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabase(url)
  const files = readMigrations(options.dir)
  const db = new Client({ connectionString: url })
  await db.connect()
  const result: MigrateResult = { createdDatabase, applied: [], alreadyApplied: [] }
  try {
    await db.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK])
    await db.query(CREATE_HISTORY)
    const rows = (
      await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      )
    ).rows
    const failed = rows.find((r) => r.finished_at === null)
    if (failed) throw new HubError('conflict', `migration ${failed.migration_name} failed earlier and is not rolled back; resolve it before migrating`)
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]))
    for (const file of files) {
      const applied = done.get(file.name)
      if (applied !== undefined) {
        if (applied !== file.checksum) throw new HubError('conflict', `migration ${file.name} was edited after it was applied (checksum ${applied.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk)`)
        result.alreadyApplied.push(file.name)
        continue
      }
      await db.query('BEGIN')
      try {
        await db.query(file.sql)
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), file.checksum, file.name],
        )
        await db.query('COMMIT')
      } catch (err) {
        await db.query('ROLLBACK')
        throw new HubError('internal', `migration ${file.name} failed: ${(err as Error).message}`, { cause: err })
      }
      result.applied.push(file.name)
      options.log?.(`applied ${file.name}`)
    }
    return result
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined)
    await db.end()
  }
}
