import { errorCatalogue, type ErrorCode } from './error-codes'

export interface HubErrorOptions {
  cause?: unknown
  /** Overrides the catalogue's default (a connector may know better, e.g. a 4xx that is worth a retry). */
  retryable?: boolean
  /** Structured, safe-to-show detail: field issues, limits, ids. Never secrets. */
  details?: unknown
}

/** Every error the hub raises on purpose. `code` is stable; `message` is for people. */
export class HubError extends Error {
  readonly code: ErrorCode
  readonly retryable: boolean
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? errorCatalogue[code].retryable
    this.details = options.details
  }

  get status(): number {
    return errorCatalogue[this.code].status
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: unknown } {
    return { code: this.code, message: this.message, retryable: this.retryable, ...(this.details === undefined ? {} : { details: this.details }) }
  }
}

export function isHubError(err: unknown): err is HubError {
  return err instanceof HubError
}

/** One issue of a validation failure, with the path to the offending value. */
export interface FieldIssue {
  path: string
  message: string
  code?: string
}

export class ValidationError extends HubError {
  constructor(message: string, readonly issues: FieldIssue[], options: Omit<HubErrorOptions, 'details'> = {}) {
    super('validation_failed', message, { ...options, details: { issues } })
  }
}

export class NotFoundError extends HubError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`)
  }
}
