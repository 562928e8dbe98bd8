import nock from 'nock'
import { MalformedResponse } from '../../src/connector-sdk'
import {
  BC_HOST,
  BC_ROOT,
  BC_ROOT_PATH,
  collection,
  connectOData,
  fixtures,
  keys,
  oauth,
  readAll,
  realBytes,
  realJson,
  rejection,
  tokenEndpoint,
  useNock,
} from './odata-v4.test-kit'

useNock()

const CUSTOMERS = `${BC_ROOT_PATH}/customers`
const adatum = realJson(fixtures.bcCustomer)
// The docs show one customer; pages 2 and 3 hold it again under other ids (a test construction).
const customer = (n: number) => ({ ...adatum, id: `f2a5738a-44e3-ea11-bb43-00000000000${n}`, number: `1000${n}` })
const next = (token: string) => `${BC_ROOT}/customers?aid=FIN&$skiptoken=${token}`

describe('odata-v4 paging by @odata.nextLink (Business Central)', () => {
  const entities = { customer: { entitySet: 'customers', pageSize: 2 } }

  it('follows every next link exactly, with the token, the page-size preference and the OData version on every request', async () => {
    const tokens = tokenEndpoint('tok-1')
    const scope = nock(BC_HOST, { reqheaders: { authorization: 'Bearer tok-1', prefer: 'odata.maxpagesize=2', 'odata-version': '4.0' } })
      .get(CUSTOMERS).reply(200, collection([adatum, customer(1)], { '@odata.nextLink': next("'10001'") }))
      .get(CUSTOMERS).query({ aid: 'FIN', $skiptoken: "'10001'" }).reply(200, collection([customer(2), customer(3)], { '@odata.nextLink': next("'10003'") }))
      .get(CUSTOMERS).query({ aid: 'FIN', $skiptoken: "'10003'" }).reply(200, collection([customer(4)]))
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    const pages = await readAll(session, 'customer')

    expect(keys(pages)).toEqual([adatum.id, ...[1, 2, 3, 4].map((n) => customer(n).id)])
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'full', run: { link: next("'10001'") } }, { mode: 'full', run: { link: next("'10003'") } }, null])
    // The real record arrives whole, its odd values as sent ("blocked" is a single space).
    expect(pages[0].records[0]).toEqual(adatum)
    expect(pages[0].records[0].blocked).toBe(' ')
    expect(exchanges.filter((e) => e.path.endsWith('/token'))).toHaveLength(1)
    expect(scope.isDone() && tokens.isDone()).toBe(true)
  })

  it('resumes from a stored mid-run cursor at exactly that link, without re-reading earlier pages', async () => {
    const scope = nock(BC_HOST)
      .get(CUSTOMERS).query({ aid: 'FIN', $skiptoken: "'10003'" }).reply(200, collection([customer(4)]))
    const { session, exchanges } = await connectOData({ entities })
    const pages = await readAll(session, 'customer', { mode: 'full', run: { link: next("'10003'") } })
    expect(keys(pages)).toEqual([customer(4).id])
    expect(exchanges).toHaveLength(1)
    expect(scope.isDone()).toBe(true)
  })

  it('sends $select, $expand and $filter on the first request only (the next link carries them)', async () => {
    const scope = nock(BC_HOST)
      .get(`${BC_ROOT_PATH}/salesOrders`)
      .query({ $select: 'id,number', $expand: 'salesOrderLines', $filter: "(status eq 'Open')" })
      .reply(200, collection([{ id: 'o-1' }], { '@odata.nextLink': `${BC_ROOT}/salesOrders?$skiptoken=o-1` }))
      .get(`${BC_ROOT_PATH}/salesOrders`).query({ $skiptoken: 'o-1' }).reply(200, collection([]))
    const { session } = await connectOData({ entities: { 'sales-order': { entitySet: 'salesOrders', select: 'id,number', expand: 'salesOrderLines', filter: "status eq 'Open'" } } })
    await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
  })
})

describe('odata-v4 paging against real TripPin and Dataverse pages', () => {
  const SESSION = '/V4/(S(4taa1h2202lz2pi2bpqff3uy))/TripPinServiceRW'
  const tripPinNext = 'https://services.odata.org/V4/(S(4taa1h2202lz2pi2bpqff3uy))/TripPinServiceRW/People?%24expand=Trips%2cFriends&%24skiptoken=20'
  const people = { entitySet: 'People', key: 'UserName', keyType: 'string' as const, expand: 'Trips,Friends', pageSize: 20 }

  it('reads the BOM-prefixed page, keeps Int64 exact, and follows the https next link of an http service (same host)', async () => {
    nock('http://services.odata.org').get(`${SESSION}/People`).query({ $expand: 'Trips,Friends' }).reply(200, realBytes(fixtures.tripPin), { 'Content-Type': 'application/json; odata.metadata=minimal' })
    // Page 2 is a test construction: the recording holds page 1 only.
    const last = nock('https://services.odata.org').get(`${SESSION}/People`).query({ $expand: 'Trips,Friends', $skiptoken: '20' }).reply(200, { value: [{ UserName: 'zz-last', Concurrency: '636674848060804805' }] })
    const { session } = await connectOData({ serviceRoot: `http://services.odata.org${SESSION}`, entities: { customer: people } })
    const pages = await readAll(session, 'customer')

    expect(pages.map((p) => p.records.length)).toEqual([20, 1])
    expect(pages[0].records[0]).toMatchObject({ UserName: 'russellwhyte', Concurrency: '636674848060804805', _etag: 'W/"08D5EC66AC170EC5"' })
    expect(pages[0].next).toEqual({ mode: 'full', run: { link: tripPinNext } })
    expect(last.isDone()).toBe(true)
  })

  it('refuses a next link that would downgrade an https service to http', async () => {
    const body = realBytes(fixtures.tripPin).toString('utf8').replace(tripPinNext, tripPinNext.replace('https:', 'http:'))
    nock('https://services.odata.org').get(`${SESSION}/People`).query(true).reply(200, body)
    const { session, exchanges } = await connectOData({ serviceRoot: `https://services.odata.org${SESSION}`, entities: { customer: people } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/downgrades https to http/)
    expect(exchanges).toHaveLength(1)
  })

  it('refuses a next link to another host before sending anything there', async () => {
    nock(BC_HOST).get(`${BC_ROOT_PATH}/customers`).reply(200, collection([adatum], { '@odata.nextLink': 'https://collector.example.net/customers?$skiptoken=1' }))
    const { session, exchanges } = await connectOData({ auth: { type: 'bearer', token: 'tok-x' }, entities: { customer: { entitySet: 'customers' } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('collector.example.net')
    expect(exchanges.map((e) => e.path)).toEqual([`${BC_ROOT}/customers`])
  })

  it('Dataverse: reads the account and leaves the nested Account_Tasks@odata.nextLink unfollowed, visible as Account_Tasks_nextLink', async () => {
    nock('https://demoodataendpoint.crm4.dynamics.com').get('/api/data/v8.1/accounts').query({ $select: 'name', $expand: 'Account_Tasks' }).reply(200, realBytes(fixtures.dataverse))
    const { session, exchanges } = await connectOData({
      serviceRoot: 'https://demoodataendpoint.crm4.dynamics.com/api/data/v8.1',
      entities: { customer: { entitySet: 'accounts', key: 'accountid', select: 'name', expand: 'Account_Tasks' } },
    })
    const pages = await readAll(session, 'customer')
    expect(keys(pages, 'accountid')).toEqual(['5f4c87e4-4952-e611-80dd-c4346bacfc18'])
    expect(pages[0].records[0].Account_Tasks_nextLink).toBe('https://demoodataendpoint.crm4.dynamics.com/api/data/v8.1/accounts(11111111-4952-e611-80dd-c4346bacfc18)/Account_Tasks')
    expect(pages[0].next).toBeNull()
    expect(exchanges).toHaveLength(1)
  })

  it('Olingo: a page with @odata.count and no next link is the last one', async () => {
    nock('http://odatae2etest.azurewebsites.net').get('/javatest/DefaultService/Customers').reply(200, realBytes(fixtures.olingoCustomers))
    const { session } = await connectOData({ serviceRoot: 'http://odatae2etest.azurewebsites.net/javatest/DefaultService', entities: { customer: { entitySet: 'Customers', key: 'PersonID', keyType: 'int' } } })
    const pages = await readAll(session, 'customer')
    expect(keys(pages, 'PersonID')).toEqual([1, 2])
    expect(pages[0].records[1]).toMatchObject({ FirstName: 'Jill', City: 'Sydney', HomeAddress: null, _id: 'http://odatae2etest.azurewebsites.net/javatest/DefaultService/Customers(PersonID=2)' })
  })
})

describe('odata-v4 refuses pages it cannot trust', () => {
  const entities = { customer: { entitySet: 'customers' } }

  it('a body without a value array is a MalformedResponse, never an empty last page', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(200, realBytes(fixtures.bcCustomer))
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('`value`')
  })

  it('a next link naming the current page is a MalformedResponse instead of a loop', async () => {
    nock(BC_HOST)
      .get(CUSTOMERS).reply(200, collection([adatum], { '@odata.nextLink': next('x') }))
      .get(CUSTOMERS).query({ aid: 'FIN', $skiptoken: 'x' }).reply(200, collection([customer(1)], { '@odata.nextLink': next('x') }))
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/current page as the next one/)
  })

  it('an item that is not an object is a MalformedResponse naming its index', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(200, { value: [adatum, 'oops'] })
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('value[1]')
  })
})
