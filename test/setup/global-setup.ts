import { Client } from 'pg'
import { LOG_AUDIT_ENV } from '../../src/observability/logger'
import { migrate } from '../../src/store/migrate'
import { freshAuditDir } from '../support/log-audit'

/**
 * Creates the template test database when it is missing and brings it to the latest migration; each
 * test file then works on its own copy (test/support/test-database.ts). Copies left by an aborted
 * earlier run (older than an hour, so a concurrent run's copies are left alone) are dropped first.
 *
 * Every logger of every process of the run (jest's workers, which are started after this, and the
 * processes the tests start, which inherit their environment) also writes its lines to a fresh
 * directory of this run; test/setup/global-teardown.ts searches them for secrets.
 */
export default async function globalSetup(): Promise<void> {
  process.env[LOG_AUDIT_ENV] = freshAuditDir()
  const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/erphub_test'
  await migrate(url)
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const db = new Client({ connectionString: admin.toString() })
  await db.connect()
  try {
    const stale = await db.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'erphub\\_t\\_%'`)
    const hourAgo = Math.floor(Date.now() / 1000) - 3600
    for (const { datname } of stale.rows) {
      const createdAt = Number(datname.split('_')[2])
      if (!Number.isFinite(createdAt) || createdAt < hourAgo) await db.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
  } finally {
    await db.end()
  }
}
