import nock from 'nock'
import { ConfigError, MalformedResponse, type TimeRange, type WindowPage } from '../../src/connector-sdk'
import { restConfigSchema } from './rest.config'
import { BASE_URL, connectRest, customers, rejection } from './rest.test-kit'

const PATH = '/api/v1/customers'
const RANGE: TimeRange = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z' }
const signal = () => new AbortController().signal

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

/** An entity that can be counted from its own list, the total in `meta.total` (the simulator's shape). */
const countable = { path: PATH, pageSize: 50, incremental: { untilParam: 'updated_before' }, count: { totalPath: 'meta.total' } }

function issuesOf(entity: unknown) {
  const parsed = restConfigSchema.safeParse({ baseUrl: BASE_URL, entities: { customer: entity } })
  if (parsed.success) throw new Error('expected the config to be rejected')
  return parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
}

async function windowPages(pages: AsyncIterable<WindowPage>): Promise<WindowPage[]> {
  const out: WindowPage[] = []
  for await (const page of pages) out.push(page)
  return out
}

describe('rest count config', () => {
  it('accepts a count with the total in the body or in a header, leaving untilInclusive unset by default', () => {
    const body = restConfigSchema.parse({ baseUrl: BASE_URL, entities: { customer: countable } })
    expect(body.entities.customer.count).toEqual({ query: {}, totalPath: 'meta.total' })
    expect(body.entities.customer.incremental).toEqual({ param: 'updated_since', field: 'updated_at', format: 'iso', lookbackMs: 0, untilParam: 'updated_before' })
    const header = restConfigSchema.parse({ baseUrl: BASE_URL, entities: { customer: { ...countable, count: { path: '/api/v1/customers/count', totalHeader: 'X-Total-Count' } } } })
    expect(header.entities.customer.count).toEqual({ path: '/api/v1/customers/count', query: {}, totalHeader: 'X-Total-Count' })
  })

  it('requires exactly one place for the total', () => {
    expect(issuesOf({ ...countable, count: {} })).toEqual([{ path: 'entities.customer.count', message: expect.stringContaining('exactly one of totalPath') }])
    expect(issuesOf({ ...countable, count: { totalPath: 'total', totalHeader: 'X-Total-Count' } })).toEqual([
      { path: 'entities.customer.count', message: expect.stringContaining('exactly one of totalPath') },
    ])
  })

  it('rejects a count on an entity that is not incremental, or has no upper-bound param, at the field to fix', () => {
    expect(issuesOf({ path: PATH, count: { totalPath: 'total' } })).toEqual([{ path: 'entities.customer.count', message: expect.stringContaining('needs incremental') }])
    expect(issuesOf({ path: PATH, incremental: {}, count: { totalPath: 'total' } })).toEqual([
      { path: 'entities.customer.incremental.untilParam', message: expect.stringContaining('required by count') },
    ])
  })

  it('rejects params that would overwrite the range bounds, and an upper bound named like the lower one', () => {
    expect(issuesOf({ ...countable, query: { updated_before: 'x' } })).toEqual([{ path: 'entities.customer.query.updated_before', message: 'clashes with incremental.untilParam' }])
    expect(issuesOf({ ...countable, count: { totalPath: 'total', query: { updated_since: 'x' } } })).toEqual([
      { path: 'entities.customer.count.query.updated_since', message: 'clashes with incremental.param' },
    ])
    expect(issuesOf({ path: PATH, incremental: { untilParam: 'updated_since' } })).toContainEqual({
      path: 'entities.customer.incremental.untilParam',
      message: expect.stringContaining('must differ from incremental.param'),
    })
  })
})

describe('rest count', () => {
  it('asks the list for its smallest page with both bounds and reads the total from the body', async () => {
    const scope = nock(BASE_URL)
      .get(PATH)
      .query({ limit: '1', updated_since: RANGE.from!, updated_before: RANGE.to })
      .reply(200, { data: customers(1), meta: { total: 37 } })
    const { session, exchanges } = await connectRest({ entities: { customer: countable } })
    expect(await session.count!('customer', RANGE, signal())).toBe(37)
    expect(scope.isDone()).toBe(true)
    expect(exchanges).toHaveLength(1)
  })

  it('sizes the page in the paging style of the entity (page paging: first page, one record)', async () => {
    const scope = nock(BASE_URL)
      .get(PATH)
      .query({ page: '1', per_page: '1', updated_since: RANGE.from!, updated_before: RANGE.to, status: 'any' })
      .reply(200, { data: [], total: 0 })
    const { session } = await connectRest({ entities: { customer: { ...countable, query: { status: 'any' }, paging: { type: 'page' }, count: { totalPath: 'total' } } } })
    expect(await session.count!('customer', RANGE, signal())).toBe(0)
    expect(scope.isDone()).toBe(true)
  })

  it('uses a dedicated count path with the total in a header, and leaves the lower bound out for an open range', async () => {
    const scope = nock(BASE_URL)
      .get('/api/v1/customers/count')
      .query({ updated_before: RANGE.to })
      .reply(200, { ok: true }, { 'X-Total-Count': '1204' })
    const { session } = await connectRest({ entities: { customer: { ...countable, count: { path: '/api/v1/customers/count', totalHeader: 'X-Total-Count' } } } })
    expect(await session.count!('customer', { from: null, to: RANGE.to }, signal())).toBe(1204)
    expect(scope.isDone()).toBe(true)
  })

  it('reads an OData-style @odata.count key whole, lets count.query replace the size param, and sends an inclusive epoch-second bound one second early', async () => {
    const from = Date.parse(RANGE.from!) / 1000
    const to = Date.parse(RANGE.to) / 1000
    const scope = nock(BASE_URL)
      .get(PATH)
      .query({ $skip: '0', $top: '0', $count: 'true', modified_from: String(from), modified_to: String(to - 1) })
      .reply(200, { '@odata.count': 12, value: [] })
    const { session } = await connectRest({
      entities: {
        customer: {
          path: PATH,
          recordsPath: 'value',
          paging: { type: 'offset', offsetParam: '$skip', limitParam: '$top' },
          incremental: { param: 'modified_from', untilParam: 'modified_to', untilInclusive: true, format: 'epoch-s' },
          count: { totalPath: '@odata.count', query: { $top: '0', $count: 'true' } },
        },
      },
    })
    expect(await session.count!('customer', RANGE, signal())).toBe(12)
    expect(scope.isDone()).toBe(true)
  })

  it('accepts a total sent as digits (OData v2 __count)', async () => {
    nock(BASE_URL).get(PATH).query(true).reply(200, { d: { __count: '42', results: [] } })
    const { session } = await connectRest({ entities: { customer: { ...countable, count: { totalPath: 'd.__count' } } } })
    expect(await session.count!('customer', RANGE, signal())).toBe(42)
  })

  it.each([
    ['missing', { data: [] }, 'found nothing'],
    ['negative', { data: [], meta: { total: -1 } }, 'found -1'],
    ['not a number', { data: [], meta: { total: 'many' } }, 'found "many"'],
  ])('a %s total is a MalformedResponse naming where it was looked for', async (_case, body, found) => {
    nock(BASE_URL).get(PATH).query(true).reply(200, body)
    const { session } = await connectRest({ entities: { customer: countable } })
    const err = await rejection(session.count!('customer', RANGE, signal()))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('`meta.total`')
    expect(err.message).toContain(found)
  })

  it('refuses to count an entity without a count request or without change times, saying what to configure', async () => {
    const { session, exchanges } = await connectRest({
      entities: { customer: { path: PATH, incremental: { untilParam: 'updated_before' } }, product: { path: '/api/v1/products' } },
    })
    const noCount = await rejection(session.count!('customer', RANGE, signal()))
    expect(noCount).toBeInstanceOf(ConfigError)
    expect(noCount.message).toContain('entities.customer.count')
    const notIncremental = await rejection(session.count!('product', RANGE, signal()))
    expect(notIncremental).toBeInstanceOf(ConfigError)
    expect(notIncremental.message).toContain('not incremental')
    expect(exchanges).toHaveLength(0)
  })

  it('counts an empty range as 0 without asking the ERP', async () => {
    const { session, exchanges } = await connectRest({ entities: { customer: countable } })
    expect(await session.count!('customer', { from: RANGE.to, to: RANGE.to }, signal())).toBe(0)
    expect(exchanges).toHaveLength(0)
  })
})

describe('rest window reads', () => {
  it('reads every page of [from, to) with both bounds on each request and no cursor', async () => {
    const stamps = (i: number) => new Date(Date.parse(RANGE.from!) + i * 60_000).toISOString()
    const records = customers(5, 1, stamps)
    const bounds = { updated_since: RANGE.from!, updated_before: RANGE.to }
    const scope = nock(BASE_URL)
      .get(PATH).query({ limit: '2', ...bounds }).reply(200, { data: records.slice(0, 2), next_cursor: 'c2' })
      .get(PATH).query({ limit: '2', cursor: 'c2', ...bounds }).reply(200, { data: records.slice(2, 4), next_cursor: 'c3' })
      .get(PATH).query({ limit: '2', cursor: 'c3', ...bounds }).reply(200, { data: records.slice(4) })
    const { session } = await connectRest({ entities: { customer: { ...countable, pageSize: 2 } } })
    const pages = await windowPages(session.readWindow!('customer', RANGE, signal()))
    expect(pages.map((p) => p.records.map((r) => r.id))).toEqual([[1, 2], [3, 4], [5]])
    expect(pages.every((p) => !('next' in p))).toBe(true)
    expect(scope.isDone()).toBe(true)
  })

  it('refuses a window read without an upper-bound param instead of reading everything since `from`', async () => {
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, incremental: {} } } })
    const err = await rejection(windowPages(session.readWindow!('customer', RANGE, signal())))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('incremental.untilParam')
    expect(exchanges).toHaveLength(0)
  })
})
