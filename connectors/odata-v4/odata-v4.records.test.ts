import type { JsonValue } from '../../src/connector-sdk'
import { normaliseObject, readItem } from './odata-v4.records'
import { fixtures, realItems, realJson } from './odata-v4.test-kit'
import { keyFromEntityId } from './odata-v4.url'

const items = realItems

/** Every key at any depth. */
function allKeys(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys)
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)])
  return []
}

describe('odata-v4 record normalisation', () => {
  it('TripPin: keeps the etag as _etag and the id as _id, drops the links, keeps Int64 above 2^53 exact', () => {
    const [russell] = items(fixtures.tripPin)
    const record = normaliseObject(russell)
    expect(record).toMatchObject({
      _etag: 'W/"08D5EC66AC170EC5"',
      _id: "http://services.odata.org/V4/(S(4taa1h2202lz2pi2bpqff3uy))/TripPinServiceRW/People('russellwhyte')",
      UserName: 'russellwhyte',
      Concurrency: '636674848060804805',
      AddressInfo: [{ Address: '187 Suffolk Ln.', City: { CountryRegion: 'United States', Name: 'Boise', Region: 'ID' } }],
    })
    expect(record).not.toHaveProperty('_editLink')
    // Nested entities are normalised the same way.
    expect(record.Friends).toEqual(expect.arrayContaining([expect.objectContaining({ UserName: 'scottketchum', _etag: 'W/"08D5EC66AC170EC5"', Concurrency: '636674848060804805' })]))
  })

  it('TripPin: drops the property-level context of an expanded collection and leaves no dotted or @ key anywhere', () => {
    const records = items(fixtures.tripPin).map(normaliseObject)
    expect(records).toHaveLength(20)
    const keys = records.flatMap(allKeys)
    expect(keys.filter((k) => k.includes('.') || k.includes('@'))).toEqual([])
    expect(keys).not.toContain('Trips_context')
  })

  it('Dataverse: keeps the cut expanded collection visible as Account_Tasks_nextLink and lookup fields as they are', () => {
    const [account] = items(fixtures.dataverse)
    const record = normaliseObject(account)
    expect(record.Account_Tasks_nextLink).toBe('https://demoodataendpoint.crm4.dynamics.com/api/data/v8.1/accounts(11111111-4952-e611-80dd-c4346bacfc18)/Account_Tasks')
    expect(record).toMatchObject({ _etag: 'W/"596351"', name: 'Account 1', accountid: '5f4c87e4-4952-e611-80dd-c4346bacfc18' })
    expect(record.Account_Tasks).toEqual([expect.objectContaining({ _etag: 'W/"596332"', subject: 'Account task 2', _regardingobjectid_value: '5f4c87e4-4952-e611-80dd-c4346bacfc18', statuscode: 2, scheduledstart: null })])
  })

  it('Olingo: a derived complex type keeps its @odata.type as _type', () => {
    const [bob] = items(fixtures.olingoCustomers)
    expect(normaliseObject(bob).HomeAddress).toEqual({ _type: '#Microsoft.Test.OData.Services.ODataWCFService.HomeAddress', Street: '1 Microsoft Way', City: 'London', PostalCode: '98052', FamilyName: 'Cats' })
  })

  it('OData 4.01: a nested @delta becomes _delta with @removed entries as tombstones, Int64 stays exact', () => {
    const record = normaliseObject(realJson(fixtures.olingoRemoved))
    expect(record).not.toHaveProperty('_context')
    expect(record.PropertyInt64).toBe('9223372036854775807')
    expect(record.NavPropertyETTwoPrimMany_delta).toEqual([
      { _id: 'ESAllPrim(32767)', _deleted: true, _reason: 'deleted' },
      { _id: 'ESAllPrim(-365)', _deleted: true, _reason: 'changed' },
      { _id: 'ESAllPrim(5)' },
      { _id: 'ESAllPrim(6)', PropertyString: 'Test String2' },
      { PropertyInt16: -365, PropertyString: 'Test String2' },
    ])
    expect(record.NavPropertyETTwoPrimOne).toEqual({ _id: 'ESTwoPrim(32767)', PropertyString: 'Test String' })
  })

  it('never touches values: the padded " Tsawassen " of the Olingo delta stays padded', () => {
    const orders = items(fixtures.olingoDelta)[3]
    expect(normaliseObject(orders)).toEqual({ _id: 'Orders(10643)', ShippingAddress: { Street: '23 Tsawassen Blvd.', City: ' Tsawassen ', Region: 'BC', PostalCode: 'T2F 8M4' } })
  })

  it('an ERP property wins over an annotation that would take its name', () => {
    expect(normaliseObject({ '@odata.etag': 'W/"1"', _etag: 'mine' })).toEqual({ _etag: 'mine' })
  })
})

describe('odata-v4 items of a collection or delta', () => {
  const bc = { key: 'id', entitySet: 'customers', constants: {} }

  it('Business Central delta: a $deletedEntity with a bare key becomes a tombstone under the key property', () => {
    const [, deleted] = items(fixtures.bcDelta)
    expect(readItem(deleted, bc)).toEqual({ kind: 'tombstone', record: { id: 'e6b1c1f2-0694-46c0-96ec-6283627b1251', _deleted: true, _reason: 'changed' } })
  })

  it('Business Central delta: a changed customer is a record with its etag', () => {
    const [superCloud] = items(fixtures.bcDelta)
    expect(readItem(superCloud, bc)).toEqual({
      kind: 'record',
      record: { _etag: 'W/"JzI4O0VnQUFBQUo3QlRVQU1BQXdBREFBTUFBQUFBQUE0OzQzMDgwOyc="', id: '6cb4e290-a784-4105-b340-32bb3527bb87', number: '50000', displayName: 'Super Cloud', email: 'jesse.homer@cronuscorp.net', balance: 8836.8 },
    })
  })

  it('Olingo delta: entity ids give the key; the typo\'d id is kept as sent and no key is guessed', () => {
    const ctx = { key: 'CustomerID', entitySet: 'Customers', constants: {} }
    const [changed, deletedLink, link, order, deleted] = items(fixtures.olingoDelta)
    expect(readItem(changed, ctx)).toEqual({ kind: 'record', record: { _id: "Customers('BOTTM')'", ContactName: 'Susan Halvenstern' } })
    expect(readItem(deletedLink, ctx)).toEqual({ kind: 'link' })
    expect(readItem(link, ctx)).toEqual({ kind: 'link' })
    expect(readItem(order, ctx)).toEqual({ kind: 'related', entitySet: 'Orders' })
    expect(readItem(deleted, ctx)).toEqual({ kind: 'tombstone', record: { CustomerID: 'ANTON', _id: "Customers('ANTON')", _deleted: true, _reason: 'deleted' } })
    // The same entry without the stray quote is keyed.
    expect(readItem({ ...changed, '@odata.id': "Customers('BOTTM')" }, ctx)).toEqual({ kind: 'record', record: { _id: "Customers('BOTTM')", ContactName: 'Susan Halvenstern', CustomerID: 'BOTTM' } })
  })

  it('stamps the configured constants on records and tombstones', () => {
    const [superCloud, deleted] = items(fixtures.bcDelta)
    const ctx = { ...bc, constants: { _location: 'EAST' } }
    expect(readItem(superCloud, ctx)).toMatchObject({ record: { _location: 'EAST' } })
    expect(readItem(deleted, ctx)).toMatchObject({ record: { _location: 'EAST', _deleted: true } })
  })
})

describe('odata-v4 entity ids', () => {
  it.each([
    ["Customers('ANTON')", 'CustomerID', 'ANTON'],
    ["People('o''brien')", 'UserName', "o'brien"],
    ['Orders(10643)', 'OrderID', 10643],
    ['ESAllPrim(-365)', 'PropertyInt16', -365],
    ['Customers(PersonID=1)', 'PersonID', 1],
    ["Lines(OrderID=7,Code='a,b')", 'Code', 'a,b'],
    ['https://api.businesscentral.dynamics.com/v2.0/t/e/api/v2.0/companies(2d117882-81a5-489e-b956-613205b06c72)/customers(6cb4e290-a784-4105-b340-32bb3527bb87)', 'id', '6cb4e290-a784-4105-b340-32bb3527bb87'],
  ])('%s gives %s = %j', (id, key, expected) => {
    expect(keyFromEntityId(id, key)).toEqual(expected)
  })

  it.each([["Customers('BOTTM')'"], ['Customers'], ["Customers('open)"], ['Customers(PersonID=1)']])('%s gives no key for CustomerID', (id) => {
    expect(keyFromEntityId(id, 'CustomerID')).toBeUndefined()
  })
})
