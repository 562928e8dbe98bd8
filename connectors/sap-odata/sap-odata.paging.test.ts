import nock from 'nock'
import { ConfigError, MalformedResponse, type JsonObject } from '../../src/connector-sdk'
import { aSalesOrder, BASE_URL, BASIC, connectSap, feed, keysOf, readAll, realFixture, rejection, SERVICE_ROOT } from './sap-odata.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

const ORDERS = `${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`
const firstWindow = { $format: 'json', $expand: 'to_Item', $orderby: 'SalesOrder', $top: '500' }
const orders = (...ids: string[]) => ids.map((id) => aSalesOrder(id))

describe('server-driven paging (d.__next)', () => {
  // The real Northwind V2 page from the SAP cloud SDK's tests, served where it was captured.
  const NORTHWIND = 'https://services.odata.org'
  const northwind = realFixture('sap-cloud-sdk-java/odata-v2-response-with-inline-count.json') as { d: { results: JsonObject[] } }
  // Page 2 is built from page 1's real records under the ids that follow ERNSH in Northwind.
  const page2 = { d: { results: northwind.d.results.map((r, i) => ({ ...r, CustomerID: ['ERNSH', 'FAMIA'][i] })), __count: '2' } }
  const config = {
    baseUrl: NORTHWIND,
    servicePath: '/V2/Northwind',
    entities: { customer: { service: 'Northwind.svc', entitySet: 'Customers', keyFields: ['CustomerID'], expand: [], incremental: null, paging: 'server' as const, inlineCount: true } },
  }

  it('follows an absolute __next with its $skiptoken as given, to the end', async () => {
    const scope = nock(NORTHWIND, { reqheaders: { authorization: BASIC } })
      .get('/V2/Northwind/Northwind.svc/Customers')
      .query({ $format: 'json', $orderby: 'CustomerID', $inlinecount: 'allpages' })
      .reply(200, northwind)
      .get('/V2/Northwind/Northwind.svc/Customers')
      .query({ $inlinecount: 'allpages', $skiptoken: "'ERNSH'", $format: 'json' })
      .reply(200, page2)
    const { session, logs } = await connectSap(config)
    const pages = await readAll(session, 'customer')
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'CustomerID')).toEqual(['ALFKI', 'ANATR', 'ERNSH', 'FAMIA'])
    expect(pages[0].records[1]).toMatchObject({ CompanyName: 'Ana Trujillo Emparedados y helados', City: 'México D.F.' })
    // Mid-run the cursor holds the link; a non-incremental entity ends with null.
    expect(pages[0].next).toEqual({ run: { skip: 0, next: "https://services.odata.org/V2/Northwind/Northwind.svc/Customers?$inlinecount=allpages&$skiptoken='ERNSH'", seen: 2 } })
    expect(pages[1].next).toBeNull()
    expect(logs.some((l) => l.msg?.includes('counts this many') && (l.obj as { count?: string }).count === '2')).toBe(true)
  })

  it('resumes from a stored cursor at the link, without asking for page 1 again', async () => {
    const scope = nock(NORTHWIND)
      .get('/V2/Northwind/Northwind.svc/Customers')
      .query({ $inlinecount: 'allpages', $skiptoken: "'ERNSH'", $format: 'json' })
      .reply(200, page2)
    const { session } = await connectSap(config)
    const stored = { run: { skip: 0, next: "https://services.odata.org/V2/Northwind/Northwind.svc/Customers?$inlinecount=allpages&$skiptoken='ERNSH'", seen: 2 } }
    const pages = await readAll(session, 'customer', JSON.parse(JSON.stringify(stored)))
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'CustomerID')).toEqual(['ERNSH', 'FAMIA'])
  })

  it('resolves a relative __next against the page that named it', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query(firstWindow)
      .reply(200, feed(orders('1', '2'), { next: "A_SalesOrder?$skiptoken='2'" }))
      .get(ORDERS)
      .query({ $skiptoken: "'2'", $format: 'json' })
      .reply(200, feed(orders('3')))
    const { session } = await connectSap({ entities: { 'sales-order': {} } })
    const pages = await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'SalesOrder')).toEqual(['1', '2', '3'])
    expect(pages[0].next).toMatchObject({ run: { skip: 0, next: `${BASE_URL}${ORDERS}?$skiptoken='2'`, seen: 2 } })
  })

  it('resolves a relative __next named by a page that was itself reached by a quoted $skiptoken', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query({ $skiptoken: "'2'", $format: 'json' })
      .reply(200, feed(orders('3'), { next: "?$skiptoken='3'" }))
      .get(ORDERS)
      .query({ $skiptoken: "'3'", $format: 'json' })
      .reply(200, feed(orders('4')))
    const { session } = await connectSap({ entities: { 'sales-order': {} } })
    const pages = await readAll(session, 'sales-order', { run: { skip: 0, next: `${BASE_URL}${ORDERS}?$skiptoken='2'`, seen: 2 } })
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'SalesOrder')).toEqual(['3', '4'])
    expect(pages[0].next).toMatchObject({ run: { next: `${BASE_URL}${ORDERS}?$skiptoken='3'` } })
  })

  it('adds sap-client and $format to a next link that left them out', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query({ ...firstWindow, 'sap-client': '100' })
      .reply(200, feed(orders('1'), { next: `${BASE_URL}${ORDERS}?$skiptoken=1` }))
      .get(ORDERS)
      .query({ $skiptoken: '1', 'sap-client': '100', $format: 'json' })
      .reply(200, feed(orders('2')))
    const { session } = await connectSap({ sapClient: '100', entities: { 'sales-order': {} } })
    expect(keysOf(await readAll(session, 'sales-order'), 'SalesOrder')).toEqual(['1', '2'])
    expect(scope.isDone()).toBe(true)
  })

  it('refuses a __next on another host: the credentials go with every request', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(200, feed(orders('1'), { next: 'https://evil.example.test/steal?$skiptoken=1' }))
    const { session, exchanges } = await connectSap({ entities: { 'sales-order': {} } })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('outside https://s4.example.test')
    expect(exchanges).toHaveLength(1)
  })

  it('refuses a __next that names the page just read', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(200, feed(orders('1'), { next: `${BASE_URL}${ORDERS}?$skiptoken=1` })).persist()
    const { session } = await connectSap({ entities: { 'sales-order': {} } })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/named the page just read/)
  })
})

describe('client paging ($top / $skip)', () => {
  const entities = { 'sales-order': { pageSize: 2, incremental: null } }
  const window = (skip?: number) => ({ $format: 'json', $expand: 'to_Item', $orderby: 'SalesOrder', $top: '2', ...(skip ? { $skip: String(skip) } : {}) })

  it('asks window after window ordered by the key, until one comes back short', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query(window())
      .reply(200, feed(orders('1', '2')))
      .get(ORDERS)
      .query(window(2))
      .reply(200, feed(orders('3', '4')))
      .get(ORDERS)
      .query(window(4))
      .reply(200, feed(orders('5')))
    const { session } = await connectSap({ entities })
    const pages = await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'SalesOrder')).toEqual(['1', '2', '3', '4', '5'])
    expect(pages.map((p) => p.next)).toEqual([{ run: { skip: 2 } }, { run: { skip: 4 } }, null])
  })

  it('reads one empty window after a full last one, and ends there', async () => {
    const scope = nock(BASE_URL).get(ORDERS).query(window()).reply(200, feed(orders('1', '2'))).get(ORDERS).query(window(2)).reply(200, feed([]))
    const { session } = await connectSap({ entities })
    const pages = await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
    expect(pages.map((p) => p.records.length)).toEqual([2, 0])
  })

  it('follows the server paging inside a window, then asks the next window after everything it delivered', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query({ ...window(), $top: '4' })
      .reply(200, feed(orders('1', '2'), { next: `${BASE_URL}${ORDERS}?$top=2&$skiptoken=2&$format=json` }))
      .get(ORDERS)
      .query({ $top: '2', $skiptoken: '2', $format: 'json' })
      .reply(200, feed(orders('3', '4')))
      .get(ORDERS)
      .query({ ...window(4), $top: '4' })
      .reply(200, feed(orders('5')))
    const { session } = await connectSap({ entities: { 'sales-order': { pageSize: 4, incremental: null } } })
    const pages = await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
    expect(keysOf(pages, 'SalesOrder')).toEqual(['1', '2', '3', '4', '5'])
    expect(pages[0].next).toEqual({ run: { skip: 0, next: `${BASE_URL}${ORDERS}?$top=2&$skiptoken=2&$format=json`, seen: 2 } })
    expect(pages[1].next).toEqual({ run: { skip: 4 } })
  })

  it('resumes at the stored window', async () => {
    const scope = nock(BASE_URL).get(ORDERS).query(window(4)).reply(200, feed(orders('5')))
    const { session } = await connectSap({ entities })
    expect(keysOf(await readAll(session, 'sales-order', { run: { skip: 4 } }), 'SalesOrder')).toEqual(['5'])
    expect(scope.isDone()).toBe(true)
  })

  it('stops with a MalformedResponse when the server ignores $skip and repeats the window', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(200, feed(orders('1', '2'))).persist()
    const { session } = await connectSap({ entities })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/same page twice/)
  })
})

describe('stored cursors', () => {
  it.each([
    ['a link to another host', { run: { skip: 0, next: 'https://elsewhere.example.test/x', seen: 1 } }],
    ['a cursor of another shape', { run: { token: 'abc' } }],
    ['a negative window', { run: { skip: -2 } }],
  ])('refuses %s with a ConfigError before any request', async (_what, cursor) => {
    const { session, exchanges } = await connectSap({ entities: { 'sales-order': {} } })
    const err = await rejection(readAll(session, 'sales-order', cursor))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/cursor is unreadable/)
    expect(exchanges).toHaveLength(0)
  })
})

describe('what the read hands the hub', () => {
  it('reads a single-entity answer and warns that an inline feed with its own __next was cut short (Olingo building)', async () => {
    nock(BASE_URL)
      .get(`${SERVICE_ROOT}/ZREF_SRV/Buildings`)
      .query(true)
      .reply(200, realFixture('apache-olingo-odata2/JsonBuildingWithInlineRoomsAndNextLinkAndCount.json'))
    const { session, logs } = await connectSap({ entities: { building: { service: 'ZREF_SRV', entitySet: 'Buildings', keyFields: ['Id'], expand: ['nb_Rooms'] } } })
    const pages = await readAll(session, 'building')
    expect(pages).toEqual([{ records: [{ Id: '1', Name: 'Building 1', Image: null, nb_Rooms: [{ Id: '1', Name: 'Room 1', Seats: 1, Version: 1 }] }], next: null }])
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', obj: { navigation: 'nb_Rooms' } }))
  })

  it('leaves deleted entries of a delta answer out, and says so (Olingo JsonWithDeletedEntries)', async () => {
    nock(BASE_URL).get(`${SERVICE_ROOT}/ZREF_SRV/Rooms`).query(true).reply(200, realFixture('apache-olingo-odata2/JsonWithDeletedEntries.json'))
    const { session, logs } = await connectSap({ entities: { room: { service: 'ZREF_SRV', entitySet: 'Rooms', keyFields: ['Id'] } } })
    const pages = await readAll(session, 'room')
    expect(keysOf(pages, 'Id')).toEqual(['1'])
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', obj: { page: 1, deleted: 2 } }))
  })

  it('adds the composite _key and _location to stock records, and sends the unrestricted-stock filter', async () => {
    const stock = {
      __metadata: { type: 'API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType' },
      Material: 'TG11',
      Plant: '1010',
      StorageLocation: '101A',
      Batch: '',
      Supplier: '',
      Customer: '',
      WBSElementInternalID: '0',
      SDDocument: '',
      SDDocumentItem: '0',
      InventorySpecialStockType: '',
      InventoryStockType: '01',
      MaterialBaseUnit: 'PC',
      MatlWrhsStkQtyInMatlBaseUnit: '120.000',
    }
    const scope = nock(BASE_URL)
      .get(`${SERVICE_ROOT}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod`)
      .query((q) => q.$filter === "InventoryStockType eq '01'" && q.$top === '500' && String(q.$orderby).startsWith('Material,Plant,StorageLocation'))
      .reply(200, feed([stock]))
    const { session } = await connectSap({ entities: { 'inventory-position': {} } })
    const [page] = await readAll(session, 'inventory-position')
    expect(scope.isDone()).toBe(true)
    expect(page.records[0]).toMatchObject({ _location: '1010/101A', MatlWrhsStkQtyInMatlBaseUnit: '120.000' })
    expect(page.records[0]._key).toMatch(/^Material='TG11',Plant='1010',StorageLocation='101A',/)
  })
})
