import { applyPatch } from '../../src/simulator/change/record.patch'
import { SimulatorClock } from '../../src/simulator/change/simulator.clock'
import { createListQueryParser } from '../../src/simulator/http/list-query.parse'
import { createRandom } from '../../src/simulator/random/seeded.random'
import { EntityTable } from '../../src/simulator/store/entity.table'

const rec = (id: string, updated_at: string) => ({ id, updated_at })

describe('EntityTable', () => {
  test('keeps (updated_at, id) order through replacements and finds bounds by binary search', () => {
    const table = new EntityTable([rec('b', '2026-01-01T00:00:00.000Z'), rec('a', '2026-01-02T00:00:00.000Z'), rec('c', '2026-01-03T00:00:00.000Z')])
    expect(table.lowerBound('2026-01-02T00:00:00.000Z')).toBe(1)
    expect(table.upperBound('2026-01-02T00:00:00.000Z', 'a')).toBe(2)
    expect(table.lowerBound('2027-01-01T00:00:00.000Z')).toBe(3)
    const previous = table.put(rec('b', '2026-01-04T00:00:00.000Z'))
    expect(previous?.updated_at).toBe('2026-01-01T00:00:00.000Z')
    table.put(rec('d', '2026-01-02T00:00:00.000Z'))
    expect(table.snapshot().map((r) => r.id)).toEqual(['a', 'd', 'c', 'b'])
    expect(table.get('b')?.updated_at).toBe('2026-01-04T00:00:00.000Z')
    expect(table.size).toBe(4)
  })
})

describe('applyPatch', () => {
  test('merges by index into arrays without touching the original', () => {
    const original = { id: 'x', lines: [{ q: '1', p: '2' }, { q: '3', p: '4' }], meta: { a: 1, b: 2 } }
    const patched = applyPatch(original, { lines: { 1: { q: 'lots' } }, meta: { b: undefined } })
    expect(patched).toEqual({ id: 'x', lines: [{ q: '1', p: '2' }, { q: 'lots', p: '4' }], meta: { a: 1 } })
    expect(original.lines[1].q).toBe('3')
    expect(original.meta.b).toBe(2)
    expect(patched.lines[0]).toBe(original.lines[0])
  })

  test('replaces arrays given as arrays and appends at the next index', () => {
    const original = { id: 'x', tags: ['a', 'b'] }
    expect(applyPatch(original, { tags: ['z'] }).tags).toEqual(['z'])
    expect(applyPatch(original, { tags: { 2: 'c' } }).tags).toEqual(['a', 'b', 'c'])
  })
})

describe('SimulatorClock', () => {
  test('runs from the simulator now at real speed and never returns the same or an earlier time', () => {
    let real = 1000
    const clock = new SimulatorClock(50_000, 1000, 49_000, () => real)
    expect(clock.tick()).toBe(50_000)
    expect(clock.tick()).toBe(50_001)
    real = 1500
    expect(clock.tick()).toBe(50_500)
    real = 900 // the real clock stepped back
    expect(clock.tick()).toBe(50_501)
    const behind = new SimulatorClock(10, 0, 99_999, () => 0)
    expect(behind.tick()).toBe(100_000)
  })
})

describe('list query', () => {
  const parse = createListQueryParser({ default: 100, max: 1000 })

  test.each([
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00+02:00', '2026-03-01T08:00:00.000Z'],
    ['2026-03-01T10:00:00-0130', '2026-03-01T11:30:00.000Z'],
    ['2026-03-01T10:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500Z'],
  ])('updated_since %s is read as %s', (raw, expected) => {
    expect(parse({ updated_since: raw })).toEqual({ ok: true, query: { style: 'cursor', after: undefined, limit: 100, since: expected } })
  })

  test('no style parameter means keyset paging with the default size', () => {
    expect(parse({})).toEqual({ ok: true, query: { style: 'cursor', after: undefined, limit: 100, since: undefined } })
    expect(parse({ page: '3' })).toEqual({ ok: true, query: { style: 'page', page: 3, perPage: 100, since: undefined } })
  })
})

describe('seeded random', () => {
  test('the same seed repeats the same sequence; fill follows its pattern', () => {
    const a = createRandom(9)
    const b = createRandom(9)
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
    expect(createRandom(1).fill('AT-%##-@@')).toMatch(/^AT-[1-9]\d\d-[A-Z]{2}$/)
  })
})
