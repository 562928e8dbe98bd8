import { HubError, type HubErrorOptions } from '../errors/hub-error'
import type { ErrorCode } from '../errors/error-codes'

/**
 * Errors a connector throws, typed by what the hub must do about them:
 * ConfigError / AuthError are never retried, RateLimited is retried after `retryAfterMs`,
 * Transient (and MalformedResponse) are retried with backoff. A single bad record is not an error:
 * it is mapped to quarantine (reads) or a rejected outcome (writes).
 */
export abstract class ConnectorError extends HubError {
  protected constructor(code: ErrorCode, message: string, options?: HubErrorOptions) {
    super(code, message, options)
  }
}

export class ConfigError extends ConnectorError {
  constructor(message: string, options?: HubErrorOptions) {
    super('connector_config', message, options)
  }
}

export class AuthError extends ConnectorError {
  constructor(message: string, options?: HubErrorOptions) {
    super('connector_auth', message, options)
  }
}

export class RateLimited extends ConnectorError {
  constructor(message: string, readonly retryAfterMs: number, options?: HubErrorOptions) {
    super('rate_limited', message, { ...options, details: { retryAfterMs } })
  }
}

export class Transient extends ConnectorError {
  constructor(message: string, options?: HubErrorOptions) {
    super('transient', message, options)
  }
}

/** The ERP answered, but not with something we can read (bad JSON, wrong shape). Retried: often a glitch. */
export class MalformedResponse extends ConnectorError {
  constructor(message: string, options?: HubErrorOptions) {
    super('malformed_response', message, options)
  }
}

/** A document (IDoc, UBL, CSV …) that cannot be read as its format: retrying the same bytes will not help. */
export class InvalidDocument extends ConnectorError {
  constructor(message: string, options?: HubErrorOptions) {
    super('invalid_document', message, options)
  }
}
