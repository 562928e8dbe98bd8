import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { preparePage } from '../../src/sync/page-records.prepare'

const MAPPINGS = join(__dirname, '..', '..', 'mappings')

const customer = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Kunde ${id} GmbH`,
  email: `${id.toLowerCase()}@example.de`,
  phone: '+49 30 1234567',
  vat_id: null,
  address: { street: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
  currency: 'EUR',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-02-01T00:00:00.000Z',
  ...over,
})

describe('preparing a page of raw records', () => {
  const mapping = createMappingCatalog(MAPPINGS).get('rest/customer')

  test('good records are mapped, bad ones quarantined with their issues, and every record is kept raw', () => {
    const page = preparePage([customer('C1'), customer('C2', { name: null }), customer('C3')], 'id', mapping)
    expect(page.raw.map((r) => r.externalId)).toEqual(['C1', 'C2', 'C3'])
    expect(page.mapped.map((m) => m.externalId)).toEqual(['C1', 'C3'])
    expect(page.landedKeys).toEqual(['C1', 'C3'])
    expect(page.quarantined).toHaveLength(1)
    expect(page.quarantined[0]).toMatchObject({ externalId: 'C2', mapping: 'rest/customer', mappingVersion: mapping.version })
    expect(page.quarantined[0].issues).toEqual([expect.objectContaining({ path: 'name', code: 'required' })])
    expect(JSON.parse(page.quarantined[0].payloadJson)).toEqual(customer('C2', { name: null }))
  })

  test('a record repeated within a page counts once, as its last version', () => {
    const page = preparePage([customer('C1', { name: 'Old' }), customer('C1', { name: 'New' })], 'id', mapping)
    expect(page.raw).toHaveLength(1)
    expect((page.mapped[0].value as { name: string }).name).toBe('New')
  })

  test('a record without an id is still kept, keyed by its content', () => {
    const page = preparePage([customer('C9', { id: undefined })], 'id', mapping)
    expect(page.raw[0].externalId).toMatch(/^#[0-9a-f]{24}$/)
    expect(page.quarantined[0].externalId).toBe(page.raw[0].externalId)
  })

  test('the canonical hash changes with the content and only then', () => {
    const a = preparePage([customer('C1')], 'id', mapping).mapped[0].hash
    const b = preparePage([customer('C1')], 'id', mapping).mapped[0].hash
    const c = preparePage([customer('C1', { phone: '+49 30 7654321' })], 'id', mapping).mapped[0].hash
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })
})

describe('the mapping catalog', () => {
  test('compiles a file once, and again when the file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maps-'))
    cpSync(MAPPINGS, dir, { recursive: true })
    const catalog = createMappingCatalog(dir)
    const first = catalog.get('rest/customer')
    expect(catalog.get('rest/customer')).toBe(first)
    const file = join(dir, 'rest', 'customer.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: \d+/m, 'version: 2'))
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    expect(catalog.get('rest/customer').version).toBe(2)
  })

  test('an invalid file is refused with file, line and key; an unknown name says where it looked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maps-'))
    cpSync(MAPPINGS, dir, { recursive: true })
    const file = join(dir, 'rest', 'customer.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('name:', 'nmae:'))
    const catalog = createMappingCatalog(dir)
    expect(() => catalog.get('rest/customer')).toThrow(/customer\.yaml:\d+:\d+ fields\.nmae/)
    expect(() => catalog.get('rest/invoice')).toThrow('mapping rest/invoice does not exist')
    expect(() => catalog.get('../etc/passwd')).toThrow('is not a mapping name')
  })
})
