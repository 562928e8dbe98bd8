import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

/** A client like the hub's own (`maxRetriesPerRequest: null`); each one stands in for a separate process. */
export function redisClient(): Redis {
  return new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null })
}

/** A hash-tag prefix of its own per test, so tests never share a bucket or a breaker. */
export function uniquePrefix(): string {
  return `{rltest-${randomBytes(6).toString('hex')}}`
}

export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Monotonic milliseconds, for measuring waits. */
export const clock = () => performance.now()

/**
 * Two Redis clients standing in for two processes, opened before a file's tests and closed after,
 * with every key under the prefixes handed out dropped.
 */
export function twoProcesses(): { readonly a: Redis; readonly b: Redis; prefix(): string } {
  let a: Redis | null = null
  let b: Redis | null = null
  const prefixes: string[] = []
  beforeAll(() => {
    a = redisClient()
    b = redisClient()
  })
  afterAll(async () => {
    for (const prefix of prefixes) await dropKeys(a!, prefix)
    await Promise.all([a!.quit(), b!.quit()])
  })
  return {
    get a() {
      return a!
    },
    get b() {
      return b!
    },
    prefix() {
      const prefix = uniquePrefix()
      prefixes.push(prefix)
      return prefix
    },
  }
}
