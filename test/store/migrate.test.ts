import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/store/migrate'
import { TEMPLATE_DB_URL } from '../support/test-database'

function urlFor(name: string): string {
  const u = new URL(TEMPLATE_DB_URL)
  u.pathname = `/${name}`
  return u.toString()
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const db = new Client({ connectionString: url })
  await db.connect()
  try {
    return (await db.query<T>(sql)).rows
  } finally {
    await db.end()
  }
}

describe('erphub migrate', () => {
  const name = `erphub_mig_${Date.now()}`
  const url = urlFor(name)
  afterAll(async () => {
    await query(urlFor('postgres'), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })

  test('creates a missing database and applies every migration, recorded as Prisma Migrate records them', async () => {
    const result = await migrate(url)
    const files = readMigrations()
    expect(result.createdDatabase).toBe(true)
    expect(result.applied).toEqual(files.map((f) => f.name))
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
    )
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name))
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'))
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.applied_steps_count).toBe(1)
      expect(row.rolled_back_at).toBeNull()
      expect(files[i].checksum).toBe(row.checksum)
    }
    const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['tenant', 'api_key', 'connection', 'source_record', 'customer', 'product', 'sales_order', 'sales_order_line', 'inventory_position', 'production_order', 'sync_cursor', 'sync_run', 'quarantine']))
  })

  test('a second run applies nothing', async () => {
    const again = await migrate(url)
    expect(again.createdDatabase).toBe(false)
    expect(again.applied).toEqual([])
    expect(again.alreadyApplied.length).toBe(readMigrations().length)
  })

  test('a migration edited after it was applied stops the run and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erphub-mig-'))
    cpSync(MIGRATIONS_DIR, dir, { recursive: true })
    const first = readMigrations(dir)[0]
    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql + '\n-- edited\n')
    await expect(migrate(url, { dir })).rejects.toThrow(`migration ${first.name} was edited after it was applied`)
  })

  test('a migration that failed half-way under the Prisma CLI must be resolved first', async () => {
    await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('00000000-0000-0000-0000-000000000001', 'x', '29990101000000_broken', now())`)
    await expect(migrate(url)).rejects.toThrow('migration 29990101000000_broken failed earlier')
  })
})
