import type { CoercionContext, Coercer } from './coercion.types'
import { createDateCoercer, createDateTimeCoercer } from './datetime.coerce'
import { toDecimalText } from './decimal.coerce'
import { toBoolean, toInteger, toNumber, toText } from './scalar.coerce'

/** The `as:` values a mapping may use, and the canonical kind of value each one yields. */
export const coercions = {
  string: { yields: 'string', create: (): Coercer => toText },
  integer: { yields: 'number', create: (): Coercer => toInteger },
  number: { yields: 'number', create: (): Coercer => toNumber },
  decimal: { yields: 'string', create: (): Coercer => toDecimalText },
  boolean: { yields: 'boolean', create: (): Coercer => toBoolean },
  date: { yields: 'string', create: (context: CoercionContext): Coercer => createDateCoercer(context) },
  datetime: { yields: 'string', create: (context: CoercionContext): Coercer => createDateTimeCoercer(context) },
} as const satisfies Record<string, { yields: ValueKind; create: (context: CoercionContext) => Coercer }>

export type ValueKind = 'string' | 'number' | 'boolean'
export type CoercionName = keyof typeof coercions
export const coercionNames = Object.keys(coercions) as [CoercionName, ...CoercionName[]]

/** Without `as:`, text is kept and numbers or booleans are written as text (ids, codes, names). */
export const defaultCoercion: CoercionName = 'string'
