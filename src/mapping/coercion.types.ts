/**
 * A coercer turns one source value into the canonical representation. It returns a `Rejection`
 * instead of throwing: a bad value is data to report, and throwing per value on 100k-record syncs
 * would cost more than the mapping itself.
 */
export class Rejection {
  constructor(readonly message: string) {}
}

export type Coercer = (value: unknown) => unknown

export interface CoercionContext {
  /** IANA zone for date-times written without an offset. */
  timeZone: string
}

/** A short, human description of what a value is, for messages. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'text'
  return `a ${typeof value}`
}
