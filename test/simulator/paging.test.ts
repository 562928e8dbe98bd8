import type { AxiosInstance } from 'axios'
import type { Simulator } from '../../src/simulator'
import { client, followLinks, startTestSimulator, walkList, type ListBody, type PagingStyle } from './simulator.test-kit'

describe('simulator list paging', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeAll(async () => {
    // 3000 lines → 600 orders and 150 customers: several pages, none of them round.
    sim = await startTestSimulator({ lines: 3000, seed: 11 })
    http = client(sim)
  })
  afterAll(() => sim.close())

  test.each<PagingStyle>(['cursor', 'page', 'offset'])('%s paging walks every record exactly once, in (updated_at, id) order', async (style) => {
    const expected = sim.records('sales-orders').map((o) => o.id)
    const { pages, ids } = await walkList(http, '/api/v1/sales-orders', style, 37)
    expect(ids).toEqual(expected)
    expect(pages).toHaveLength(Math.ceil(expected.length / 37))
    for (const page of pages) expect(page.meta.total).toBe(expected.length)
    const last = pages[pages.length - 1]
    expect(last.next_cursor).toBeNull()
    expect(last.links.next).toBeNull()
  })

  test('meta describes each style', async () => {
    expect((await http.get('/api/v1/customers', { params: { page: 2, per_page: 10 } })).data.meta).toEqual({ total: 150, page: 2, per_page: 10 })
    expect((await http.get('/api/v1/customers', { params: { offset: 20, limit: 10 } })).data.meta).toEqual({ total: 150, offset: 20, limit: 10 })
    expect((await http.get('/api/v1/customers', { params: { limit: 10 } })).data.meta).toEqual({ total: 150, limit: 10 })
  })

  test('a page that ends exactly at the last record is the last page (no empty page after it)', async () => {
    const { pages } = await walkList(http, '/api/v1/customers', 'cursor', 50)
    expect(pages.map((p) => p.data.length)).toEqual([50, 50, 50])
    expect(pages[2].next_cursor).toBeNull()
  })

  test('the page size defaults to 100 and may not exceed the maximum', async () => {
    expect((await http.get<ListBody>('/api/v1/sales-orders')).data.data).toHaveLength(100)
    expect((await http.get<ListBody>('/api/v1/sales-orders', { params: { limit: 1000 } })).data.data).toHaveLength(600)
    const small = await startTestSimulator({ lines: 500, maxPageSize: 20 })
    try {
      expect((await client(small).get<ListBody>('/api/v1/sales-orders')).data.data).toHaveLength(20)
      const tooBig = await client(small).get('/api/v1/sales-orders', { params: { limit: 21 } })
      expect(tooBig.status).toBe(400)
      expect(tooBig.data.error.message).toContain('from 1 to 20')
    } finally {
      await small.close()
    }
  })

  test.each<[string, Record<string, string>]>([
    ['cursor', { limit: '25' }],
    ['page', { page: '1', per_page: '25' }],
    ['offset', { offset: '0', limit: '25' }],
  ])('links.next (%s style) is absolute, keeps the other params and walks to the end', async (_style, first) => {
    const records = sim.records('customers')
    const since = records[40].updated_at
    const params = new URLSearchParams({ ...first, updated_since: since, region: 'eu' })
    const pages = await followLinks(http, `${sim.url}/api/v1/customers?${params}`)
    expect(pages.flatMap((p) => p.data.map((r) => r.id))).toEqual(records.slice(40).map((r) => r.id))
    for (const page of pages.slice(0, -1)) {
      const next = new URL(page.links.next!)
      expect(`${next.protocol}//${next.host}`).toBe(sim.url)
      expect(next.searchParams.get('updated_since')).toBe(since)
      expect(next.searchParams.get('region')).toBe('eu')
      expect(next.searchParams.get('limit') ?? next.searchParams.get('per_page')).toBe('25')
    }
  })

  test.each<PagingStyle>(['cursor', 'page', 'offset'])('updated_since returns exactly the records at or after it (%s)', async (style) => {
    const records = sim.records('sales-orders')
    for (const index of [0, 1, 299, records.length - 1]) {
      const since = records[index].updated_at
      const { pages, ids } = await walkList(http, '/api/v1/sales-orders', style, 64, { updated_since: since })
      expect(ids).toEqual(records.slice(index).map((r) => r.id))
      expect(pages[0].meta.total).toBe(records.length - index)
    }
  })

  test('updated_since accepts dates, offsets and zone-less times (read as UTC)', async () => {
    const records = sim.records('customers')
    const at = records[75].updated_at
    const ms = Date.parse(at)
    const plusTwo = new Date(ms + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
    const countFrom = async (since: string) => (await http.get<ListBody>('/api/v1/customers', { params: { updated_since: since, limit: 1 } })).data.meta.total
    expect(await countFrom(at)).toBe(150 - 75)
    expect(await countFrom(plusTwo)).toBe(150 - 75)
    expect(await countFrom(at.replace('Z', ''))).toBe(150 - 75)
    // An unencoded "+" arrives as a space; it is still read as an offset.
    expect((await http.get<ListBody>(`/api/v1/customers?limit=1&updated_since=${plusTwo.replace('+', '%20')}`)).data.meta.total).toBe(150 - 75)
    const day = at.slice(0, 10)
    expect(await countFrom(day)).toBe(records.filter((r) => r.updated_at >= `${day}T00:00:00.000Z`).length)
  })

  test('an updated_since after every record gives an empty last page', async () => {
    const res = await http.get<ListBody>('/api/v1/stock', { params: { updated_since: '2030-01-01T00:00:00Z' } })
    expect(res.data).toEqual({ data: [], meta: { total: 0, limit: 100 }, next_cursor: null, links: { next: null } })
  })

  test('a page past the end is empty and last', async () => {
    const res = await http.get<ListBody>('/api/v1/customers', { params: { page: 99, per_page: 10 } })
    expect(res.status).toBe(200)
    expect(res.data.data).toEqual([])
    expect(res.data.links.next).toBeNull()
  })

  test.each<[string, string]>([
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['per_page=0&page=1', 'per_page'],
    ['limit=5000', 'limit'],
    ['limit=-1', 'limit'],
    ['offset=1.5', 'offset'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('{"u":"yesterday","id":"x"}').toString('base64url')}`, 'cursor'],
    ['updated_since=yesterday', 'updated_since'],
    ['updated_since=2026-02-30', 'updated_since'],
    ['page=1&offset=10', 'offset'],
    ['page=1&limit=10', 'limit'],
    ['per_page=10', 'per_page'],
  ])('%s → 400 naming %s', async (query, param) => {
    const res = await http.get(`/api/v1/customers?${query}`)
    expect(res.status).toBe(400)
    expect(res.data.error.code).toBe('bad_request')
    expect(res.data.error.param).toBe(param)
    expect(res.data.error.message).toContain(param)
  })

  test('unknown paths are 404 JSON, writes are 405, and health answers', async () => {
    for (const path of ['/api/v1/invoices', '/api/v2/customers', '/', '/api/v1/customers/CUST-000001']) {
      const res = await http.get(path)
      expect(res.status).toBe(404)
      expect(res.data.error.code).toBe('not_found')
    }
    const write = await http.post('/api/v1/customers', {})
    expect(write.status).toBe(405)
    expect(write.headers.allow).toBe('GET')
    expect((await http.get('/api/v1/health')).data).toEqual({ status: 'ok' })
  })
})
