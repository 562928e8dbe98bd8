import { Client, type PoolClient } from 'pg'
import { copyRows } from '../../src/store/sync/copy-rows'
import { createTestDatabase } from '../support/test-database'

describe('COPY rows', () => {
  test('text with tabs, newlines, backslashes and a literal \\N arrives exactly; null stays NULL; dates as instants', async () => {
    const database = await createTestDatabase()
    const db = new Client({ connectionString: database.url })
    await db.connect()
    try {
      await db.query('CREATE TEMP TABLE t (a text, b numeric, c timestamptz)')
      const tricky = ['tab\there', 'line\nbreak\r\n', 'back\\slash', '\\N', 'Müller "Bau" GmbH', '', '{"json":"with \\"escapes\\""}']
      const when = new Date('2026-03-14T10:00:00.123Z')
      await copyRows(db as unknown as PoolClient, 't', ['a', 'b', 'c'], [...tricky.map((t, i) => [t, `${i}.5`, when]), [null, null, null]])
      const rows = (await db.query<{ a: string | null; b: string | null; c: Date | null }>('SELECT a, b::text AS b, c FROM t')).rows
      expect(rows.map((r) => r.a)).toEqual([...tricky, null])
      expect(rows.map((r) => r.b)).toEqual([...tricky.map((_, i) => `${i}.5`), null])
      expect(rows[0].c?.toISOString()).toBe(when.toISOString())
      expect(rows.at(-1)!.c).toBeNull()
    } finally {
      await db.end()
      await database.drop()
    }
  })
})
