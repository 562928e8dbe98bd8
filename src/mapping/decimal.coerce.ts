import { describeKind, Rejection } from './coercion.types'

/**
 * Decimal text as the canonical model stores it (`Decimal` in src/canonical): `-?\d+(\.\d+)?`, no
 * leading `+`, no leading zeros, no trailing fractional zeros, and never `-0`.
 *
 * Accepted input: a finite JS number, or text like " 12.50", "+3", "-0.5", ".5", and also exponent
 * notation ("1e3", "1.25E-2"). Exponents are accepted because some ERPs and JSON encoders emit them
 * for large or tiny values, and because a JS number's exact text form uses them (1e-7); the result is
 * always expanded ("1000", "0.0125"). Thousands separators and decimal commas are refused: "1,250"
 * means different things in different locales, and guessing would corrupt amounts.
 */
const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
/** Enough for every finite double (up to ~1.8e308 and down to 5e-324); beyond that it is not a quantity. */
const maxExponent = 400

export function toDecimalText(value: unknown): string | Rejection {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return new Rejection(`expected a finite decimal number, got ${value}`)
    // String(n) is the shortest text that reads back as the same double, so 0.1 stays "0.1".
    return normaliseDecimal(String(value)) ?? new Rejection(`cannot represent ${value} as a decimal`)
  }
  if (typeof value === 'string') {
    return normaliseDecimal(value.trim()) ?? new Rejection('expected a decimal number such as 12.5')
  }
  return new Rejection(`expected a decimal number such as 12.5, got ${describeKind(value)}`)
}

/** The normalised form of decimal text, or undefined when it is not one. */
export function normaliseDecimal(text: string): string | undefined {
  const match = decimalPattern.exec(text)
  if (match === null) return undefined
  const [, sign, whole, fraction = '', exponentText] = match
  if (whole === '' && fraction === '') return undefined
  const exponent = exponentText === undefined ? 0 : Number(exponentText)
  if (Math.abs(exponent) > maxExponent) return undefined

  const digits = whole + fraction
  let start = 0
  while (start < digits.length && digits[start] === '0') start++
  let end = digits.length
  while (end > start && digits[end - 1] === '0') end--
  if (start === end) return '0'

  const significant = digits.slice(start, end)
  // Where the decimal point falls, counted from the first significant digit.
  const point = whole.length + exponent - start
  let body: string
  if (point <= 0) body = `0.${'0'.repeat(-point)}${significant}`
  else if (point >= significant.length) body = significant + '0'.repeat(point - significant.length)
  else body = `${significant.slice(0, point)}.${significant.slice(point)}`
  return sign === '-' ? `-${body}` : body
}
