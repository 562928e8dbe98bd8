import nock from 'nock'
import type { JsonObject } from '../../src/connector-sdk'
import { filterLiteral, instantOf } from './sap-odata.watermark'
import { aSalesOrder, BASE_URL, connectSap, feed, keysOf, readAll, realFixture, SERVICE_ROOT } from './sap-odata.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

const ORDERS = `${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`
const PARTNERS = `${SERVICE_ROOT}/API_BUSINESS_PARTNER/A_BusinessPartner`
/** The query params of the one request a scope saw, decoded. */
function captureQuery(scope: nock.Scope): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = []
  scope.on('request', (req: { path: string }) => seen.push(Object.fromEntries(new URL(req.path, BASE_URL).searchParams)))
  return seen
}

describe('SAP date values as instants', () => {
  it.each([
    ['/Date(1518393600000)/', '2018-02-12T00:00:00.000Z'],
    ['/Date(1700130000123+0000)/', '2023-11-16T10:20:00.123Z'],
    // The number is UTC milliseconds; the suffix only says how it was displayed.
    ['/Date(1700130000123+0100)/', '2023-11-16T10:20:00.123Z'],
    ['/Date(253402300799000+0000)/', '9999-12-31T23:59:59.000Z'],
    ['2024-05-31T10:00:00+02:00', '2024-05-31T08:00:00.000Z'],
    ['2024-05-31T10:00:00', '2024-05-31T10:00:00.000Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(new Date(instantOf(value)!).toISOString()).toBe(iso)
  })

  it.each([['ABC'], ['PT17H49M05S'], [''], [null]])('reads %j as no instant', (value) => {
    expect(instantOf(value)).toBeUndefined()
  })

  it('writes both SAP literal styles, rounded down to the second', () => {
    const ms = Date.parse('2024-05-31T23:55:07.999Z')
    expect(filterLiteral(ms, 'datetimeoffset')).toBe("datetimeoffset'2024-05-31T23:55:07Z'")
    expect(filterLiteral(ms, 'datetime')).toBe("datetime'2024-05-31T23:55:07'")
  })
})

describe('incremental reads of sales orders (LastChangeDateTime gt datetimeoffset)', () => {
  it('reads everything on the first run and stores the newest LastChangeDateTime as the watermark', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query((q) => q.$filter === undefined)
      .reply(
        200,
        feed([
          aSalesOrder('1', { LastChangeDateTime: '/Date(1700130000123+0000)/' }),
          aSalesOrder('2', { LastChangeDateTime: '/Date(1717199700000+0000)/' }),
          aSalesOrder('3', { LastChangeDateTime: '/Date(1600000000000+0000)/' }),
        ]),
      )
    const { session } = await connectSap({ entities: { 'sales-order': {} } })
    const pages = await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
    expect(pages.at(-1)!.next).toEqual({ since: '2024-05-31T23:55:00.000Z' })
  })

  it('filters the next run on the watermark minus the lookback, combined with the static filter', async () => {
    const scope = nock(BASE_URL).get(ORDERS).query(true).reply(200, feed([aSalesOrder('4', { LastChangeDateTime: '/Date(1717243200000+0000)/' })]))
    const queries = captureQuery(scope)
    const { session } = await connectSap({ entities: { 'sales-order': { filter: "SalesOrderType eq 'OR'", incremental: { field: 'LastChangeDateTime', lookbackMs: 300_000 } } } })
    const pages = await readAll(session, 'sales-order', { since: '2024-05-31T23:55:00.000Z' })
    expect(queries[0].$filter).toBe("(SalesOrderType eq 'OR') and (LastChangeDateTime gt datetimeoffset'2024-05-31T23:50:00Z')")
    expect(pages.at(-1)!.next).toEqual({ since: '2024-06-01T12:00:00.000Z' })
  })

  it('keeps the run filter while paging, and resumes mid-run with the same filter', async () => {
    const filter = "LastChangeDateTime gt datetimeoffset'2024-05-31T23:55:00Z'"
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query((q) => q.$filter === filter && q.$skip === undefined)
      .reply(200, feed([aSalesOrder('1', { LastChangeDateTime: '/Date(1717243200000+0000)/' }), aSalesOrder('2')]))
      .get(ORDERS)
      .query((q) => q.$filter === filter && q.$skip === '2')
      .reply(200, feed([aSalesOrder('3', { LastChangeDateTime: '/Date(1717250400000+0000)/' })]))
    const { session } = await connectSap({ entities: { 'sales-order': { pageSize: 2 } } })
    const first = await readAll(session, 'sales-order', { since: '2024-05-31T23:55:00.000Z' })
    expect(scope.isDone()).toBe(true)
    expect(first[0].next).toEqual({ since: '2024-05-31T23:55:00.000Z', run: { since: '2024-05-31T23:55:00.000Z', high: '2024-06-01T12:00:00.000Z', skip: 2 } })
    expect(first[1].next).toEqual({ since: '2024-06-01T14:00:00.000Z' })

    // A worker that died after page 1 resumes at page 2 with the filter of the run it continues.
    const resumed = nock(BASE_URL)
      .get(ORDERS)
      .query((q) => q.$filter === filter && q.$skip === '2')
      .reply(200, feed([aSalesOrder('3', { LastChangeDateTime: '/Date(1717250400000+0000)/' })]))
    const rest = await readAll(session, 'sales-order', JSON.parse(JSON.stringify(first[0].next)))
    expect(resumed.isDone()).toBe(true)
    expect(keysOf(rest, 'SalesOrder')).toEqual(['3'])
    expect(rest[0].next).toEqual({ since: '2024-06-01T14:00:00.000Z' })
  })

  it('never moves the watermark backwards, and warns about records without a readable date', async () => {
    nock(BASE_URL)
      .get(ORDERS)
      .query(true)
      .reply(200, feed([aSalesOrder('1', { LastChangeDateTime: '/Date(1600000000000+0000)/' }), aSalesOrder('2', { LastChangeDateTime: null })]))
    const { session, logs } = await connectSap({ entities: { 'sales-order': {} } })
    const pages = await readAll(session, 'sales-order', { since: '2024-05-31T23:55:00.000Z' })
    expect(pages.at(-1)!.next).toEqual({ since: '2024-05-31T23:55:00.000Z' })
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', obj: { page: 1, undated: 1, field: 'LastChangeDateTime' } }))
  })

  it('reads everything when the entity is not incremental, whatever the stored watermark', async () => {
    const scope = nock(BASE_URL).get(ORDERS).query(true).reply(200, feed([aSalesOrder('1')]))
    const queries = captureQuery(scope)
    const { session } = await connectSap({ entities: { 'sales-order': { incremental: null } } })
    const pages = await readAll(session, 'sales-order', { since: '2024-05-31T23:55:00.000Z' })
    expect(queries[0].$filter).toBeUndefined()
    expect(pages[0].next).toBeNull()
  })
})

describe('incremental reads of business partners (LastChangeDate ge datetime, CreationDate for the never changed)', () => {
  // The real partner of the SAP codejam: LastChangeDate is null, CreationDate /Date(1518393600000)/.
  const partner = realFixture('sap-samples-connecting-systems-codejam/sample-response.json').d as JsonObject

  it('asks for partners changed or created since the watermark, and dates a never-changed partner by CreationDate', async () => {
    const scope = nock(BASE_URL).get(PARTNERS).query(true).reply(200, feed([partner]))
    const queries = captureQuery(scope)
    const { session } = await connectSap({ entities: { customer: {} } })
    const pages = await readAll(session, 'customer', { since: '2018-02-01T00:00:00.000Z' })
    expect(queries[0]).toMatchObject({
      $filter: "(LastChangeDate ge datetime'2018-02-01T00:00:00' or CreationDate ge datetime'2018-02-01T00:00:00')",
      $expand: 'to_BusinessPartnerAddress,to_BusinessPartnerAddress/to_EmailAddress,to_BusinessPartnerAddress/to_PhoneNumber',
      $orderby: 'BusinessPartner',
    })
    expect(keysOf(pages, 'BusinessPartner')).toEqual(['1003764'])
    expect(pages[0].next).toEqual({ since: '2018-02-12T00:00:00.000Z' })
  })
})
