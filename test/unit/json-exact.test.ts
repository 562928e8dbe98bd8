import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseJsonExact } from '../../src/connector-sdk/json-exact'

const REAL = join(__dirname, '..', 'fixtures', 'real')

describe('exact JSON', () => {
  test('integers beyond 2^53 become exact strings; safe numbers, strings and floats are untouched', () => {
    const v = parseJsonExact('{"big":9223372036854775807,"neg":-9007199254740993,"ok":9007199254740991,"f":1.79000000E+20,"s":"12345678901234567890","a":[636674848060804805]}') as Record<string, unknown>
    expect(v).toEqual({ big: '9223372036854775807', neg: '-9007199254740993', ok: 9007199254740991, f: 1.79e20, s: '12345678901234567890', a: ['636674848060804805'] })
  })

  test('escaped quotes inside strings do not confuse the scan', () => {
    expect(parseJsonExact('{"t":"a \\"1234567890123456789\\" b","n":1234567890123456789}')).toEqual({ t: 'a "1234567890123456789" b', n: '1234567890123456789' })
  })

  test('real files: a BOM is dropped and TripPin\'s Concurrency tokens stay exact', () => {
    const text = readFileSync(join(REAL, 'simple-odata-client', 'TripPin_result_20.json'), 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const page = parseJsonExact(text) as { value: Array<{ Concurrency: unknown }> }
    expect(page.value[0].Concurrency).toBe('636674848060804805')
    const raw = readFileSync(join(REAL, 'apache-olingo-odata4', 'EntityESAllPrimExpandedNavPropertyETTwoPrimManyDelta.json'), 'utf8')
    expect((parseJsonExact(raw) as { PropertyInt64: unknown }).PropertyInt64).toBe('9223372036854775807')
  })
})
