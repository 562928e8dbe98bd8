import { Rejection } from '../../src/mapping/coercion.types'
import { toBoolean, toInteger, toNumber, toText } from '../../src/mapping/scalar.coerce'

describe('integer coercion', () => {
  it.each([
    [7, 7],
    ['42', 42],
    [' +3 ', 3],
    ['-12', -12],
    ['-0', 0],
    [3.0, 3],
  ])('reads %p as %p', (input, expected) => {
    expect(toInteger(input)).toBe(expected)
  })

  it.each([[1.5], ['1.5'], ['3.0'], ['12a'], [''], ['9007199254740993'], [2 ** 60], [null], [true]])('rejects %p', (input) => {
    expect(toInteger(input)).toBeInstanceOf(Rejection)
  })
})

describe('number coercion', () => {
  it.each([
    [1.25, 1.25],
    ['1.25', 1.25],
    [' -3 ', -3],
    ['1e3', 1000],
  ])('reads %p as %p', (input, expected) => {
    expect(toNumber(input)).toBe(expected)
  })

  it.each([[''], ['0x1f'], ['Infinity'], [Infinity], ['1,5'], [false]])('rejects %p', (input) => {
    expect(toNumber(input)).toBeInstanceOf(Rejection)
  })
})

describe('boolean coercion', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
    ['yes', true],
    ['No', false],
    ['X', true],
    ['', false],
  ])('reads %p as %p', (input, expected) => {
    expect(toBoolean(input)).toBe(expected)
  })

  it.each([['maybe'], [2], ['Y'], [null], [{}]])('rejects %p', (input) => {
    expect(toBoolean(input)).toBeInstanceOf(Rejection)
  })
})

describe('text coercion (the default)', () => {
  it.each([
    ['SKU-1', 'SKU-1'],
    [123, '123'],
    [1e-7, '0.0000001'],
    [true, 'true'],
  ])('writes %p as %p', (input, expected) => {
    expect(toText(input)).toBe(expected)
  })

  it.each([[{ code: 'x' }], [['a']]])('rejects %p', (input) => {
    expect(toText(input)).toBeInstanceOf(Rejection)
  })
})
