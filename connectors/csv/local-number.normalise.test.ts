import { createNumberNormaliser } from './local-number.normalise'

describe('local number normaliser', () => {
  describe('decimal comma, `.` grouping (German)', () => {
    const normalise = createNumberNormaliser({ decimal: ',', grouping: '.' })

    it.each([
      ['1.234,56', '1234.56'],
      ['1.234.567,891', '1234567.891'],
      ['1234,5', '1234.5'],
      ['12.500', '12500'],
      ['0,00', '0.00'],
      [',5', '0.5'],
      ['-1.234,56', '-1234.56'],
      ['+7', '7'],
      ['12.500,00-', '-12500.00'],
      ['  42,1 ', '42.1'],
    ])('reads %j as %j', (text, expected) => {
      expect(normalise(text)).toBe(expected)
    })

    it.each([['n. v.'], [''], ['1.5'], ['1.23,4'], ['1,2,3'], ['12,'], ['-5-'], ['1 234,5'], ['0x1F'], ['1e3']])('leaves %j as it is, for the mapping to judge', (text) => {
      expect(normalise(text)).toBe(text)
    })
  })

  it('reads `,` grouping with a decimal point (US exports)', () => {
    const normalise = createNumberNormaliser({ decimal: '.', grouping: ',' })
    expect(['1,250.00', '7,500', '0.42', '1,25'].map(normalise)).toEqual(['1250.00', '7500', '0.42', '1,25'])
  })

  it('reads blanks as grouping, no-break spaces (French, Swiss exports) included', () => {
    const normalise = createNumberNormaliser({ decimal: ',', grouping: ' ' })
    expect(['1 234,5', '1\u00a0234,5', '1\u202f234\u202f567', '12 34'].map(normalise)).toEqual(['1234.5', '1234.5', '1234567', '12 34'])
  })

  it('reads apostrophe grouping (Swiss) and no grouping at all', () => {
    expect(createNumberNormaliser({ decimal: '.', grouping: "'" })("1'234'567.05")).toBe('1234567.05')
    const plain = createNumberNormaliser({ decimal: ',', grouping: '' })
    expect(['1234,5', '1.234,5'].map(plain)).toEqual(['1234.5', '1.234,5'])
  })
})
