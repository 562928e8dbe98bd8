import { PrismaPg } from '@prisma/adapter-pg'
import { Pool, type PoolClient } from 'pg'
import { PrismaClient } from './generated/prisma/client'

export type { PrismaClient } from './generated/prisma/client'

/**
 * One pg pool shared by Prisma (per-entity reads and writes) and the raw-SQL bulk paths (sync pages),
 * so the process never holds more connections than `max`.
 */
export interface Database {
  prisma: PrismaClient
  pool: Pool
  /** Runs `fn` in one transaction on one pooled connection. */
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export function openDatabase(options: { url: string; max?: number; applicationName?: string }): Database {
  const pool = new Pool({ connectionString: options.url, max: options.max ?? 10, application_name: options.applicationName ?? 'erphub' })
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: false }) })
  return {
    prisma,
    pool,
    async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(client)
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    async close() {
      await prisma.$disconnect()
      await pool.end()
    },
  }
}
