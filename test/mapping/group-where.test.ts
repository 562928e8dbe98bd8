import { MappingFileError } from '../../src/mapping'
import { compileDraft, parseDraft } from './builders/mapping-draft.builder'

/** Tryton orders carry comment and title lines among product lines; `where` maps only the product lines. */
const linesWhere = (where: unknown) => ({
  lines: {
    each: 'lines',
    where,
    fields: {
      lineNo: { from: 'id', as: 'integer', required: true },
      sku: { from: 'product.code', required: true },
      quantity: { from: 'quantity', as: 'decimal', required: true },
    },
  },
})

const order = (lines: unknown[]) => ({ id: 'SO-1', customer_id: 'C1', status: 'confirmed', lines })

describe('repeated groups with where', () => {
  test('only items whose value matches are mapped; the others are skipped without issues', () => {
    const mapping = compileDraft({ fields: linesWhere({ type: 'line' }) })
    const result = mapping.map(order([
      { id: 1, type: 'title', product: null, quantity: null },
      { id: 2, type: 'line', product: { code: 'DRL-P' }, quantity: 2 },
      { id: 3, type: 'comment', product: null, quantity: null },
      { id: 4, type: 'line', product: { code: 'SAW-B' }, quantity: 1.5 },
    ]))
    expect(result.ok && (result.value as { lines: unknown[] }).lines).toEqual([
      { lineNo: 2, sku: 'DRL-P', quantity: '2' },
      { lineNo: 4, sku: 'SAW-B', quantity: '1.5' },
    ])
  })

  test('a list of accepted values works, and an issue names the SOURCE index of the item', () => {
    const mapping = compileDraft({ fields: linesWhere({ type: ['line', 'subtotal'] }) })
    const result = mapping.map(order([
      { id: 1, type: 'comment' },
      { id: 2, type: 'line', product: { code: 'DRL-P' }, quantity: 'two' },
    ]))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ path: 'lines[1].quantity', field: 'lines[0].quantity' })])
  })

  test('a canonical issue (duplicate line numbers) is traced to the source item behind the kept one', () => {
    const mapping = compileDraft({ fields: linesWhere({ type: 'line' }) })
    const result = mapping.map(order([
      { id: 7, type: 'line', product: { code: 'A' }, quantity: 1 },
      { id: 8, type: 'comment' },
      { id: 7, type: 'line', product: { code: 'B' }, quantity: 1 },
    ]))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ code: 'canonical', field: 'lines[1].lineNo', path: 'lines[2].id' })])
  })

  test('where without each is refused at load', () => {
    expect(() => parseDraft({ fields: { lines: { where: { type: 'line' }, fields: {} } } })).toThrow(MappingFileError)
    expect(() => parseDraft({ fields: { lines: { where: { type: 'line' }, fields: {} } } })).toThrow(/lines\.where: "where" filters the items of a list: it needs "each"/)
  })
})
