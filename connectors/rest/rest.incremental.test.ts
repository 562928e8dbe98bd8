import nock from 'nock'
import { ConfigError, type JsonObject } from '../../src/connector-sdk'
import { BASE_URL, connectRest, customers, ids, readAll, rejection } from './rest.test-kit'

const PATH = '/api/v1/customers'
const WATERMARK = '2024-05-01T10:00:00.000Z'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

/** Deliberately out of order, so the newest is neither first nor last. */
const stamps = ['2024-05-02T08:00:00Z', '2024-05-03T09:30:00+02:00', '2024-05-02T12:00:00Z', '2024-05-01T23:00:00-04:00', '2024-05-02T01:00:00Z']
const dated = customers(5, 1, (i) => stamps[i])
const newest = (records: JsonObject[]) => new Date(Math.max(...records.map((r) => Date.parse(String(r.updated_at))))).toISOString()

const cursorEntity = { path: PATH, pageSize: 2, incremental: {} }

describe('rest incremental reads', () => {
  it('a first run sends no filter, carries the newest value mid-run and ends on the newest value', async () => {
    const scope = nock(BASE_URL)
      .get(PATH).query({ limit: '2' }).reply(200, { data: dated.slice(0, 2), next_cursor: 'c2' })
      .get(PATH).query({ limit: '2', cursor: 'c2' }).reply(200, { data: dated.slice(2, 4), next_cursor: 'c3' })
      .get(PATH).query({ limit: '2', cursor: 'c3' }).reply(200, { data: dated.slice(4) })
    const { session } = await connectRest({ entities: { customer: cursorEntity } })
    const pages = await readAll(session, 'customer')
    expect(pages.map((p) => p.next)).toEqual([
      { run: { high: newest(dated.slice(0, 2)), token: 'c2' } },
      { run: { high: newest(dated.slice(0, 4)), token: 'c3' } },
      { since: newest(dated) },
    ])
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['iso', (ms: number) => new Date(ms).toISOString()],
    ['epoch-ms', (ms: number) => String(ms)],
    ['epoch-s', (ms: number) => String(Math.floor(ms / 1000))],
  ] as const)('sends the watermark minus the lookback as %s', async (format, expected) => {
    const lookbackMs = 90_500
    const scope = nock(BASE_URL)
      .get(PATH)
      .query({ limit: '2', changed_after: expected(Date.parse(WATERMARK) - lookbackMs) })
      .reply(200, { data: [] })
    const { session } = await connectRest({
      entities: { customer: { path: PATH, pageSize: 2, incremental: { param: 'changed_after', format, lookbackMs } } },
    })
    const pages = await readAll(session, 'customer', { since: WATERMARK })
    expect(scope.isDone()).toBe(true)
    // Nothing changed: the watermark stays where it was.
    expect(pages.map((p) => p.next)).toEqual([{ since: WATERMARK }])
  })

  it('reads epoch-second field values and keeps the watermark as an ISO instant', async () => {
    const secs = [1_714_600_000, 1_714_700_000, 1_714_650_000]
    const records = customers(3, 1, (i) => secs[i])
    nock(BASE_URL).get(PATH).query({ limit: '5' }).reply(200, { data: records })
    const { session } = await connectRest({ entities: { customer: { path: PATH, pageSize: 5, incremental: { format: 'epoch-s' } } } })
    const pages = await readAll(session, 'customer')
    expect(pages.at(-1)?.next).toEqual({ since: new Date(Math.max(...secs) * 1000).toISOString() })
  })

  it('never moves the watermark back when the lookback only re-reads older records', async () => {
    const older = customers(1, 1, () => '2024-05-01T09:59:30Z')
    nock(BASE_URL).get(PATH).query(true).reply(200, { data: older })
    const { session } = await connectRest({ entities: { customer: { path: PATH, incremental: { lookbackMs: 60_000 } } } })
    const pages = await readAll(session, 'customer', { since: WATERMARK })
    expect(pages.at(-1)?.next).toEqual({ since: WATERMARK })
  })

  it('keeps records without a readable field value, warns, and dates the run by the others', async () => {
    const records: JsonObject[] = [{ id: 1, updated_at: '2024-05-02T00:00:00Z' }, { id: 2 }, { id: 3, updated_at: 'soon' }]
    nock(BASE_URL).get(PATH).query(true).reply(200, { data: records })
    const { session, logs } = await connectRest({ entities: { customer: { path: PATH, incremental: {} } } })
    const pages = await readAll(session, 'customer')
    expect(ids(pages)).toEqual([1, 2, 3])
    expect(pages.at(-1)?.next).toEqual({ since: '2024-05-02T00:00:00.000Z' })
    expect(logs.filter((l) => l.level === 'warn')).toEqual([expect.objectContaining({ obj: expect.objectContaining({ undated: 2 }) })])
  })
})

describe('rest resumes a run from a stored mid-run cursor', () => {
  it('cursor paging: continues at the next page with the run filter and does not re-request earlier pages', async () => {
    const lookbackMs = 60_000
    const filter = new Date(Date.parse(WATERMARK) - lookbackMs).toISOString()
    nock(BASE_URL)
      .get(PATH).query({ limit: '2', updated_since: filter }).reply(200, { data: dated.slice(0, 2), next_cursor: 'c2' })
    const first = await connectRest({ entities: { customer: { ...cursorEntity, incremental: { lookbackMs } } } })
    // The hub stores page 1's cursor, then the worker dies before page 2.
    const iterator = first.session.read('customer', { since: WATERMARK }, new AbortController().signal)[Symbol.asyncIterator]()
    const page1 = await iterator.next()
    if (page1.done) throw new Error('expected a first page')
    const stored = page1.value.next
    expect(stored).toEqual({ since: WATERMARK, run: { since: filter, high: newest(dated.slice(0, 2)), token: 'c2' } })
    await iterator.return?.()
    expect(nock.isDone()).toBe(true)

    const scope = nock(BASE_URL)
      .get(PATH).query({ limit: '2', cursor: 'c2', updated_since: filter }).reply(200, { data: dated.slice(2, 4), next_cursor: 'c3' })
      .get(PATH).query({ limit: '2', cursor: 'c3', updated_since: filter }).reply(200, { data: dated.slice(4) })
    const second = await connectRest({ entities: { customer: { ...cursorEntity, incremental: { lookbackMs } } } })
    const rest = await readAll(second.session, 'customer', stored)
    expect(ids(rest)).toEqual(dated.slice(2).map((c) => c.id))
    expect(second.exchanges).toHaveLength(2)
    expect(scope.isDone()).toBe(true)
    // The newest value may have been on a page read before the crash: it still ends the run.
    expect(rest.at(-1)?.next).toEqual({ since: newest(dated) })
  })

  it('page paging: continues at the stored page number', async () => {
    const scope = nock(BASE_URL)
      .get(PATH).query({ page: '3', per_page: '2' }).reply(200, { data: dated.slice(4) })
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2, paging: { type: 'page' } } } })
    const pages = await readAll(session, 'customer', { run: { token: 3 } })
    expect(ids(pages)).toEqual([dated[4].id])
    expect(exchanges).toHaveLength(1)
    expect(scope.isDone()).toBe(true)
  })

  it('next-link paging: continues at the stored URL', async () => {
    const scope = nock(BASE_URL)
      .get(PATH).query({ page_info: 'p3', limit: '2' }).reply(200, { data: dated.slice(4) })
    const { session } = await connectRest({ entities: { customer: { path: PATH, paging: { type: 'next-link' } } } })
    const pages = await readAll(session, 'customer', { run: { token: `${BASE_URL}${PATH}?page_info=p3&limit=2` } })
    expect(ids(pages)).toEqual([dated[4].id])
    expect(scope.isDone()).toBe(true)
  })
})

describe('rest non-incremental reads', () => {
  it('carries only the run position mid-run and ends with null', async () => {
    const all = customers(3)
    nock(BASE_URL)
      .get(PATH).query({ offset: '0', limit: '2' }).reply(200, { data: all.slice(0, 2) })
      .get(PATH).query({ offset: '2', limit: '2' }).reply(200, { data: all.slice(2) })
    const { session } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2, paging: { type: 'offset' } } } })
    const pages = await readAll(session, 'customer')
    expect(pages.map((p) => p.next)).toEqual([{ run: { token: 2 } }, null])
  })

  it('ignores a watermark left by an earlier incremental config and reads everything', async () => {
    const scope = nock(BASE_URL).get(PATH).query({ limit: '100' }).reply(200, { data: customers(1) })
    const { session } = await connectRest({ entities: { customer: { path: PATH } } })
    const pages = await readAll(session, 'customer', { since: WATERMARK })
    expect(scope.isDone()).toBe(true)
    expect(pages.at(-1)?.next).toBeNull()
  })
})

describe('rest refuses an unreadable stored cursor', () => {
  it.each([
    ['a string', 'c2'],
    ['a watermark that is not an instant', { since: 'yesterday' }],
    ['an unknown key', { since: WATERMARK, page: 2 }],
    ['a run without a token', { run: { high: WATERMARK } }],
  ])('%s is a ConfigError before any request is sent', async (_what, cursor) => {
    const { session, exchanges } = await connectRest({ entities: { customer: cursorEntity } })
    const err = await rejection(readAll(session, 'customer', cursor))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/stored cursor is unreadable/)
    expect(exchanges).toHaveLength(0)
  })

  it('a run position of another paging style is a ConfigError', async () => {
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, paging: { type: 'page' } } } })
    const err = await rejection(readAll(session, 'customer', { run: { token: 'c2' } }))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/stored cursor is unreadable/)
    expect(exchanges).toHaveLength(0)
  })

  it('a stored next link to another host is a ConfigError, and nothing is sent there', async () => {
    const evil = nock('https://evil.example').get('/x').reply(200, { data: [] })
    const { session } = await connectRest({ auth: { type: 'bearer', token: 'tok' }, entities: { customer: { path: PATH, paging: { type: 'next-link' } } } })
    expect(await rejection(readAll(session, 'customer', { run: { token: 'https://evil.example/x' } }))).toBeInstanceOf(ConfigError)
    expect(evil.isDone()).toBe(false)
  })
})
