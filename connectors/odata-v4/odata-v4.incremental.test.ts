import nock from 'nock'
import { ConfigError } from '../../src/connector-sdk'
import { BC_HOST, BC_ROOT, BC_ROOT_PATH, collection, connectOData, fixtures, keys, readAll, realJson, rejection, useNock } from './odata-v4.test-kit'

useNock()

const ORDERS = `${BC_ROOT_PATH}/salesOrders`
// The real order (lastModifiedDateTime "2023-09-02T17:49:38.5Z", a one-digit fraction) and two more stamps.
const order = realJson(fixtures.bcSalesOrder)
const older = { ...order, id: 'b6f4017a-b749-ee11-ad0b-000000000001', number: '101006', lastModifiedDateTime: '2023-09-01T08:00:00Z' }
const newest = { ...order, id: 'b6f4017a-b749-ee11-ad0b-000000000002', number: '101007', lastModifiedDateTime: '2023-09-02T17:49:38.51Z' }
const WATERMARK = '2023-09-01T00:00:00.000Z'
const next = (token: string) => `${BC_ROOT}/salesOrders?$expand=salesOrderLines&$filter=lastModifiedDateTime%20gt%202023-08-31T23:59:00.000Z&$skiptoken=${token}`

describe('odata-v4 incremental reads by lastModifiedDateTime (the Business Central default)', () => {
  it('a first run sends no filter and ends on the newest lastModifiedDateTime, read as an instant', async () => {
    const scope = nock(BC_HOST)
      .get(ORDERS).query({ $expand: 'salesOrderLines' }).reply(200, collection([order, older]))
    const { session } = await connectOData()
    const pages = await readAll(session, 'sales-order')
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'modified-since', since: '2023-09-02T17:49:38.500Z' }])
    expect(scope.isDone()).toBe(true)
  })

  it('a later run filters on the watermark minus the one-minute lookback, carries its state mid-run and moves the watermark on', async () => {
    const filter = 'lastModifiedDateTime gt 2023-08-31T23:59:00.000Z'
    const scope = nock(BC_HOST)
      .get(ORDERS).query({ $expand: 'salesOrderLines', $filter: filter }).reply(200, collection([older], { '@odata.nextLink': next('1') }))
      .get(ORDERS).query({ $expand: 'salesOrderLines', $filter: filter, $skiptoken: '1' }).reply(200, collection([newest, order]))
    const { session } = await connectOData()
    const pages = await readAll(session, 'sales-order', { mode: 'modified-since', since: WATERMARK })
    expect(pages.map((p) => p.next)).toEqual([
      { mode: 'modified-since', since: WATERMARK, run: { since: '2023-08-31T23:59:00.000Z', high: '2023-09-01T08:00:00.000Z', link: next('1') } },
      { mode: 'modified-since', since: '2023-09-02T17:49:38.510Z' },
    ])
    expect(scope.isDone()).toBe(true)
  })

  it('combines a static filter with the incremental one', async () => {
    const scope = nock(BC_HOST)
      .get(`${BC_ROOT_PATH}/customers`).query({ $filter: "(blocked eq ' ') and lastModifiedDateTime gt 2023-08-31T23:59:00.000Z" }).reply(200, collection([]))
    const { session } = await connectOData({ entities: { customer: { entitySet: 'customers', filter: "blocked eq ' '", incremental: { mode: 'modified-since' } } } })
    const pages = await readAll(session, 'customer', { mode: 'modified-since', since: WATERMARK })
    // Nothing changed: the watermark stays.
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'modified-since', since: WATERMARK }])
    expect(scope.isDone()).toBe(true)
  })

  it('writes the spaces of $filter as %20 on the wire (a + is not a space to every OData server)', async () => {
    let sent = ''
    nock(BC_HOST)
      .get((uri) => {
        sent = uri
        return uri.startsWith(ORDERS)
      })
      .reply(200, collection([]))
    const { session } = await connectOData()
    await readAll(session, 'sales-order', { mode: 'modified-since', since: WATERMARK })
    expect(sent).toBe(`${ORDERS}?$expand=salesOrderLines&$filter=lastModifiedDateTime%20gt%202023-08-31T23%3A59%3A00.000Z`)
  })

  it('resumes a killed run at its stored link and still ends on the newest value seen before the kill', async () => {
    const stored = { mode: 'modified-since', since: WATERMARK, run: { since: '2023-08-31T23:59:00.000Z', high: '2023-09-03T00:00:00.000Z', link: next('1') } }
    const scope = nock(BC_HOST).get(ORDERS).query(true).reply(200, collection([newest]))
    const { session, exchanges } = await connectOData()
    const pages = await readAll(session, 'sales-order', stored)
    expect(keys(pages)).toEqual([newest.id])
    expect(exchanges).toHaveLength(1)
    expect(pages.at(-1)?.next).toEqual({ mode: 'modified-since', since: '2023-09-03T00:00:00.000Z' })
    expect(scope.isDone()).toBe(true)
  })

  it('never moves the watermark back when the lookback re-reads older records', async () => {
    nock(BC_HOST).get(ORDERS).query(true).reply(200, collection([older]))
    const { session } = await connectOData()
    const pages = await readAll(session, 'sales-order', { mode: 'modified-since', since: '2023-09-01T08:00:30.000Z' })
    expect(pages.at(-1)?.next).toEqual({ mode: 'modified-since', since: '2023-09-01T08:00:30.000Z' })
  })

  it('keeps records without a readable lastModifiedDateTime and warns', async () => {
    const { lastModifiedDateTime: _dropped, ...undated } = older
    nock(BC_HOST).get(ORDERS).query(true).reply(200, collection([undated, order]))
    const { session, logs } = await connectOData()
    const pages = await readAll(session, 'sales-order')
    expect(pages[0].records).toHaveLength(2)
    expect(logs.filter((l) => l.level === 'warn')).toEqual([expect.objectContaining({ obj: expect.objectContaining({ undated: 1, field: 'lastModifiedDateTime' }) })])
  })

  it('restarts the run with the same filter when the stored link has expired (410 Gone)', async () => {
    const stored = { mode: 'modified-since', since: WATERMARK, run: { since: '2023-08-31T23:59:00.000Z', link: next('gone') } }
    const scope = nock(BC_HOST)
      .get(ORDERS).query((q) => q.$skiptoken === 'gone').reply(410, { error: { code: 'Gone', message: 'The skip token has expired.' } })
      .get(ORDERS).query({ $expand: 'salesOrderLines', $filter: 'lastModifiedDateTime gt 2023-08-31T23:59:00.000Z' }).reply(200, collection([order]))
    const { session, logs } = await connectOData()
    const pages = await readAll(session, 'sales-order', stored)
    expect(keys(pages)).toEqual([order.id])
    expect(logs.some((l) => l.level === 'warn' && /expired/.test(l.msg ?? ''))).toBe(true)
    expect(scope.isDone()).toBe(true)
  })
})

describe('odata-v4 stored cursors', () => {
  it('reads from the start, with a warning, when the cursor was made for another mode', async () => {
    const scope = nock(BC_HOST).get(ORDERS).query({ $expand: 'salesOrderLines' }).reply(200, collection([order]))
    const { session, logs } = await connectOData()
    const pages = await readAll(session, 'sales-order', { mode: 'delta', delta: `${BC_ROOT}/salesOrders?deltatoken=1` })
    expect(pages.at(-1)?.next).toEqual({ mode: 'modified-since', since: '2023-09-02T17:49:38.500Z' })
    expect(logs.some((l) => l.level === 'warn' && /another incremental mode/.test(l.msg ?? ''))).toBe(true)
    expect(scope.isDone()).toBe(true)
  })

  it.each([
    ['a string', 'c2'],
    ['no mode', { since: WATERMARK }],
    ['a watermark that is not an instant', { mode: 'modified-since', since: 'yesterday' }],
    ['an unknown key', { mode: 'full', run: { link: `${BC_ROOT}/salesOrders` }, page: 2 }],
  ])('%s is a ConfigError before any request', async (_what, cursor) => {
    const { session, exchanges } = await connectOData()
    const err = await rejection(readAll(session, 'sales-order', cursor))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/reset the cursor/)
    expect(exchanges).toHaveLength(0)
  })

  it('a stored link to another host is a ConfigError before any request (the token would go with it)', async () => {
    const { session, exchanges } = await connectOData()
    const err = await rejection(readAll(session, 'sales-order', { mode: 'modified-since', run: { link: 'https://attacker.example/salesOrders' } }))
    expect(err).toBeInstanceOf(ConfigError)
    expect(exchanges).toHaveLength(0)
  })
})
