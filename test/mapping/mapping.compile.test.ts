import { formatMappingIssues, mapsTo, type MapResult, type MappingIssue } from '../../src/mapping'
import { compileDraft, probeDraft } from './builders/mapping-draft.builder'
import { aSalesOrderLine, aSalesOrderRecord } from './builders/simulator-record.builder'

function issuesOf(result: MapResult): MappingIssue[] {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`)
  return result.issues
}

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

/** Maps `record` through a ProductionOrder mapping whose `number` field is `probe`; returns `number`. */
function probe(spec: Record<string, unknown>, record: Record<string, unknown>, extra = {}) {
  return compileDraft(probeDraft(spec, extra)).map({ id: 'MO-1', ...record })
}

describe('compileMapping: reading the source', () => {
  it('reads nested paths, dotted or bracketed, through objects and arrays', () => {
    const record = { contact: { addresses: [{ city: 'Berlin' }, { city: 'Köln' }] } }
    expect(valueOf(probe({ from: 'contact.addresses.1.city' }, record)).number).toBe('Köln')
    expect(valueOf(probe({ from: 'contact.addresses[0].city' }, record)).number).toBe('Berlin')
  })

  it('takes the first present path of a coalesce list, skipping null and empty text', () => {
    const spec = { from: ['contact.email', 'email', 'mail'] }
    expect(valueOf(probe(spec, { contact: { email: null }, email: '', mail: 'c@example.com' })).number).toBe('c@example.com')
    expect(valueOf(probe(spec, { contact: { email: 'a@example.com' }, email: 'b@example.com' })).number).toBe('a@example.com')
  })

  it('reports a required coalesce naming every path it tried', () => {
    const [issue] = issuesOf(probe({ from: ['contact.email', 'email'], required: true }, {}))
    expect(issue).toMatchObject({ code: 'required', path: 'contact.email', field: 'number' })
    expect(issue.message).toContain('contact.email, email')
  })

  it('does not read inherited properties as source values', () => {
    expect(valueOf(probe({ from: 'constructor' }, {})).number).toBeNull()
  })

  it('uses a constant when the spec says const', () => {
    expect(valueOf(probe({ const: 'FIXED' }, {})).number).toBe('FIXED')
  })
})

describe('compileMapping: repeated groups', () => {
  it('maps every element of the source array in order', () => {
    const record = aSalesOrderRecord({}, 3)
    const lines = valueOf(compileDraft().map(record)).lines as Array<Record<string, unknown>>
    expect(lines.map((l) => l.lineNo)).toEqual([1, 2, 3])
    expect(lines.map((l) => l.sku)).toEqual((record.lines as Array<{ sku: string }>).map((l) => l.sku))
  })

  it('reports a bad value with the index of its line in both paths', () => {
    const record = aSalesOrderRecord({ lines: [aSalesOrderLine({ line_no: 1 }), aSalesOrderLine({ line_no: 2 }), aSalesOrderLine({ line_no: 3, quantity: 'three' })] })
    expect(issuesOf(compileDraft().map(record))).toEqual([
      { path: 'lines[2].quantity', field: 'lines[2].quantity', code: 'type', message: expect.stringContaining('decimal'), value: 'three' },
    ])
  })

  it('keeps distinct source and canonical paths when they differ', () => {
    const draft = { fields: { lines: { each: 'order.items', fields: { lineNo: { from: 'pos', as: 'integer' }, sku: { from: 'product.code', required: true }, quantity: { from: 'qty', as: 'decimal' } } } } }
    const record = { id: 'SO-1', customer_id: 'C-1', status: 'draft', order: { items: [{ pos: 10, product: { code: 'A' }, qty: 1 }, { pos: 20, product: {}, qty: 2 }] } }
    expect(issuesOf(compileDraft(draft).map(record))).toEqual([
      { path: 'order.items[1].product.code', field: 'lines[1].sku', code: 'required', message: expect.any(String) },
    ])
  })

  it('gives an empty list for a missing or null source array', () => {
    const mapping = compileDraft()
    expect(valueOf(mapping.map(aSalesOrderRecord({ lines: null }))).lines).toEqual([])
    expect(valueOf(mapping.map(aSalesOrderRecord({ lines: undefined }))).lines).toEqual([])
  })

  it('reports a source "array" that is not a list, and an element that is not an object', () => {
    expect(issuesOf(compileDraft().map(aSalesOrderRecord({ lines: 'none' })))).toEqual([{ path: 'lines', field: 'lines', code: 'type', message: 'expected a list', value: 'none' }])
    expect(issuesOf(compileDraft().map(aSalesOrderRecord({ lines: [aSalesOrderLine(), 42] })))).toEqual([
      { path: 'lines[1]', field: 'lines[1]', code: 'type', message: expect.any(String), value: 42 },
    ])
  })
})

describe('compileMapping: defaults, required, transforms, lookups', () => {
  it.each([[undefined], [null], ['']])('uses the default when the source value is %p', (missing) => {
    expect(valueOf(probe({ from: 'code', default: 'N/A' }, { code: missing })).number).toBe('N/A')
  })

  it('keeps a present value over the default', () => {
    expect(valueOf(probe({ from: 'code', default: 'N/A' }, { code: 'X-1' })).number).toBe('X-1')
  })

  it('writes null for an absent optional value, so an upsert clears it', () => {
    expect(valueOf(probe({ from: 'code' }, {})).number).toBeNull()
  })

  it('reports a missing required value with code "required"', () => {
    expect(issuesOf(probe({ from: 'code', required: true }, { code: null }))).toEqual([{ path: 'code', field: 'number', code: 'required', message: 'required value is missing' }])
  })

  it('applies transforms in the order given', () => {
    expect(valueOf(probe({ from: 'code', transform: ['collapse-spaces', 'trim', 'upper'] }, { code: '  ab \t cd  ' })).number).toBe('AB CD')
    expect(valueOf(probe({ from: 'code', transform: 'digits' }, { code: '+49 (89) 123-45' })).number).toBe('498912345')
    expect(valueOf(probe({ from: 'code', transform: 'lower' }, { code: 'MiXeD' })).number).toBe('mixed')
  })

  it('runs transforms before the lookup', () => {
    const lookups = { codes: { open: 'OPEN-1' } }
    expect(valueOf(probe({ from: 'code', transform: ['trim', 'lower'], lookup: 'codes' }, { code: ' Open ' }, { lookups })).number).toBe('OPEN-1')
  })

  it('treats a value that transforms to nothing as missing', () => {
    expect(issuesOf(probe({ from: 'code', transform: 'digits', required: true }, { code: 'n/a' }))[0]).toMatchObject({ code: 'required', value: 'n/a' })
  })

  it('translates a value through its lookup, matching numbers by their text', () => {
    const lookups = { codes: { '10': 'ten', A: 'letter' } }
    expect(valueOf(probe({ from: 'code', lookup: 'codes' }, { code: 10 }, { lookups })).number).toBe('ten')
    expect(valueOf(probe({ from: 'code', lookup: 'codes' }, { code: 'A' }, { lookups })).number).toBe('letter')
  })

  it('reports an unknown lookup value, naming the value and the known keys, never passing it through', () => {
    const [issue] = issuesOf(compileDraft().map(aSalesOrderRecord({ status: 'on-hold' })))
    expect(issue).toMatchObject({ path: 'status', field: 'status', code: 'lookup', value: 'on-hold' })
    expect(issue.message).toContain('"on-hold"')
    for (const known of ['draft', 'confirmed', 'done']) expect(issue.message).toContain(`"${known}"`)
  })
})

describe('compileMapping: issues', () => {
  it('collects every issue of a record, not just the first', () => {
    const record = aSalesOrderRecord({
      id: null as unknown as string,
      status: 'bogus',
      lines: [aSalesOrderLine({ line_no: 'one' }), aSalesOrderLine({ line_no: 2, sku: null, quantity: '1,5' })],
    })
    const issues = issuesOf(compileDraft().map(record))
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['externalId', 'required'],
      ['status', 'lookup'],
      ['lines[0].lineNo', 'type'],
      ['lines[1].sku', 'required'],
      ['lines[1].quantity', 'type'],
    ])
  })

  it('reports canonical schema violations with the canonical path and the source path behind it', () => {
    const draft = { fields: { lines: { each: 'items', fields: { lineNo: { from: 'pos', as: 'integer' }, sku: { from: 'article' }, quantity: { from: 'qty', as: 'decimal' } } } } }
    const record = { id: 'SO-1', customer_id: 'C-1', status: 'draft', items: [{ pos: 1, article: 'A', qty: 1 }, { pos: -4, article: 'B', qty: 1 }, { pos: 3, article: '   ', qty: 1 }] }
    const issues = issuesOf(compileDraft(draft).map(record))
    expect(issues).toEqual([
      { path: 'items[1].pos', field: 'lines[1].lineNo', code: 'canonical', message: expect.any(String), value: -4 },
      { path: 'items[2].article', field: 'lines[2].sku', code: 'canonical', message: expect.any(String), value: '   ' },
    ])
  })

  it('reports a cross-field canonical rule (duplicate line numbers) at the source line', () => {
    const record = aSalesOrderRecord({ lines: [aSalesOrderLine({ line_no: 1 }), aSalesOrderLine({ line_no: 1 })] })
    const [issue] = issuesOf(compileDraft().map(record))
    expect(issue).toMatchObject({ path: 'lines[1].line_no', field: 'lines[1].lineNo', code: 'canonical', value: 1 })
    expect(issue.message).toContain('appears twice')
  })

  it('does not repeat a mapping issue as a canonical one', () => {
    const issues = issuesOf(compileDraft().map(aSalesOrderRecord({ customer_id: undefined as unknown as string })))
    expect(issues).toEqual([{ path: 'customer_id', field: 'customer', code: 'required', message: expect.any(String) }])
  })

  it('shortens a long offending value and keeps a short one as it was', () => {
    const [long] = issuesOf(compileDraft().map(aSalesOrderRecord({ lines: [aSalesOrderLine({ quantity: 'x'.repeat(5000) })] })))
    expect(typeof long.value).toBe('string')
    expect((long.value as string).length).toBeLessThan(300)
    const [short] = issuesOf(compileDraft().map(aSalesOrderRecord({ lines: [aSalesOrderLine({ quantity: { amount: 3 } })] })))
    expect(short.value).toEqual({ amount: 3 })
    const [huge] = issuesOf(compileDraft().map(aSalesOrderRecord({ lines: [aSalesOrderLine({ quantity: { notes: 'y'.repeat(5000) } })] })))
    expect(typeof huge.value).toBe('string')
    expect((huge.value as string).length).toBeLessThan(300)
  })

  it('formats issues one per line, naming both paths when they differ', () => {
    const issues: MappingIssue[] = [
      { path: 'items[1].qty', field: 'lines[1].quantity', code: 'type', message: 'expected a decimal number such as 12.5', value: 'abc' },
      { path: 'status', field: 'status', code: 'lookup', message: 'unknown value' },
    ]
    expect(formatMappingIssues(issues).split('\n')).toEqual([
      'lines[1].quantity (source items[1].qty): expected a decimal number such as 12.5 — got "abc" [type]',
      'status: unknown value [lookup]',
    ])
  })

  it('rejects a record that is not an object', () => {
    expect(issuesOf(compileDraft().map([1, 2]))).toEqual([{ path: '(root)', field: '(root)', code: 'type', message: expect.any(String) }])
  })
})

describe('compileMapping: the compiled mapping', () => {
  it('carries name, version, target, hub entity and source entity', () => {
    const mapping = compileDraft({ mapping: 'test/so', version: 7 })
    expect(mapping).toMatchObject({ name: 'test/so', version: 7, target: 'SalesOrder', entity: 'sales-order', sourceEntity: 'sales-order' })
  })

  it('maps 20k records with one compiled mapping', () => {
    const mapping = compileDraft({ timezone: 'Europe/Berlin', fields: { orderedAt: { from: 'order_date', as: 'datetime' } } })
    if (!mapsTo(mapping, 'SalesOrder')) throw new Error(`expected a SalesOrder mapping, got ${mapping.target}`)
    let mapped = 0
    const lineNumbers = new Set<number>()
    for (let i = 0; i < 20_000; i++) {
      const result = mapping.map(aSalesOrderRecord({ id: `SO-${i}`, status: i % 2 === 0 ? 'draft' : 'done', order_date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}T08:00` }, (i % 5) + 1))
      if (result.ok) {
        mapped++
        for (const line of result.value.lines) lineNumbers.add(line.lineNo)
      }
    }
    expect(mapped).toBe(20_000)
    expect([...lineNumbers].sort()).toEqual([1, 2, 3, 4, 5])
  })
})
