import { evaluate, truePairs, type CorruptionName } from '../../../src/identity/bench'

/** truth: A = {a1,a2,a3}, B = {b1,b2}, C = {c1} → 3 + 1 + 0 = 4 true pairs, 3 true clusters. */
const truth = new Map([
  ['a1', 'A'],
  ['a2', 'A'],
  ['a3', 'A'],
  ['b1', 'B'],
  ['b2', 'B'],
  ['c1', 'C'],
])
const records: { recordId: string; corruptions: CorruptionName[] }[] = [
  { recordId: 'a1', corruptions: [] },
  { recordId: 'a2', corruptions: ['typo'] },
  { recordId: 'a3', corruptions: ['typo', 'case'] },
  { recordId: 'b1', corruptions: [] },
  { recordId: 'b2', corruptions: ['case'] },
  { recordId: 'c1', corruptions: [] },
]

describe('truePairs', () => {
  test('sums C(n, 2) over the true clusters', () => {
    expect(truePairs(truth)).toBe(4)
    expect(truePairs(new Map())).toBe(0)
  })
})

describe('evaluate', () => {
  test('scores a split and an over-merge exactly: pairs, exact clusters and per-corruption recall', () => {
    // predicted: {a1,a2} {a3,b1,b2} {c1} → 1 + 3 = 4 predicted pairs; correct: (a1,a2) and (b1,b2)
    const predicted = new Map([['a1', '1'], ['a2', '1'], ['a3', '2'], ['b1', '2'], ['b2', '2'], ['c1', '3']])
    const result = evaluate(truth, predicted, records)
    expect(result.pair).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, tp: 2, fp: 2, fn: 2 })
    // only {c1} matches a true cluster exactly: 1 of 3 predicted, 1 of 3 true
    expect(result.cluster.precision).toBeCloseTo(1 / 3, 12)
    expect(result.cluster.recall).toBeCloseTo(1 / 3, 12)
    expect(result.cluster.f1).toBeCloseTo(1 / 3, 12)
    // typo: A has carriers a2, a3 → pairs (a1,a2) (a1,a3) (a2,a3) = 3, found (a1,a2) = 1
    // case: a3 in A → (a1,a3) (a2,a3); b2 in B → (b1,b2): 3 pairs, found (b1,b2) = 1
    expect(result.perCorruption).toEqual({ typo: { pairs: 3, found: 1, recall: 1 / 3 }, case: { pairs: 3, found: 1, recall: 1 / 3 } })
  })

  test('a perfect prediction scores 1 everywhere whatever the cluster ids are', () => {
    const predicted = new Map([['a1', 'b1'], ['a2', 'b1'], ['a3', 'b1'], ['b1', 'x'], ['b2', 'x'], ['c1', 'a1']])
    const result = evaluate(truth, predicted, records)
    expect(result.pair).toEqual({ precision: 1, recall: 1, f1: 1, tp: 4, fp: 0, fn: 0 })
    expect(result.cluster).toEqual({ precision: 1, recall: 1, f1: 1 })
    expect(result.perCorruption.typo).toEqual({ pairs: 3, found: 3, recall: 1 })
  })

  test('all singletons: no predicted pairs (precision 1 by convention), recall 0; records missing from the prediction are singletons', () => {
    const result = evaluate(truth, new Map(), records)
    expect(result.pair).toEqual({ precision: 1, recall: 0, f1: 0, tp: 0, fp: 0, fn: 4 })
    // the singleton C = {c1} is still an exact match: 1 of 6 predicted, 1 of 3 true
    expect(result.cluster.precision).toBeCloseTo(1 / 6, 12)
    expect(result.cluster.recall).toBeCloseTo(1 / 3, 12)
    expect(result.cluster.f1).toBeCloseTo((2 * (1 / 6) * (1 / 3)) / (1 / 6 + 1 / 3), 12)
    expect(result.perCorruption.case).toEqual({ pairs: 3, found: 0, recall: 0 })
  })

  test('everything in one cluster: recall 1, precision = true pairs / all pairs', () => {
    const predicted = new Map([...truth.keys()].map((r) => [r, 'all']))
    const result = evaluate(truth, predicted)
    expect(result.pair).toEqual({ precision: 4 / 15, recall: 1, f1: (2 * (4 / 15)) / (4 / 15 + 1), tp: 4, fp: 11, fn: 0 })
    expect(result.cluster).toEqual({ precision: 0, recall: 0, f1: 0 })
    expect(result.perCorruption).toEqual({})
  })

  test('predicted records outside the truth are ignored', () => {
    const predicted = new Map([['a1', '1'], ['a2', '1'], ['a3', '1'], ['b1', '2'], ['b2', '2'], ['c1', '3'], ['zz', '1']])
    expect(evaluate(truth, predicted).pair).toEqual({ precision: 1, recall: 1, f1: 1, tp: 4, fp: 0, fn: 0 })
  })
})
