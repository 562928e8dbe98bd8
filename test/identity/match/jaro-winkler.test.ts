import { jaroWinkler } from '../../../src/identity/match/jaro-winkler'

describe('Jaro-Winkler similarity', () => {
  test.each([
    // The textbook pairs (Winkler 1990 and its usual restatements), to three decimals.
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['crate', 'trace', 0.733],
  ])('%s ~ %s is %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3)
  })

  test('equal strings are 1, strings with nothing in common are 0, empty is 0', () => {
    expect(jaroWinkler('mueller bau', 'mueller bau')).toBe(1)
    expect(jaroWinkler('abc', 'xyz')).toBe(0)
    expect(jaroWinkler('', 'abc')).toBe(0)
  })

  test('is symmetric and rewards a shared prefix over the same edit elsewhere', () => {
    expect(jaroWinkler('schmidt logistik', 'schmitd logistik')).toBeCloseTo(jaroWinkler('schmitd logistik', 'schmidt logistik'), 10)
    expect(jaroWinkler('mueller bau', 'mueller bay')).toBeGreaterThan(jaroWinkler('mueller bau', 'nueller bau'))
  })

  test('long strings beyond the preallocated flags still work', () => {
    const long = 'x'.repeat(200) + 'y'
    expect(jaroWinkler(long, long + 'z')).toBeGreaterThan(0.99)
  })
})
