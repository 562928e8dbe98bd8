import type { AxiosInstance } from 'axios'
import { ENTITY_NAMES, type Simulator } from '../../src/simulator'
import { client, startTestSimulator, walkList, type ListBody } from './simulator.test-kit'

const LAG_MS = 5000

function newest(sim: Simulator, entity: (typeof ENTITY_NAMES)[number]): string {
  return sim.records(entity).at(-1)!.updated_at
}

/**
 * A reader's watermark right after a fresh change: the newest updated_at, which is then the
 * simulator's present (generated data ends some time before `now`, and a late commit is stamped
 * relative to the present).
 */
function freshWatermark(sim: Simulator, entity: (typeof ENTITY_NAMES)[number]): string {
  sim.mutate(entity, 1)
  return newest(sim, entity)
}

const isoMinus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString()

/** Every id the incremental read returns, following the cursor to the end. */
async function idsSince(http: AxiosInstance, path: string, since: string): Promise<string[]> {
  return (await walkList(http, path, 'cursor', 100, { updated_since: since })).ids
}

function expectServedOrder(records: { id: string; updated_at: string }[]): void {
  for (let i = 1; i < records.length; i++) {
    const [a, b] = [records[i - 1], records[i]]
    expect(a.updated_at < b.updated_at || (a.updated_at === b.updated_at && a.id < b.id)).toBe(true)
  }
}

describe('simulator late commits', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeEach(async () => {
    sim = await startTestSimulator({ lines: 2000, seed: 21 })
    http = client(sim)
  })
  afterEach(() => sim.close())

  test.each(ENTITY_NAMES)('commitLate(%s) changes records realistically but stamps them lagMs in the past', (entity) => {
    const latest = freshWatermark(sim, entity)
    const before = new Map(sim.records(entity).map((r) => [r.id, r]))
    const clockBefore = Date.parse(sim.stats().now)
    const ids = sim.commitLate(entity, 4, LAG_MS)
    const clockAfter = Date.parse(sim.stats().now)
    expect(ids).toHaveLength(4)
    expect(new Set(ids).size).toBe(4)
    for (const id of ids) {
      const now = sim.record(entity, id)!
      const stamp = Date.parse(now.updated_at)
      // Stamped lagMs before the moment of the commit (the clock moved only milliseconds meanwhile).
      expect(stamp).toBeGreaterThanOrEqual(clockBefore - LAG_MS)
      expect(stamp).toBeLessThanOrEqual(clockAfter - LAG_MS + 5)
      expect(now.updated_at < latest).toBe(true)
      expect(now).not.toBe(before.get(id))
      if (entity === 'stock') expect((now as { as_of: string }).as_of).toBe(now.updated_at)
    }
    // Later changes still get the newest stamps, and no two records share one.
    const [after] = sim.mutate(entity, 1)
    expect(newest(sim, entity)).toBe(sim.record(entity, after)!.updated_at)
    const stamps = sim.records(entity).map((r) => r.updated_at)
    expect(new Set(stamps).size).toBe(stamps.length)
  })

  test('updated_since after the stamp misses a late commit; an overlap of at least lagMs catches it', async () => {
    // The reader's watermark: the newest change it has seen.
    const watermark = freshWatermark(sim, 'sales-orders')
    const [onTime] = sim.mutate('sales-orders', 1)
    const late = sim.commitLate('sales-orders', 3, LAG_MS)
    const stamps = late.map((id) => sim.record('sales-orders', id)!.updated_at)
    for (const stamp of stamps) expect(stamp < watermark).toBe(true)

    const noOverlap = await idsSince(http, '/api/v1/sales-orders', watermark)
    expect(noOverlap).toContain(onTime)
    for (const id of late) expect(noOverlap).not.toContain(id)

    const shortOverlap = await idsSince(http, '/api/v1/sales-orders', isoMinus(watermark, LAG_MS - 1000))
    for (const id of late) expect(shortOverlap).not.toContain(id)

    const overlap = await idsSince(http, '/api/v1/sales-orders', isoMinus(watermark, LAG_MS))
    expect(overlap).toEqual(expect.arrayContaining([...late, onTime]))

    // The boundary is the stamp itself: served at since = stamp, not at since = stamp + 1 ms.
    const [first] = late
    const stamp = sim.record('sales-orders', first)!.updated_at
    expect(await idsSince(http, '/api/v1/sales-orders', stamp)).toContain(first)
    expect(await idsSince(http, '/api/v1/sales-orders', isoMinus(stamp, -1))).not.toContain(first)
  })

  test('records moved back in time are served in (updated_at, id) order by every paging style', async () => {
    sim.commitLate('customers', 20, 3 * 86_400_000)
    sim.commitLate('customers', 10, LAG_MS)
    const expected = sim.records('customers')
    expectServedOrder(expected)
    for (const style of ['cursor', 'page', 'offset'] as const) {
      const { pages, ids } = await walkList(http, '/api/v1/customers', style, 23)
      expect(ids).toEqual(expected.map((c) => c.id))
      expectServedOrder(pages.flatMap((p) => p.data))
    }
  })

  test('a cursor walk stays ordered and duplicate-free when records move behind it mid-walk, and a re-read finds them', async () => {
    const size = sim.counts().customers
    let late: string[] = []
    let servedBefore = new Set<string>()
    const { pages, ids } = await walkList(http, '/api/v1/customers', 'cursor', 50, {}, (page, index) => {
      if (index !== 0) return
      // Moves 30 random customers to just behind the cursor, as if committed late.
      const cursorAt = page.data.at(-1)!.updated_at
      const lag = Date.parse(sim.stats().now) - Date.parse(cursorAt) + 60_000
      servedBefore = new Set(page.data.map((c) => c.id))
      late = sim.commitLate('customers', 30, lag)
      for (const id of late) expect(sim.record('customers', id)!.updated_at < cursorAt).toBe(true)
    })
    expectServedOrder(pages.flatMap((p) => p.data))
    expect(new Set(ids).size).toBe(ids.length)
    // Those not yet served when they moved are missed by this walk; nothing else is.
    const missed = late.filter((id) => !servedBefore.has(id))
    expect(missed.length).toBeGreaterThan(0)
    expect(ids).toHaveLength(size - missed.length)
    for (const id of missed) expect(ids).not.toContain(id)

    // A re-read from the earliest late stamp serves every one of them, in its new version.
    const earliest = late.map((id) => sim.record('customers', id)!.updated_at).sort()[0]
    const reread = await http.get<ListBody>('/api/v1/customers', { params: { updated_since: earliest, limit: 1000 } })
    for (const id of late) expect(reread.data.data.find((c) => c.id === id)).toEqual(sim.record('customers', id))
  })

  test('POST /admin/commit-late does the same from another process', async () => {
    const watermark = freshWatermark(sim, 'stock')
    const res = await http.post('/admin/commit-late', { entity: 'stock', count: 2, lagMs: LAG_MS })
    expect(res.status).toBe(200)
    expect(res.data.ids).toHaveLength(2)
    for (const id of res.data.ids as string[]) expect(sim.record('stock', id)!.updated_at < watermark).toBe(true)
    expect((await http.post('/admin/commit-late', { entity: 'stock', count: 1, lagMs: -5 })).status).toBe(400)
    expect((await http.post('/admin/commit-late', { entity: 'stock', count: 1 })).status).toBe(400)
    expect(() => sim.commitLate('stock', 1, 1.5)).toThrow(RangeError)
  })
})
