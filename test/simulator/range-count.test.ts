import type { AxiosInstance } from 'axios'
import type { Simulator } from '../../src/simulator'
import { createListQueryParser, parseRangeQuery } from '../../src/simulator/http/list-query.parse'
import { client, followLinks, startTestSimulator, walkList, type ListBody, type PagingStyle } from './simulator.test-kit'

/** The records a client should get for [since, before), computed from the ground truth. */
function inRange(records: Array<{ id: string; updated_at: string }>, since?: string, before?: string): string[] {
  return records.filter((r) => (since === undefined || r.updated_at >= since) && (before === undefined || r.updated_at < before)).map((r) => r.id)
}

describe('simulator change-time ranges: updated_before and counts', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeAll(async () => {
    sim = await startTestSimulator({ lines: 3000, seed: 11 })
    http = client(sim)
  })
  afterAll(() => sim.close())

  test.each<PagingStyle>(['cursor', 'page', 'offset'])('updated_since with updated_before returns exactly the records in [since, before) (%s), with meta.total counting only them', async (style) => {
    const records = sim.records('sales-orders')
    const since = records[50].updated_at
    const before = records[230].updated_at
    const { pages, ids } = await walkList(http, '/api/v1/sales-orders', style, 37, { updated_since: since, updated_before: before })
    expect(ids).toEqual(inRange(records, since, before))
    expect(ids).toHaveLength(180)
    for (const page of pages) expect(page.meta.total).toBe(180)
    expect(pages.at(-1)!.links.next).toBeNull()
  })

  test('links.next keeps updated_before, so a link-following client stays inside the range', async () => {
    const records = sim.records('customers')
    const before = records[60].updated_at
    const pages = await followLinks(http, `${sim.url}/api/v1/customers?${new URLSearchParams({ limit: '25', updated_before: before })}`)
    expect(pages.flatMap((p) => p.data.map((r) => r.id))).toEqual(inRange(records, undefined, before))
    for (const page of pages.slice(0, -1)) expect(new URL(page.links.next!).searchParams.get('updated_before')).toBe(before)
  })

  test('the count route answers the number of records in [since, before) in the body and in X-Total-Count', async () => {
    const records = sim.records('customers')
    const cases: Array<[string | undefined, string | undefined]> = [
      [undefined, undefined],
      [records[10].updated_at, undefined],
      [undefined, records[10].updated_at],
      [records[10].updated_at, records[99].updated_at],
      [records[99].updated_at, records[10].updated_at],
    ]
    for (const [since, before] of cases) {
      const params = { ...(since ? { updated_since: since } : {}), ...(before ? { updated_before: before } : {}) }
      const res = await http.get('/api/v1/customers/count', { params })
      expect(res.status).toBe(200)
      const expected = inRange(records, since, before).length
      expect(res.data).toEqual({ count: expected })
      expect(res.headers['x-total-count']).toBe(String(expected))
    }
  })

  test('a count sees a late commit in the bucket it was stamped into, not at the end of the list', async () => {
    const lagMs = 3 * 3_600_000
    const [late] = sim.commitLate('customers', 1, lagMs)
    const stamp = Date.parse(sim.record('customers', late)!.updated_at)
    const bucket = { updated_since: new Date(stamp - 1000).toISOString(), updated_before: new Date(stamp + 1000).toISOString() }
    const res = await http.get('/api/v1/customers/count', { params: bucket })
    expect(res.data.count).toBe(inRange(sim.records('customers'), bucket.updated_since, bucket.updated_before).length)
    expect(res.data.count).toBeGreaterThanOrEqual(1)
  })

  test('a bad bound is a 400 naming the param; an unknown list is a 404; a count is read-only', async () => {
    const bad = await http.get('/api/v1/customers/count', { params: { updated_before: 'yesterday' } })
    expect(bad.status).toBe(400)
    expect(bad.data.error.param).toBe('updated_before')
    expect(bad.data.error.message).toContain('updated_before must be an ISO 8601')
    const badList = await http.get<ListBody>('/api/v1/customers', { params: { updated_before: '2026-02-30' } })
    expect(badList.status).toBe(400)
    expect(badList.data).toMatchObject({ error: { param: 'updated_before' } })
    expect((await http.get('/api/v1/widgets/count')).status).toBe(404)
    expect((await http.post('/api/v1/customers/count', {})).status).toBe(405)
  })

  test('the parsers leave `before` out when no upper bound is sent, so existing queries parse as before', () => {
    const parse = createListQueryParser({ default: 100, max: 1000 })
    expect(parse({ limit: '5' })).toEqual({ ok: true, query: { style: 'cursor', after: undefined, limit: 5, since: undefined } })
    expect(parse({ page: '2', updated_before: '2026-03-01' })).toEqual({ ok: true, query: { style: 'page', page: 2, perPage: 100, since: undefined, before: '2026-03-01T00:00:00.000Z' } })
    expect(parseRangeQuery({ updated_since: '2026-03-01T10:00:00+02:00', region: 'eu' })).toEqual({ ok: true, query: { since: '2026-03-01T08:00:00.000Z' } })
  })
})
