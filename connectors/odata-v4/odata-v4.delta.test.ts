import nock from 'nock'
import { z, type JsonObject } from '../../src/connector-sdk'
import { BC_HOST, collection, connectOData, fixtures, keys, readAll, realBytes, realJson, useNock } from './odata-v4.test-kit'

useNock()

// The Business Central delta sample uses API v1.0 URLs; the service root follows it.
const COMPANY = '/v1.0/api/v1.0/companies(2d117882-81a5-489e-b956-613205b06c72)'
const DELTA_LINK =
  'https://api.businesscentral.dynamics.com/v1.0/api/v1.0/companies(2d117882-81a5-489e-b956-613205b06c72)/customers?deltaToken=ZmYwMWIzZmEtMTk4OS00MWRjLTllM2UtMWE2MWNlZjE2NzEzLDIwMTgtMDEtMjNUMTc6Mjk6NDAuNTM1MTY0NlosJTJmTVMlMmZhcGklMmZiZXRhJTJmY29tcGFuaWVzKDY3MTE1YTRmLTRkZjQtNDQ1ZC1hNjYwLTlmNzU3MjgzZDhlYyklMmZpdGVtcywsVW5zcGVjaWZpZWQ='
const bcDelta = { serviceRoot: `${BC_HOST}${COMPANY}`, entities: { customer: { entitySet: 'customers', pageSize: 500, incremental: { mode: 'delta' as const } } } }

describe('odata-v4 delta reads (Prefer: odata.track-changes, then @odata.deltaLink)', () => {
  it('Business Central: the first run asks to track changes, yields the deleted entry as a tombstone and stores the delta link', async () => {
    const scope = nock(BC_HOST, { reqheaders: { prefer: 'odata.track-changes, odata.maxpagesize=500' } }).get(`${COMPANY}/customers`).reply(200, realBytes(fixtures.bcDelta))
    const { session } = await connectOData(bcDelta)
    const pages = await readAll(session, 'customer')

    expect(pages).toHaveLength(1)
    expect(pages[0].records).toEqual([
      expect.objectContaining({ id: '6cb4e290-a784-4105-b340-32bb3527bb87', displayName: 'Super Cloud', _etag: 'W/"JzI4O0VnQUFBQUo3QlRVQU1BQXdBREFBTUFBQUFBQUE0OzQzMDgwOyc="' }),
      { id: 'e6b1c1f2-0694-46c0-96ec-6283627b1251', _deleted: true, _reason: 'changed' },
      expect.objectContaining({ id: '71513a39-921d-44f4-866f-e15602ea12b4', displayName: 'Alpine Ski House', balance: 4316.92 }),
    ])
    expect(pages[0].next).toEqual({ mode: 'delta', delta: DELTA_LINK })
    expect(scope.isDone()).toBe(true)
  })

  it('the next run starts at the stored delta link exactly, pages through it and stores the new one', async () => {
    const token = new URL(DELTA_LINK).searchParams.get('deltaToken')
    const page2 = `${BC_HOST}${COMPANY}/customers?deltaToken=${token}&$skiptoken=2`
    const newDelta = `${BC_HOST}${COMPANY}/customers?deltaToken=second`
    const scope = nock(BC_HOST, { reqheaders: { prefer: 'odata.maxpagesize=500' } })
      .get(`${COMPANY}/customers`).query({ deltaToken: token }).reply(200, collection([{ id: 'c-1' }], { '@odata.nextLink': page2 }))
      .get(`${COMPANY}/customers`).query({ deltaToken: token, $skiptoken: '2' }).reply(200, collection([{ id: 'c-2' }], { '@odata.deltaLink': newDelta }))
    const { session } = await connectOData(bcDelta)
    const pages = await readAll(session, 'customer', { mode: 'delta', delta: DELTA_LINK })
    expect(keys(pages)).toEqual(['c-1', 'c-2'])
    // Mid-run the old delta link is kept: if the page link expires, the run restarts from there.
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'delta', delta: DELTA_LINK, run: { link: page2 } }, { mode: 'delta', delta: newDelta }])
    expect(scope.isDone()).toBe(true)
  })

  it('Olingo (OData 4.0): keys tombstones by entity id, skips link changes and related entities, resolves the relative delta link', async () => {
    nock('http://host').get('/service/Customers').reply(200, realBytes(fixtures.olingoDelta))
    const { session, logs } = await connectOData({ serviceRoot: 'http://host/service', entities: { customer: { entitySet: 'Customers', key: 'CustomerID', keyType: 'string', incremental: { mode: 'delta' } } } })
    const pages = await readAll(session, 'customer')

    expect(pages[0].records).toEqual([
      // The source's stray quote makes the id unreadable: kept as sent, no key guessed (the hub quarantines it).
      { _id: "Customers('BOTTM')'", ContactName: 'Susan Halvenstern' },
      { CustomerID: 'ANTON', _id: "Customers('ANTON')", _deleted: true, _reason: 'deleted' },
    ])
    expect(pages[0].next).toEqual({ mode: 'delta', delta: 'http://host/service/Customers?$expand=Orders&$deltatoken=8015' })
    expect(logs.filter((l) => l.level === 'warn')).toEqual([expect.objectContaining({ obj: expect.objectContaining({ related: 1, entitySets: ['Orders'] }) })])
  })

  it('OData 4.01: @removed entries are tombstones, keyed from @id when no key property is sent', async () => {
    const removed = realJson(fixtures.olingoRemoved)
    const items = z.array(z.record(z.string(), z.json())).parse(removed['NavPropertyETTwoPrimMany@delta']) as JsonObject[]
    nock('http://localhost').get('/odata.svc/ESAllPrim').reply(200, { '@context': '$metadata#ESAllPrim/$delta', value: items, '@deltaLink': 'ESAllPrim?$deltatoken=2' })
    const { session } = await connectOData({ serviceRoot: 'http://localhost/odata.svc', entities: { product: { entitySet: 'ESAllPrim', key: 'PropertyInt16', keyType: 'int', incremental: { mode: 'delta' } } } })
    const pages = await readAll(session, 'product')
    expect(pages[0].records).toEqual([
      { _id: 'ESAllPrim(32767)', _deleted: true, _reason: 'deleted', PropertyInt16: 32767 },
      { _id: 'ESAllPrim(-365)', _deleted: true, _reason: 'changed', PropertyInt16: -365 },
      { _id: 'ESAllPrim(5)', PropertyInt16: 5 },
      { _id: 'ESAllPrim(6)', PropertyString: 'Test String2', PropertyInt16: 6 },
      { PropertyInt16: -365, PropertyString: 'Test String2' },
    ])
    expect(pages[0].next).toEqual({ mode: 'delta', delta: 'http://localhost/odata.svc/ESAllPrim?$deltatoken=2' })
  })

  it('a service that sends no delta link cannot resume: the cursor is null and a warning says why', async () => {
    nock(BC_HOST).get(`${COMPANY}/customers`).reply(200, collection([{ id: 'c-1' }]))
    const { session, logs } = await connectOData(bcDelta)
    const pages = await readAll(session, 'customer')
    expect(pages.at(-1)?.next).toBeNull()
    expect(logs.some((l) => l.level === 'warn' && /no @odata.deltaLink/.test(l.msg ?? ''))).toBe(true)
  })

  it('an expired delta link (410 Gone) starts a fresh tracked read instead of failing every run', async () => {
    const scope = nock(BC_HOST)
      .get(`${COMPANY}/customers`).query(true).reply(410, { error: { code: 'Gone', message: 'The delta token has expired.' } })
      .get(`${COMPANY}/customers`).matchHeader('prefer', 'odata.track-changes, odata.maxpagesize=500').reply(200, realBytes(fixtures.bcDelta))
    const { session } = await connectOData(bcDelta)
    const pages = await readAll(session, 'customer', { mode: 'delta', delta: DELTA_LINK })
    expect(pages[0].records).toHaveLength(3)
    expect(pages[0].next).toEqual({ mode: 'delta', delta: DELTA_LINK })
    expect(scope.isDone()).toBe(true)
  })
})
