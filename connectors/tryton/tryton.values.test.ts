import { formatStamp, parseStamp, stampMinus } from './tryton.stamp'
import { answers, seededTables } from './tryton.test-kit'
import { decodeValue, encodeDate, encodeDateTime, normaliseObject } from './tryton.values'

describe('decoding what Tryton sends', () => {
  it('turns the captured nested sale lines into plain JSON: decimals as exact text, related records merged', () => {
    const [sale] = answers.saleNestedLines.result as never[]
    expect(normaliseObject(sale)).toEqual({
      state: 'confirmed',
      number: 'SO-00024',
      id: 24,
      lines: [
        { quantity: 3.0, unit_price: '161.1000', id: 57, product: { code: 'SAW-P', id: 5 } },
        { quantity: 4.0, unit_price: '89.0000', id: 58, product: { code: 'DRL-B', id: 1 } },
      ],
    })
  })

  it('decodes dates and naive UTC date-times, keeping the microseconds', () => {
    const [opportunity] = answers.opportunityRead.result as never[]
    const decoded = normaliseObject(opportunity)
    expect(decoded.create_date).toBe('2026-11-27T16:32:12.223257Z')
    expect(decoded.write_date).toBeNull()
    expect(decoded.amount).toBe('4800.00')
    expect(decoded.party).toEqual({ name: 'Van der Berg Bouw B.V.', id: 13 })
    // `_timestamp` is plain text, not a typed value: it passes untouched.
    expect(decoded._timestamp).toBe('1795797132.223257')
  })

  it('merges a dotted key over the plain id, and keeps an empty Many2One as null', () => {
    const [without] = answers.partyWithoutCompany.result as never[]
    expect(normaliseObject(without)).toEqual({ name: 'Müller Bau GmbH', id: 7, lang: null, customer_payment_term: { name: 'Net 30 days', id: 1 } })
    expect(normaliseObject({ party: 13, 'party.': { name: 'X', id: 13 } })).toEqual({ party: { name: 'X', id: 13 } })
    expect(normaliseObject({ 'party.': { name: 'X', id: 13 }, party: 13 })).toEqual({ party: { name: 'X', id: 13 } })
  })

  it('decodes every row of the seeded tables without leaving a typed value or a dotted key behind', () => {
    const leftovers: string[] = []
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`))
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === '__class__' || k.endsWith('.')) leftovers.push(`${path}.${k}`)
          walk(v, `${path}.${k}`)
        }
      }
    }
    for (const [model, rows] of Object.entries(seededTables)) rows.forEach((row, i) => walk(normaliseObject(row), `${model}[${i}]`))
    expect(leftovers).toEqual([])
  })

  it.each([
    [{ __class__: 'date', year: 2026, month: 9, day: 3 }, '2026-09-03'],
    [{ __class__: 'time', hour: 7, minute: 5, second: 9, microsecond: 0 }, '07:05:09'],
    [{ __class__: 'timedelta', seconds: 172800.0 }, 172800],
    [{ __class__: 'bytes', base64: 'aGk=' }, 'aGk='],
    [{ __class__: 'Decimal', decimal: '1E+2' }, '1E+2'],
  ])('decodes %j', (encoded, decoded) => {
    expect(decodeValue(encoded)).toEqual(decoded)
  })

  it('leaves an unknown or malformed typed value as it came, for the mapping to quarantine its record', () => {
    const odd = { __class__: 'Money', amount: '1' }
    const impossible = { __class__: 'datetime', year: 2026, month: 13, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 }
    expect(decodeValue(odd)).toEqual(odd)
    expect(decodeValue(impossible)).toEqual(impossible)
  })
})

describe('encoding for Tryton', () => {
  it('round-trips a stamp through the datetime encoding exactly', () => {
    const text = '2026-11-27T16:31:48.015839Z'
    expect(encodeDateTime(text)).toEqual({ __class__: 'datetime', year: 2026, month: 11, day: 27, hour: 16, minute: 31, second: 48, microsecond: 15839 })
    expect(decodeValue(encodeDateTime(text))).toBe(text)
    expect(encodeDate('2026-12-05')).toEqual({ __class__: 'date', year: 2026, month: 12, day: 5 })
  })

  it('moves a stamp back by milliseconds without losing microseconds, across a day boundary', () => {
    const stamp = parseStamp('2026-11-28T00:00:30.000007Z')!
    expect(formatStamp(stampMinus(stamp, 60_000))).toBe('2026-11-27T23:59:30.000007Z')
    expect(parseStamp('2026-02-30T00:00:00Z')).toBeUndefined()
  })
})
