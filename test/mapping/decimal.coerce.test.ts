import { Decimal } from '../../src/canonical/canonical.types'
import { Rejection } from '../../src/mapping/coercion.types'
import { toDecimalText } from '../../src/mapping/decimal.coerce'

describe('decimal coercion', () => {
  it.each([
    ['12.50', '12.5'],
    [' 12.50 ', '12.5'],
    ['+3', '3'],
    ['3.0', '3'],
    ['-0.5', '-0.5'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['007.10', '7.1'],
    ['.5', '0.5'],
    ['100', '100'],
    ['1e3', '1000'],
    ['1.25E-2', '0.0125'],
    ['-2.5e+1', '-25'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('normalises the text %j to %j', (input, expected) => {
    expect(toDecimalText(input)).toBe(expected)
  })

  it.each([
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [-0, '0'],
    [1249.9, '1249.9'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('writes the number %p exactly as %j', (input, expected) => {
    expect(toDecimalText(input)).toBe(expected)
  })

  it('keeps every finite double exact: the text reads back as the same number', () => {
    let seed = 42
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 2000; i++) {
      const n = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20)
      const text = toDecimalText(n)
      expect(typeof text).toBe('string')
      expect(Decimal.safeParse(text).success).toBe(true)
      expect(Number(text)).toBe(n === 0 ? 0 : n)
    }
  })

  it.each([['abc'], ['1,250'], ['12,5'], [''], ['1e'], ['NaN'], ['12.5.3'], ['1e401'], ['0x10'], [Infinity], [NaN], [true], [{}]])(
    'rejects %p',
    (input) => {
      expect(toDecimalText(input)).toBeInstanceOf(Rejection)
    },
  )
})
