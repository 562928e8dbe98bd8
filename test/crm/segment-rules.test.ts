import { z } from 'zod'
import { zodIssues } from '../../src/errors/zod-issues'
import { compileCondition, compileConditions, MAX_CONDITION_DEPTH, segmentReferences, SegmentConditionSchema, type SegmentCondition } from '../../src/crm/segment-rules'

const Body = z.object({ conditions: z.array(SegmentConditionSchema) }).strict()

/** The issues of a body, as `path: message` pairs, the way the API reports them. */
function issuesOf(conditions: unknown[]): { path: string; message: string }[] {
  const r = Body.safeParse({ conditions })
  if (r.success) return []
  return zodIssues(r.error).map(({ path, message }) => ({ path, message }))
}
const pathsOf = (conditions: unknown[]) => issuesOf(conditions).map((i) => i.path)

const nest = (depth: number): unknown => (depth <= 1 ? { field: 'city', op: 'exists' } : { not: nest(depth - 1) })

const NOW = new Date('2026-12-01T00:00:00Z')

describe('segment condition schema', () => {
  test('accepts every kind of condition, nested', () => {
    const conditions: SegmentCondition[] = [
      { field: 'country', op: 'in', value: ['DE', 'AT'] },
      { field: 'email', op: 'exists' },
      { field: 'name', op: 'startsWith', value: 'Müller' },
      { rfm: { segments: ['Champions', 'Loyal'], r: { min: 4 }, m: { min: 2, max: 5 } } },
      { orders: { categories: ['Tools'], withinDays: 90, minCount: 2, minRevenue: 100.5 } },
      { orders: { maxCount: 0 } },
      { segment: 'Big spenders' },
      { any: [{ all: [{ field: 'city', op: 'eq', value: 'Hamburg' }] }, { not: { segment: 'Lost ones' } }] },
    ]
    const r = Body.safeParse({ conditions })
    expect(r.success).toBe(true)
    expect(r.data?.conditions).toEqual(conditions)
  })

  test('trims text values', () => {
    expect(Body.parse({ conditions: [{ field: 'city', op: 'eq', value: '  Berlin ' }] }).conditions).toEqual([{ field: 'city', op: 'eq', value: 'Berlin' }])
  })

  test('an issue names the offending field inside the condition, not the condition as a whole', () => {
    expect(issuesOf([{ orders: { withinDays: 0 } }])).toEqual([{ path: 'conditions[0].orders.withinDays', message: expect.stringMatching(/>=\s*1/) }])
    expect(pathsOf([{ field: 'city', op: 'exists' }, { orders: { withinDays: 3651 } }])).toEqual(['conditions[1].orders.withinDays'])
    expect(pathsOf([{ orders: { withinDays: 1.5 } }])).toEqual(['conditions[0].orders.withinDays'])
    expect(pathsOf([{ any: [{ field: 'city', op: 'exists' }, { not: { orders: { skus: [], minCount: -1 } } }] }])).toEqual(['conditions[0].any[1].not.orders.skus', 'conditions[0].any[1].not.orders.minCount'])
    expect(pathsOf([{ field: 'colour', op: 'eq', value: 'red' }])).toEqual(['conditions[0].field'])
    expect(pathsOf([{ field: 'city', op: 'like', value: 'x' }])).toEqual(['conditions[0].op'])
  })

  test("the value must fit the op: one text, a list, or none", () => {
    expect(issuesOf([{ field: 'country', op: 'in', value: 'DE' }])).toEqual([{ path: 'conditions[0].value', message: 'op in needs a list of text values' }])
    expect(issuesOf([{ field: 'country', op: 'eq', value: ['DE'] }])).toEqual([{ path: 'conditions[0].value', message: 'op eq needs one text value' }])
    expect(issuesOf([{ field: 'country', op: 'eq' }])).toEqual([{ path: 'conditions[0].value', message: 'op eq needs one text value' }])
    expect(issuesOf([{ field: 'email', op: 'missing', value: 'x' }])).toEqual([{ path: 'conditions[0].value', message: 'op missing takes no value' }])
    expect(pathsOf([{ field: 'country', op: 'notIn', value: [] }])).toEqual(['conditions[0].value'])
    expect(pathsOf([{ field: 'country', op: 'eq', value: '   ' }])).toEqual(['conditions[0].value'])
  })

  test('objects are strict: an unknown key, or two kinds in one condition, is named', () => {
    expect(pathsOf([{ field: 'city', op: 'exists', extra: true }])).toEqual(['conditions[0].extra'])
    expect(pathsOf([{ segment: 'A', all: [] }])).toEqual(['conditions[0].all'])
    expect(pathsOf([{ orders: { within: 30 } }])).toEqual(['conditions[0].orders.within'])
  })

  test('a value that is no condition at all', () => {
    expect(issuesOf([{ nothing: 1 }, 'country = DE', null])).toEqual([0, 1, 2].map((i) => ({ path: `conditions[${i}]`, message: 'a condition is an object with one of field, rfm, orders, segment, all, any, not' })))
  })

  test('RFM: segment names from the grid only, scores 1..5, min not above max', () => {
    expect(pathsOf([{ rfm: { segments: ['Champs'] } }])).toEqual(['conditions[0].rfm.segments[0]'])
    expect(pathsOf([{ rfm: { r: { min: 0 } } }])).toEqual(['conditions[0].rfm.r.min'])
    expect(pathsOf([{ rfm: { f: { min: 4, max: 2 } } }])).toEqual(['conditions[0].rfm.f.max'])
  })

  test('orders: minCount not above maxCount', () => {
    expect(pathsOf([{ orders: { minCount: 3, maxCount: 1 } }])).toEqual(['conditions[0].orders.maxCount'])
    expect(pathsOf([{ orders: { minRevenue: -1 } }])).toEqual(['conditions[0].orders.minRevenue'])
  })

  test('groups are not empty', () => {
    expect(pathsOf([{ all: [] }, { any: [] }])).toEqual(['conditions[0].all', 'conditions[1].any'])
  })

  test(`conditions nest at most ${MAX_CONDITION_DEPTH} deep; the issue sits where the limit is crossed`, () => {
    expect(issuesOf([nest(MAX_CONDITION_DEPTH)])).toEqual([])
    const issues = issuesOf([nest(MAX_CONDITION_DEPTH + 1)])
    expect(issues).toEqual([{ path: `conditions[0]${'.not'.repeat(MAX_CONDITION_DEPTH)}`, message: `conditions nest at most ${MAX_CONDITION_DEPTH} deep` }])
    // A hostile depth is refused at the limit, not recursed into.
    expect(issuesOf([nest(5000)])).toHaveLength(1)
  })

  test('segment references are listed with their paths', () => {
    expect(segmentReferences([{ segment: 'A' }, { any: [{ field: 'city', op: 'exists' }, { not: { segment: 'B' } }] }])).toEqual([
      { name: 'A', path: [0, 'segment'] },
      { name: 'B', path: [1, 'any', 1, 'not', 'segment'] },
    ])
  })
})

describe('compiling conditions to SQL', () => {
  const HOSTILE = `x'); DROP TABLE "golden_customer"; --`

  test('values travel as parameters, never in the SQL text', () => {
    const conditions: SegmentCondition[] = [
      { field: 'name', op: 'contains', value: HOSTILE },
      { field: 'city', op: 'in', value: [HOSTILE, 'Berlin'] },
      { orders: { skus: [HOSTILE], categories: ['Tools'], withinDays: 90, minCount: 3, minRevenue: 12345.67 } },
      { segment: HOSTILE },
      { rfm: { segments: ['Champions'], r: { min: 4 } } },
    ]
    const params: unknown[] = ['tenant-id']
    const sql = compileConditions(conditions, params, '$1', NOW)
    for (const value of [HOSTILE, 'Berlin', 'Tools', 'Champions', '12345.67', '90', 'tenant-id']) expect(sql).not.toContain(value)
    expect(sql).not.toMatch(/'x'/)
    expect(params).toEqual(['tenant-id', HOSTILE, [HOSTILE, 'Berlin'], new Date('2026-09-02T00:00:00Z'), [HOSTILE], ['Tools'], 3, 12345.67, HOSTILE, ['Champions'], 4])
    // Every placeholder refers to a parameter, and each parameter is used.
    const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))
    expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1))
  })

  test('the tenant placeholder is the one given, and numbering continues after existing parameters', () => {
    const params: unknown[] = ['a', 'b', 'tenant']
    const sql = compileCondition({ orders: { minCount: 2 } }, params, '$3', NOW)
    expect(sql).toContain(`"tenant_id" = $3`)
    expect(sql).toContain('$4::int')
    expect(params).toEqual(['a', 'b', 'tenant', 2])
  })

  test('text comparisons fold case on both sides and never yield NULL', () => {
    const params: unknown[] = []
    expect(compileCondition({ field: 'country', op: 'eq', value: 'de' }, params, '$1', NOW)).toBe(`COALESCE(lower(g."country") = lower($1::text), false)`)
    expect(compileCondition({ field: 'taxId', op: 'missing' }, params, '$1', NOW)).toBe(`(NOT COALESCE(btrim(g."tax_id") <> '', false))`)
  })

  test('"has not bought" reads as: not among the customers who did', () => {
    const params: unknown[] = ['t']
    const sql = compileCondition({ orders: { categories: ['Paint'], maxCount: 0 } }, params, '$1', NOW)
    expect(sql.startsWith('(g."id" NOT IN (')).toBe(true)
    expect(sql).toContain('HAVING NOT (count(DISTINCT x."order_id") <= $3::int)')
  })

  test('no conditions is everyone; empty groups are neutral', () => {
    expect(compileConditions([], [], '$1', NOW)).toBe('TRUE')
    expect(compileCondition({ all: [] }, [], '$1', NOW)).toBe('TRUE')
    expect(compileCondition({ any: [] }, [], '$1', NOW)).toBe('FALSE')
    expect(compileCondition({ orders: { minCount: 0 } }, [], '$1', NOW)).toBe('TRUE')
  })
})
