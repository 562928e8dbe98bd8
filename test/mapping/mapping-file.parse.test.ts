import { HubError } from '../../src/errors/hub-error'
import { MappingFileError, parseMappingFile, type MappingFileIssue } from '../../src/mapping'
import { draftFile, draftText, parseDraft } from './builders/mapping-draft.builder'
import { positionOf } from './builders/text-position.builder'

function loadErrors(text: string, options: { expectedName?: string } = {}): MappingFileIssue[] {
  try {
    parseMappingFile(text, draftFile, options)
  } catch (error) {
    if (error instanceof MappingFileError) return error.issues
    throw error
  }
  throw new Error('expected the file to be rejected')
}

function loadError(text: string, options: { expectedName?: string } = {}): MappingFileIssue {
  const issues = loadErrors(text, options)
  expect(issues).toHaveLength(1)
  return issues[0]
}

describe('parseMappingFile: a valid file', () => {
  it('returns the spec with defaults filled in', () => {
    const spec = parseDraft()
    expect(spec).toMatchObject({ file: draftFile, name: 'test/sales-order', version: 1, target: 'SalesOrder', timezone: 'UTC', source: { connector: 'test', entity: 'sales-order' } })
    expect(spec.fields.status).toMatchObject({ kind: 'value', from: ['status'], lookup: 'orderStatus', required: true })
    expect(spec.fields.lines).toMatchObject({ kind: 'group', each: 'lines' })
  })

  it('accepts the example of the architecture guide, flow style and all', () => {
    const text = [
      'mapping: rest/sales-order',
      'version: 3',
      'source: { connector: rest, entity: sales-order }',
      'target: SalesOrder',
      'timezone: Europe/Berlin',
      'fields:',
      '  externalId: { from: id, as: string, required: true }',
      '  status:     { from: status, lookup: orderStatus, required: true }',
      '  customer:   { from: customer_id, as: string, required: true }',
      '  currency:   { from: currency, default: EUR, transform: upper }',
      '  lines:',
      '    each: lines',
      '    fields:',
      '      lineNo:   { from: line_no, as: integer, required: true }',
      '      sku:      { from: product.code, required: true }',
      '      quantity: { from: quantity, as: decimal, required: true }',
      'lookups:',
      '  orderStatus: { draft: draft, quotation: quoted, confirmed: confirmed }',
    ].join('\n')
    expect(parseMappingFile(text, 'mappings/rest/sales-order.yaml', { expectedName: 'rest/sales-order' })).toMatchObject({ version: 3, timezone: 'Europe/Berlin' })
  })
})

describe('parseMappingFile: load-time errors name file, line, column and key', () => {
  it('reports a typo in a key with a suggestion, in file:line:col form', () => {
    const text = draftText({ fields: { status: { from: 'status', lookpu: 'orderStatus', required: true } } })
    const issue = loadError(text)
    expect(issue).toEqual({ file: draftFile, ...positionOf(text, 'lookpu'), key: 'fields.status.lookpu', message: 'unknown key "lookpu" (did you mean "lookup"?)' })
    expect(() => parseMappingFile(text, draftFile)).toThrow(`${draftFile}:${issue.line}:${issue.column} fields.status.lookpu: unknown key "lookpu" (did you mean "lookup"?)`)
  })

  it('points into flow mappings at the exact column', () => {
    const text = ['mapping: rest/sales-order', 'version: 3', 'source: { connector: rest, entity: sales-order }', 'target: SalesOrder', 'fields:', '  externalId: { from: id, required: true }', '  customer: { from: c, required: true }', '  status: { from: status, lookpu: s, required: true }', '  lines: { each: lines, fields: { lineNo: { from: n, as: integer }, sku: { from: s }, quantity: { from: q, as: decimal } } }'].join('\n')
    expect(loadError(text)).toMatchObject({ line: 8, column: 27, key: 'fields.status.lookpu' })
  })

  it('reports unknown keys at the root and inside groups', () => {
    const text = draftText({ fields: { lines: { each: 'lines', feilds: {}, fields: { lineNo: { from: 'n', as: 'integer' }, sku: { from: 's' }, quantity: { from: 'q', as: 'decimal' } } } } }).replace('version:', 'verison: 2\nversion:')
    const issues = loadErrors(text)
    expect(issues.map((i) => [i.key, i.message])).toEqual([
      ['verison', 'unknown key "verison" (did you mean "version"?)'],
      ['fields.lines.feilds', 'unknown key "feilds" (did you mean "fields"?)'],
    ])
    expect(issues[0]).toMatchObject(positionOf(text, 'verison'))
  })

  it('reports a field that is not in the canonical schema, with a suggestion', () => {
    const text = draftText({ fields: { totalAmmount: { from: 'total', as: 'decimal' } } })
    expect(loadError(text)).toEqual({ file: draftFile, ...positionOf(text, 'totalAmmount'), key: 'fields.totalAmmount', message: '"totalAmmount" is not a field of SalesOrder (did you mean "totalAmount"?)' })
  })

  it('checks fields of a repeated group against the element schema', () => {
    const text = draftText({ fields: { lines: { each: 'lines', fields: { lineNo: { from: 'n', as: 'integer' }, sku: { from: 's' }, quantity: { from: 'q', as: 'decimal' }, qty: { from: 'q' } } } } })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'qty:'), key: 'fields.lines.fields.qty', message: expect.stringContaining('SalesOrder.lines[]') })
  })

  it('reports a required canonical field that is not mapped, at the fields key', () => {
    const text = draftText({ fields: { customer: undefined } })
    expect(loadError(text)).toEqual({ file: draftFile, ...positionOf(text, 'fields:'), key: 'fields', message: 'SalesOrder requires "customer", which is not mapped' })
  })

  it('reports a required field missing inside a group at that group’s fields key', () => {
    const text = draftText({ fields: { lines: { each: 'lines', fields: { lineNo: { from: 'n', as: 'integer' }, quantity: { from: 'q', as: 'decimal' } } } } })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'fields:', 'lines:'), key: 'fields.lines.fields', message: expect.stringContaining('"sku"') })
  })

  it('does not ask for a required field that is written but broken; it reports the break', () => {
    const text = draftText({ fields: { customer: { form: 'customer_id' } } })
    expect(loadErrors(text).map((i) => i.key).sort()).toEqual(['fields.customer', 'fields.customer.form'])
  })

  it('reports a lookup that names no table, at the lookup value', () => {
    const text = draftText({ fields: { status: { from: 'status', lookup: 'orderStatuses' } } })
    expect(loadError(text)).toEqual({ file: draftFile, ...positionOf(text, 'orderStatuses'), key: 'fields.status.lookup', message: 'lookup "orderStatuses" is not defined under lookups (did you mean "orderStatus"?)' })
  })

  it('reports a lookup value that is not a canonical enum value', () => {
    const text = draftText({ lookups: { orderStatus: { draft: 'draft', confirmed: 'confirmed', done: 'closd' } } })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'closd'), key: 'lookups.orderStatus.done', message: expect.stringContaining('did you mean "closed"') })
  })

  it('asks for quotes when YAML would read a lookup key as a number', () => {
    const text = draftText().replace('done: closed', 'done: closed\n    01: draft')
    expect(loadError(text)).toMatchObject({ ...positionOf(text, '01:'), key: 'lookups.orderStatus.01', message: expect.stringContaining('quote it') })
  })

  it('reports an unknown `as` and an unknown transform with the allowed values', () => {
    const text = draftText({ fields: { currency: { from: 'currency', as: 'text', transform: ['trim', 'uper'] } } })
    const issues = loadErrors(text)
    expect(issues).toEqual([
      { file: draftFile, ...positionOf(text, 'text'), key: 'fields.currency.as', message: expect.stringContaining('expected one of string, integer') },
      { file: draftFile, ...positionOf(text, 'uper'), key: 'fields.currency.transform[1]', message: expect.stringContaining('did you mean "upper"') },
    ])
  })

  it('reports wrong types and missing keys', () => {
    const text = draftText({ version: 'three' as unknown as number, fields: { number: { from: 42 } } }).replace(/^target: .*\n/m, '')
    expect(loadErrors(text).map((i) => [i.key, i.message])).toEqual(
      expect.arrayContaining([
        ['version', 'expected a number, got text'],
        ['target', 'missing required key "target"'],
        ['fields.number.from', 'expected text, got a number'],
      ]),
    )
    expect(loadErrors(text)).toHaveLength(3)
  })

  it('reports a broken header and a broken field in the same pass', () => {
    const text = draftText({ version: 0, fields: { totalAmmount: { from: 'total' } } })
    expect(loadErrors(text).map((i) => i.key).sort()).toEqual(['fields.totalAmmount', 'version'])
  })

  it('reports a default that is not a key of the lookup it goes through', () => {
    const text = draftText({ fields: { status: { from: 'status', lookup: 'orderStatus', default: 'drafted' } } })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'drafted'), key: 'fields.status.default', message: expect.stringContaining('did you mean "draft"') })
  })

  it('reports a group on a field that is not a list, and a list mapped as a value', () => {
    const text = draftText({ fields: { number: { each: 'x', fields: {} }, lines: { from: 'lines' } } })
    expect(loadErrors(text).map((i) => i.key).sort()).toEqual(['fields.lines', 'fields.number.each'])
  })

  it('reports a value kind the canonical field can never accept', () => {
    const text = draftText({ fields: { number: { from: 'no', as: 'integer' } } })
    expect(loadError(text)).toMatchObject({ key: 'fields.number.as', message: '"as: integer" yields a number, but SalesOrder.number expects text' })
  })

  it('reports an unknown target with a suggestion', () => {
    const text = draftText({ target: 'SalesOrders' })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'SalesOrders'), key: 'target', message: expect.stringContaining('did you mean "SalesOrder"') })
  })

  it('reports a time zone Intl does not know', () => {
    const text = draftText({ timezone: 'Europe/Berlinn' })
    expect(loadError(text)).toMatchObject({ ...positionOf(text, 'Europe/Berlinn'), key: 'timezone' })
  })

  it('reports a YAML syntax error at its position', () => {
    const text = draftText().replace('customer:', 'customer: [unclosed\n  customer:')
    const issues = loadErrors(text)
    expect(issues.length).toBeGreaterThan(0)
    expect(issues[0]).toMatchObject({ file: draftFile, key: '(syntax)' })
    expect(issues[0].line).toBeGreaterThanOrEqual(positionOf(text, '[unclosed').line)
  })

  it('reports a duplicate key as a syntax error on its line', () => {
    const text = draftText().replace('version: 1', 'version: 1\nversion: 2')
    expect(loadError(text)).toMatchObject({ key: '(syntax)', line: positionOf(text, 'version: 2').line })
  })

  it('reports a name that differs from the one the file was loaded as, at the name', () => {
    const text = draftText()
    expect(loadError(text, { expectedName: 'test/sales-orders' })).toEqual({
      file: draftFile,
      ...positionOf(text, 'test/sales-order'),
      key: 'mapping',
      message: 'the file is named "test/sales-order" but was loaded as "test/sales-orders"',
    })
  })

  it('lists every issue, sorted by position, one per line of the message', () => {
    const text = draftText({ target: 'SalesOrder', fields: { totl: { from: 'total' }, status: { from: 'status', lookup: 'nope' } } })
    try {
      parseMappingFile(text, draftFile)
      throw new Error('expected the file to be rejected')
    } catch (error) {
      expect(error).toBeInstanceOf(MappingFileError)
      expect(error).toBeInstanceOf(HubError)
      const mappingError = error as MappingFileError
      expect(mappingError.code).toBe('mapping_invalid')
      expect(mappingError.retryable).toBe(false)
      const lines = mappingError.message.split('\n')
      expect(lines).toHaveLength(mappingError.issues.length)
      expect(mappingError.issues.length).toBe(2)
      const positions = mappingError.issues.map((i) => i.line * 1000 + i.column)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
    }
  })

  it('rejects an empty file', () => {
    expect(loadErrors('').map((i) => i.key)).toEqual(['(root)'])
  })
})
