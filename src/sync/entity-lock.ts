import type { PoolClient } from 'pg'
import type { Database } from '../store/database'

/**
 * One run per connection × entity at a time, across every worker process: a session-level advisory
 * lock on a dedicated connection. A worker that dies drops its connection and with it the lock, so a
 * crash never leaves an entity locked.
 */
export async function tryLockEntity(db: Database, connectionId: string, entity: string): Promise<{ release(): Promise<void> } | null> {
  const client: PoolClient = await db.pool.connect()
  const key = `sync:${connectionId}:${entity}`
  try {
    const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key])
    if (!res.rows[0].ok) {
      client.release()
      return null
    }
  } catch (err) {
    client.release(err as Error)
    throw err
  }
  return {
    async release() {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
        client.release()
      } catch (err) {
        client.release(err as Error) // destroy the connection: that drops the lock too
      }
    },
  }
}
