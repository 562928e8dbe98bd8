import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanEntity } from '../../connectors/sap-odata/sap-odata.records'
import { normaliseObject } from '../../connectors/odata-v4/odata-v4.records'
import { parseJsonExact, type JsonObject } from '../../src/connector-sdk'
import { createMappingCatalog } from '../../src/store/mapping.catalog'

/**
 * The customer-carrying OData samples that are not S/4 or Business Central: Northwind customers
 * (OData v2, as the sap-odata connector cleans them), Dataverse accounts and the OData v4 reference
 * service's customers and TripPin's people (as the odata-v4 connector normalises them), mapped with
 * their own layouts.
 */
const REAL = join(__dirname, '..', 'fixtures', 'real')
const catalog = createMappingCatalog(join(__dirname, '..', '..', 'mappings'))
const read = (...path: string[]) => parseJsonExact(readFileSync(join(REAL, ...path), 'utf8')) as Record<string, any>

test('Northwind customers from an OData v2 page map to customers', () => {
  const page = read('sap-cloud-sdk-java', 'odata-v2-response-with-inline-count.json')
  const mapped = (page.d.results as JsonObject[]).map((r) => catalog.get('sap-odata/northwind-customer').map(cleanEntity(r, { truncatedNavigation: () => undefined })))
  expect(mapped[0]).toEqual({ ok: true, value: { externalId: 'ALFKI', name: 'Alfreds Futterkiste', phone: '030-0074321', street: 'Obere Str. 57', city: 'Berlin', postalCode: '12209', country: 'Germany' } })
  expect(mapped.every((m) => m.ok)).toBe(true)
  expect(mapped.map((m) => m.ok && (m.value as { externalId: string }).externalId)).toEqual((page.d.results as Array<{ CustomerID: string }>).map((r) => r.CustomerID))
})

test('Dataverse accounts (BOM, annotations, a nested next link) map to customers', () => {
  const page = read('simple-odata-client', 'AccountTasksAndLink.json')
  const mapped = (page.value as JsonObject[]).map((r) => catalog.get('odata-v4/dataverse-customer').map(normaliseObject(r)))
  expect(mapped.every((m) => m.ok)).toBe(true)
  expect(mapped.map((m) => m.ok && [(m.value as { externalId: string }).externalId, (m.value as { name: string }).name])).toEqual(
    (page.value as Array<{ accountid: string; name: string }>).map((a) => [a.accountid, a.name]),
  )
  expect(mapped[0]).toMatchObject({ ok: true, value: { externalId: '5f4c87e4-4952-e611-80dd-c4346bacfc18', name: 'Account 1' } })
})

test('OData v4 reference-service customers (GeoJSON, durations, derived complex types) map to customers', () => {
  const page = read('apache-olingo-odata4', 'Customers.json')
  const mapped = (page.value as JsonObject[]).map((r) => catalog.get('odata-v4/olingo-customer').map(normaliseObject(r)))
  expect(mapped.every((m) => m.ok)).toBe(true)
  expect(mapped[0]).toEqual({ ok: true, value: { externalId: '1', name: 'Bob Cat', email: 'abc@abc.com', phone: '111-111-1111', street: '1 Microsoft Way', city: 'London', postalCode: '98052' } })
})

test('TripPin people (BOM, an Int64 concurrency token beyond 2^53) map to customers; the token stays exact in the raw record', () => {
  const page = read('simple-odata-client', 'TripPin_result_20.json')
  const records = (page.value as JsonObject[]).map((r) => normaliseObject(r))
  expect(records[0].Concurrency).toBe('636674848060804805')
  const mapped = records.map((r) => catalog.get('odata-v4/trippin-customer').map(r))
  expect(mapped.every((m) => m.ok)).toBe(true)
  expect(mapped).toHaveLength(20)
  expect(mapped[0]).toEqual({ ok: true, value: { externalId: 'russellwhyte', name: 'Russell Whyte', email: 'Russell@example.com', street: '187 Suffolk Ln.', city: 'Boise', country: 'United States' } })
})
