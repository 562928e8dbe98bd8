import { AuthError, getPath, MalformedResponse, RateLimited, Transient, type Cursor, type JsonObject, type Page, type Session } from '../../src/connector-sdk'
import type { RemoteTarget, Scenario } from './conformance.types'
import { errorText, suiteContext } from './conformance.kit'

/** The checks every network connector passes; `target` supplies the ERP (fake or real) per scenario. */
export function remoteSuite(target: RemoteTarget): void {
  const logs: string[] = []
  const errors: unknown[] = []
  const ctx = suiteContext(logs)
  const key = (config: unknown) => target.connector.entities(target.connector.configSchema.parse(config))[target.entity].key

  async function inWorld<T>(scenario: Scenario, fn: (config: unknown, world: Awaited<ReturnType<RemoteTarget['world']>>) => Promise<T>): Promise<T> {
    const world = await target.world(scenario)
    try {
      return await fn(world.config, world)
    } finally {
      await world.close()
    }
  }

  async function session(config: unknown): Promise<Session> {
    const parsed = target.connector.configSchema.parse(config)
    return target.connector.connect(parsed, ctx)
  }

  async function readPages(s: Session, cursor: Cursor | null, stopAfter = Infinity): Promise<Page[]> {
    const pages: Page[] = []
    for await (const page of s.read(target.entity, cursor, new AbortController().signal)) {
      pages.push(page)
      if (pages.length >= stopAfter) break
    }
    return pages
  }

  async function failure(fn: () => Promise<unknown>): Promise<unknown> {
    try {
      await fn()
    } catch (err) {
      errors.push(err)
      return err
    }
    throw new Error('expected a failure, but the call succeeded')
  }

  const keysOf = (pages: Page[], config: unknown) => pages.flatMap((p) => p.records.map((r: JsonObject) => String(getPath(r, key(config)))))

  test('check() passes with good credentials', async () => {
    await inWorld('normal', async (config) => {
      const s = await session(config)
      await expect(s.check()).resolves.toBeUndefined()
      await s.close()
    })
  })

  test('bad credentials are an AuthError, from check() and from read()', async () => {
    await inWorld('bad-credentials', async (config) => {
      const s = await session(config)
      expect(await failure(() => s.check())).toBeInstanceOf(AuthError)
      expect(await failure(() => readPages(s, null))).toBeInstanceOf(AuthError)
      await s.close()
    })
  })

  test('pages to the end: every record exactly once, over several pages', async () => {
    await inWorld('normal', async (config, world) => {
      const s = await session(config)
      const pages = await readPages(s, null)
      await s.close()
      expect(pages.length).toBeGreaterThanOrEqual(3)
      const keys = keysOf(pages, config)
      expect(new Set(keys).size).toBe(keys.length)
      expect([...keys].sort()).toEqual([...world.expectedKeys!].sort())
    })
  })

  test('resumes from a saved cursor after a kill between pages: nothing lost, nothing doubled', async () => {
    await inWorld('normal', async (config, world) => {
      // First worker: stores page 1 (and its cursor), then dies before page 2 is stored.
      const first = await session(config)
      const [stored] = await readPages(first, null, 1)
      const saved = JSON.parse(JSON.stringify(stored.next)) as Cursor // as it comes back from the database
      // Second worker: starts from the stored cursor.
      const second = await session(config)
      const rest = await readPages(second, saved)
      await second.close()
      const keys = keysOf([stored, ...rest], config)
      expect(new Set(keys).size).toBe(keys.length)
      expect([...keys].sort()).toEqual([...world.expectedKeys!].sort())
    })
  })

  test('429 with Retry-After is a RateLimited error carrying the wait', async () => {
    await inWorld('rate-limited', async (config) => {
      const s = await session(config)
      const err = await failure(() => readPages(s, null))
      expect(err).toBeInstanceOf(RateLimited)
      expect((err as RateLimited).retryAfterMs).toBe(2000)
    })
  })

  test('a timeout is Transient (retried with backoff)', async () => {
    await inWorld('timeout', async (config) => {
      const s = await session(config)
      expect(await failure(() => readPages(s, null))).toBeInstanceOf(Transient)
    })
  }, 30_000)

  test('a malformed response is a MalformedResponse, not a crash', async () => {
    await inWorld('malformed', async (config) => {
      const s = await session(config)
      expect(await failure(() => readPages(s, null))).toBeInstanceOf(MalformedResponse)
    })
  })

  if (target.write) {
    const write = target.write
    test('writes give one outcome per record, and a retry with the same idempotency key creates nothing twice', async () => {
      await inWorld('normal', async (config) => {
        const s = await session(config)
        const records = write.records()
        const idempotencyKey = `conformance-${Date.now()}`
        const first = await s.write!(write.entity, records, { idempotencyKey, signal: new AbortController().signal })
        const again = await s.write!(write.entity, records, { idempotencyKey, signal: new AbortController().signal })
        await s.close()
        expect(first).toHaveLength(records.length)
        expect(again).toHaveLength(records.length)
        expect(first.every((o) => o.status === 'created')).toBe(true)
        expect(again.every((o) => o.status !== 'created' && o.status !== 'rejected')).toBe(true)
        expect(await write.count(target.connector.configSchema.parse(config), records)).toBe(records.length)
      })
    })
  }

  test('secrets never appear in a log line or an error', () => {
    expect(errors.length).toBeGreaterThan(0)
    const seen = logs.join('\n') + '\n' + errors.map(errorText).join('\n')
    for (const secret of target.secrets) expect(seen).not.toContain(secret)
  })
}
