import { formatSourcePath, parseSourcePath } from '../../src/mapping/source-path.parse'
import { compileSourceReader } from '../../src/mapping/source-path.read'
import { editDistance, suggestName } from '../../src/mapping/did-you-mean.suggest'

describe('source paths', () => {
  it.each([
    ['id', ['id']],
    ['customer.address.city', ['customer', 'address', 'city']],
    ['lines.0.sku', ['lines', '0', 'sku']],
    ['lines[0].sku', ['lines', '0', 'sku']],
    ['matrix[1][2]', ['matrix', '1', '2']],
    ['Order Date', ['Order Date']],
  ])('parses %p', (text, segments) => {
    expect(parseSourcePath(text)).toEqual({ ok: true, path: segments })
  })

  it.each([[''], ['a..b'], ['.a'], ['a.'], ['a[x]'], ['a[0'], ['[0]']])('refuses %p', (text) => {
    expect(parseSourcePath(text).ok).toBe(false)
  })

  it('prints numeric segments as indexes whichever way they were written', () => {
    for (const text of ['lines.2.quantity', 'lines[2].quantity']) {
      const parsed = parseSourcePath(text)
      if (!parsed.ok) throw new Error(parsed.message)
      expect(formatSourcePath(parsed.path)).toBe('lines[2].quantity')
    }
  })

  it('reads through objects and arrays and yields undefined past a scalar', () => {
    const read = (text: string) => {
      const parsed = parseSourcePath(text)
      if (!parsed.ok) throw new Error(parsed.message)
      return compileSourceReader(parsed.path)
    }
    const record = { a: { b: [{ c: 1 }] }, s: 'text' }
    expect(read('a.b[0].c')(record)).toBe(1)
    expect(read('a.b.1.c')(record)).toBeUndefined()
    expect(read('s.length')(record)).toBeUndefined()
  })
})

describe('did-you-mean', () => {
  it('counts a swapped pair of letters as one edit', () => {
    expect(editDistance('lookpu', 'lookup')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('suggests the closest name, ignoring case, and nothing when nothing is close', () => {
    expect(suggestName('externalID', ['externalId', 'name'])).toBe('externalId')
    expect(suggestName('totl', ['total', 'number'])).toBe('total')
    expect(suggestName('zzzzzz', ['total', 'number'])).toBeUndefined()
  })
})
