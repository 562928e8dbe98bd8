import { randomBytes } from 'node:crypto'
import { Client } from 'pg'

/** The template every test database is copied from; jest's global setup migrates it. */
export const TEMPLATE_DB_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/erphub_test'

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * A private, fully migrated database per test file, copied from the template (fast: a file copy in
 * PostgreSQL). Workers reconcile every connection of their database, so sharing one database between
 * test files running in parallel would let one file's worker run another file's syncs.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // The creation time in the name lets global setup drop copies that an aborted run left behind.
  const name = `erphub_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: withDatabase(TEMPLATE_DB_URL, 'postgres') })
  await admin.connect()
  try {
    const template = new URL(TEMPLATE_DB_URL).pathname.slice(1)
    // CREATE DATABASE … TEMPLATE fails while another session is copying the same template; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
        break
      } catch (err) {
        if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
      }
    }
  } finally {
    await admin.end()
  }
  const url = withDatabase(TEMPLATE_DB_URL, name)
  return {
    url,
    async drop() {
      const db = new Client({ connectionString: withDatabase(TEMPLATE_DB_URL, 'postgres') })
      await db.connect()
      try {
        await db.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await db.end()
      }
    },
  }
}
