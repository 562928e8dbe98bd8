import { csvConfigSchema, type CsvConfigInput } from './csv.config'
import { csvConnector } from './csv.connector'
import { sampleConfig } from './csv.test-kit'

const minimal: CsvConfigInput = { layouts: [{ entity: 'customer', match: { headers: ['Kundennummer'] }, key: 'customer_number' }] }

function issuesOf(input: unknown) {
  const parsed = csvConfigSchema.safeParse(input)
  if (parsed.success) throw new Error('expected the config to be rejected')
  return parsed.error.issues
}

const withLayout = (layout: Record<string, unknown>) => ({ layouts: [{ ...minimal.layouts[0], ...layout }] })

describe('csv config', () => {
  it('fills every default of a minimal config', () => {
    expect(csvConfigSchema.parse(minimal)).toEqual({
      encoding: 'auto',
      layouts: [
        {
          entity: 'customer',
          match: { headers: ['Kundennummer'] },
          key: 'customer_number',
          columns: {},
          delimiter: 'auto',
          quote: '"',
          trim: true,
          skipEmptyLines: true,
          batchSize: 1000,
          maxRowChars: 1024 * 1024,
        },
      ],
    })
  })

  it('fills the defaults of numbers, composite keys and groups', () => {
    const parsed = csvConfigSchema.parse(
      withLayout({ key: { fields: ['sku', 'warehouse'], into: 'position_id' }, numbers: { columns: ['on_hand'] }, group: { by: 'order_number', lines: ['line_no'] } }),
    )
    expect(parsed.layouts[0]).toMatchObject({
      key: { fields: ['sku', 'warehouse'], into: 'position_id', separator: '@' },
      numbers: { columns: ['on_hand'], decimal: ',', grouping: '.' },
      group: { by: 'order_number', lines: ['line_no'], into: 'lines', maxLines: 10_000 },
    })
  })

  it('accepts the sample layouts', () => {
    expect(csvConfigSchema.safeParse(sampleConfig).success).toBe(true)
  })

  it('reports a typo in a nested key on the object that holds it', () => {
    expect(issuesOf(withLayout({ numbers: { columns: ['x'], grouping: '.', decmal: ',' } }))).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['decmal'], path: ['layouts', 0, 'numbers'] }),
    ])
  })

  it('reports bad values with their paths', () => {
    const issues = issuesOf({ encoding: 'latin-9', layouts: [{ entity: 'order', match: {}, key: 'a.b', delimiter: ':', batchSize: 0 }] })
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([['encoding'], ['layouts', 0, 'entity'], ['layouts', 0, 'match'], ['layouts', 0, 'key'], ['layouts', 0, 'delimiter'], ['layouts', 0, 'batchSize']]),
    )
  })

  it('requires at least one layout, and a way to recognise each', () => {
    expect(issuesOf({ layouts: [] }).map((i) => i.message)).toEqual(['configure at least one layout'])
    expect(issuesOf(withLayout({ match: {} }))[0].message).toMatch(/filename`, `headers` or both/)
  })

  it('refuses record field names a mapping could not address or that the connector keeps for itself', () => {
    expect(issuesOf(withLayout({ columns: { 'Name 1': 'name.first' } }))[0].path).toEqual(['layouts', 0, 'columns', 'Name 1'])
    expect(issuesOf(withLayout({ columns: { Fehler: '_error' } }))[0].path).toEqual(['layouts', 0, 'columns', 'Fehler'])
  })

  it('refuses two column entries for the same header spelled differently', () => {
    expect(issuesOf(withLayout({ columns: { Ort: 'city', ' ORT ': 'town' } }))[0].message).toMatch(/same header as "Ort"/)
  })

  it('refuses a grouping separator equal to the decimal separator', () => {
    expect(issuesOf(withLayout({ numbers: { columns: ['x'], decimal: ',', grouping: ',' } }))[0].path).toEqual(['layouts', 0, 'numbers', 'grouping'])
  })

  it('refuses a quote equal to the delimiter, and a field that is both a number and a date', () => {
    expect(issuesOf(withLayout({ delimiter: ';', quote: ';' }))[0].path).toEqual(['layouts', 0, 'quote'])
    expect(issuesOf(withLayout({ numbers: { columns: ['x'] }, dates: { columns: ['x'], order: 'dmy' } }))[0].path).toEqual(['layouts', 0, 'dates', 'columns'])
  })

  it('refuses a group whose lines hold the group field or the key', () => {
    const issues = issuesOf(withLayout({ key: 'order_number', group: { by: 'order_number', lines: ['order_number', 'sku'] } }))
    expect(issues.map((i) => i.path)).toEqual([
      ['layouts', 0, 'group', 'lines'],
      ['layouts', 0, 'key'],
    ])
  })

  it('refuses a line-number field that is already a line field', () => {
    expect(issuesOf(withLayout({ key: 'order_number', group: { by: 'order_number', lines: ['sku', 'pos'], number: 'pos' } }))[0].path).toEqual(['layouts', 0, 'group', 'number'])
  })

  it('refuses two layouts of one entity with different key fields (the hub knows one key per entity)', () => {
    const issues = issuesOf({ layouts: [minimal.layouts[0], { entity: 'customer', match: { headers: ['Customer'] }, key: 'customer_id' }] })
    expect(issues).toEqual([expect.objectContaining({ path: ['layouts', 1, 'key'], message: expect.stringMatching(/layouts.0 uses "customer_number"/) })])
  })
})

describe('csv entities()', () => {
  it('declares each layout’s entity as fed by documents, keyed by its key field (the composite’s target for a composite key)', () => {
    expect(csvConnector.entities(csvConfigSchema.parse(sampleConfig))).toEqual({
      customer: { key: 'customer_number', can: { document: true } },
      'sales-order': { key: 'order_number', can: { document: true } },
      'inventory-position': { key: 'position_id', can: { document: true } },
      product: { key: 'sku', can: { document: true } },
    })
  })
})
