import { describeKind, Rejection } from './coercion.types'
import { normaliseDecimal, toDecimalText } from './decimal.coerce'

/**
 * Text as the canonical model wants it. Numbers are written out in full (1e-7 becomes "0.0000001")
 * because an id or a code must never change shape on its way through the hub.
 */
export function toText(value: unknown): string | Rejection {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return toDecimalText(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return new Rejection(`expected text, got ${describeKind(value)}`)
}

const integerPattern = /^[+-]?\d+$/

export function toInteger(value: unknown): number | Rejection {
  let parsed: number
  if (typeof value === 'number') parsed = value
  else if (typeof value === 'string' && integerPattern.test(value.trim())) parsed = Number(value.trim())
  else return new Rejection(`expected a whole number, got ${describeKind(value)}`)
  if (!Number.isInteger(parsed)) return new Rejection('expected a whole number')
  // Beyond 2^53 a JS number silently rounds, which would change an id or a quantity.
  if (!Number.isSafeInteger(parsed)) return new Rejection('whole number is too large to be exact')
  return parsed === 0 ? 0 : parsed
}

export function toNumber(value: unknown): number | Rejection {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : new Rejection(`expected a finite number, got ${value}`)
  }
  if (typeof value === 'string') {
    // Number() alone would accept "", "0x1f" and "Infinity"; the decimal grammar does not.
    const normalised = normaliseDecimal(value.trim())
    if (normalised !== undefined) return Number(normalised)
    return new Rejection('expected a number such as 12.5')
  }
  return new Rejection(`expected a number, got ${describeKind(value)}`)
}

/** SAP flags are "X" for true and "" for false; the rest are the spellings ERPs commonly emit. */
const booleanWords = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
  ['x', true],
  ['', false],
])

export function toBoolean(value: unknown): boolean | Rejection {
  if (typeof value === 'boolean') return value
  if (value === 1) return true
  if (value === 0) return false
  if (typeof value === 'string') {
    const word = booleanWords.get(value.trim().toLowerCase())
    if (word !== undefined) return word
    return new Rejection('expected true/false, yes/no, 1/0 or X/""')
  }
  return new Rejection(`expected true or false, got ${describeKind(value)}`)
}
