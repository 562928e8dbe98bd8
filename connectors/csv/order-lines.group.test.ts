import { InvalidDocument, type JsonObject } from '../../src/connector-sdk'
import { OrderLineGrouper } from './order-lines.group'

const group = { by: 'order', lines: ['line', 'sku'], into: 'lines', maxLines: 3 }
const row = (order: string, line: string, extra: JsonObject = {}): JsonObject => ({ order, customer: 'C-1', line, sku: `S-${line}`, ...extra })

function groupRows(rows: JsonObject[], grouper = new OrderLineGrouper(group)): JsonObject[] {
  const out: JsonObject[] = []
  rows.forEach((r, i) => grouper.add(r, i + 2, out))
  grouper.finish(out)
  return out
}

describe('order line grouping', () => {
  it('joins consecutive rows of one order into one record with its lines in row order', () => {
    expect(groupRows([row('A', '1'), row('A', '2'), row('B', '1')])).toEqual([
      {
        order: 'A',
        customer: 'C-1',
        lines: [
          { line: '1', sku: 'S-1' },
          { line: '2', sku: 'S-2' },
        ],
      },
      { order: 'B', customer: 'C-1', lines: [{ line: '1', sku: 'S-1' }] },
    ])
  })

  it('emits an order only when the next order starts (or the document ends), so memory holds one order', () => {
    const grouper = new OrderLineGrouper(group)
    const out: JsonObject[] = []
    grouper.add(row('A', '1'), 2, out)
    grouper.add(row('A', '2'), 3, out)
    expect(out).toEqual([])
    grouper.add(row('B', '1'), 4, out)
    expect(out.map((r) => r.order)).toEqual(['A'])
    grouper.finish(out)
    expect(out.map((r) => r.order)).toEqual(['A', 'B'])
  })

  it('keeps the first row’s order fields and lists later rows that disagree in _conflicts', () => {
    const [order] = groupRows([row('A', '1'), row('A', '2', { customer: 'C-2' })])
    expect(order).toMatchObject({ customer: 'C-1', _conflicts: [{ line: 3, field: 'customer', value: 'C-2' }] })
  })

  it('sends an order that comes back after other orders to quarantine with its lines, instead of replacing the first part', () => {
    const out = groupRows([row('A', '1'), row('B', '1'), row('A', '2')])
    expect(out.map((r) => r.order ?? null)).toEqual(['A', 'B', null])
    expect(out[2]).toEqual({
      _error: 'rows of order "A" continue on line 4 after rows of other values; sort the export by order (these lines were not stored)',
      _line: 4,
      _record: { order: 'A', customer: 'C-1', lines: [{ line: '2', sku: 'S-2' }] },
    })
  })

  it('forgets finished orders beyond its memory window (bounded memory)', () => {
    const out = groupRows([row('A', '1'), row('B', '1'), row('C', '1'), row('A', '2')], new OrderLineGrouper(group, 1))
    expect(out.every((r) => r._error === undefined)).toBe(true)
  })

  it('makes a row with an empty order key a record of its own, without ending the open order', () => {
    const out = groupRows([row('A', '1'), row('', '9'), row('', '8'), row('A', '2')])
    expect(out).toEqual([
      { order: '', customer: 'C-1', lines: [{ line: '9', sku: 'S-9' }] },
      { order: '', customer: 'C-1', lines: [{ line: '8', sku: 'S-8' }] },
      expect.objectContaining({ order: 'A', lines: [expect.objectContaining({ line: '1' }), expect.objectContaining({ line: '2' })] }),
    ])
  })

  it('passes malformed rows through without splitting the order around them', () => {
    const bad: JsonObject = { _error: 'line 3 has 2 fields where the header has 4', _line: 3, _fields: ['A', 'x'] }
    const out = groupRows([row('A', '1'), bad, row('A', '2')])
    expect(out).toEqual([bad, expect.objectContaining({ order: 'A', lines: [expect.anything(), expect.anything()] })])
  })

  it('numbers the lines of each order when the export has no line numbers', () => {
    const out = groupRows([row('A', 'x'), row('A', 'y'), row('B', 'z')], new OrderLineGrouper({ ...group, number: 'line_no' }))
    expect(out.map((r) => (r.lines as JsonObject[]).map((l) => [l.line_no, l.line]))).toEqual([
      [
        ['1', 'x'],
        ['2', 'y'],
      ],
      [['1', 'z']],
    ])
  })

  it('stops the document when an order has more lines than maxLines', () => {
    expect(() => groupRows([row('A', '1'), row('A', '2'), row('A', '3'), row('A', '4')])).toThrow(InvalidDocument)
    expect(() => groupRows([row('A', '1'), row('A', '2'), row('A', '3'), row('A', '4')])).toThrow(/order "A" \(from line 2\) has more than 3 lines at line 5/)
  })
})
