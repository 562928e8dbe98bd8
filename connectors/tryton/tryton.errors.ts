import { AuthError, ConfigError, RateLimited, Transient, z, type ConnectorError } from '../../src/connector-sdk'

/**
 * Tryton answers application errors with HTTP 200 and `{"error": [kind, details]}` (trytond's
 * `JSONProtocol.response` sends `exception.args`). The kinds, and what the hub must do about each:
 *
 * | kind | details | error |
 * | --- | --- | --- |
 * | `UserError` (also access errors, which are a subclass) | `[message, description, domain]` | AuthError when the message is an access refusal, else ConfigError |
 * | `UserWarning` | `[name, message, description]` | ConfigError: someone has to answer the warning in Tryton |
 * | `LoginException` | `[name, message, type]` | AuthError: the login needs another parameter |
 * | `ConcurrencyException` | `message` | Transient: the record changed under us, read again |
 * | `RateLimitException` | — | RateLimited |
 * | `'<name>'` (a Python KeyError: unknown model, field or method) | `''` or a traceback | ConfigError |
 * | anything else (an unexpected server exception) | a traceback with `--dev` | Transient |
 *
 * Access refusals are recognised by Tryton's English messages ("You are not allowed to …"); with
 * another session language they are ConfigErrors, which the hub does not retry either.
 */

export interface TrytonFault {
  kind: string
  /** The human message Tryton gave, or the kind when it gave none. */
  message: string
}

const userErrorDetails = z.tuple([z.string(), z.string().nullish(), z.unknown().optional()]).rest(z.unknown())
const warningDetails = z.tuple([z.string(), z.string(), z.string().nullish()]).rest(z.unknown())
const accessRefusal = /^(You are not allowed to|Calling button .* is not allowed)/
const keyErrorKind = /^'[^']*'$/
const MAX_MESSAGE = 500

export function readFault(error: readonly unknown[]): TrytonFault {
  const [kind, details] = error
  const name = clip(typeof kind === 'string' ? kind : JSON.stringify(kind) ?? 'an unnamed error')
  return { kind: name, message: clip(faultMessage(name, details)) }
}

function faultMessage(kind: string, details: unknown): string {
  if (kind === 'UserError' || kind === 'LoginException') {
    const parsed = userErrorDetails.safeParse(details)
    if (parsed.success) return kind === 'LoginException' ? parsed.data[1] ?? parsed.data[0] : [parsed.data[0], parsed.data[1]].filter(Boolean).join(' — ')
  }
  if (kind === 'UserWarning') {
    const parsed = warningDetails.safeParse(details)
    if (parsed.success) return parsed.data[1]
  }
  if (kind === 'ConcurrencyException' && typeof details === 'string') return details
  return kind
}

/** Is this fault about one record's values (a write can reject that record and go on)? */
export function isRecordFault(fault: TrytonFault): boolean {
  return (fault.kind === 'UserError' && !accessRefusal.test(fault.message)) || fault.kind === 'UserWarning'
}

/** The typed error for a fault answered to `method`. */
export function faultError(method: string, fault: TrytonFault): ConnectorError {
  const what = `Tryton answered ${method} with ${fault.kind}`
  const details = { method, kind: fault.kind }
  switch (fault.kind) {
    case 'UserError':
      if (accessRefusal.test(fault.message)) return new AuthError(`${what}: the Tryton user lacks an access right: ${fault.message}`, { details })
      return new ConfigError(`${what}: ${fault.message}`, { details })
    case 'UserWarning':
      return new ConfigError(`${what} (it needs to be confirmed in Tryton): ${fault.message}`, { details })
    case 'LoginException':
      return new AuthError(`${what}: the login asks for another parameter: ${fault.message}`, { details })
    case 'ConcurrencyException':
      return new Transient(`${what}: ${fault.message}`, { details })
    case 'RateLimitException':
      return new RateLimited(`${what}`, 1000)
    default:
      if (keyErrorKind.test(fault.kind)) {
        return new ConfigError(`${what}: Tryton does not know ${fault.kind} (a model, field or method missing: is the module installed and the connector's Tryton version supported?)`, { details })
      }
      return new Transient(`${what}: the server failed to handle the call`, { details })
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text
}
