const MASK = '[redacted]'

/**
 * The secrets of one session: the configured ones, and each access token as it is obtained. Every
 * error that leaves the connector passes through here first, so a server that echoes a credential
 * (in an error body, or a proxy echoing a header) cannot carry it into a log or a stored run.
 */
export class Redactor {
  private forms: string[] = []

  constructor(secrets: readonly string[]) {
    for (const secret of secrets) this.add(secret)
  }

  /** Registers a secret in every form it could come back in (raw, URL-encoded, form-encoded). */
  add(secret: string): void {
    if (secret === '') return
    const forms = new Set([...this.forms, secret, encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2)])
    // Longest first, so a form containing another is blotted out whole.
    this.forms = [...forms].filter((f) => f !== '').sort((a, b) => b.length - a.length)
  }

  text(text: string): string {
    let out = text
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK)
    return out
  }

  /** Any JSON-like value with every string redacted (error details). */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T
    if (Array.isArray(value)) return value.map((v) => this.value(v)) as T
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.value(v)
      return out as T
    }
    return value
  }

  /**
   * Blots secrets out of an error and its causes in place, keeping the class: the hub decides what
   * to do from the class, so a wrapped copy would change the outcome.
   */
  error<E>(err: E): E {
    let current: unknown = err
    // A cause chain is short; the bound only guards against a cycle.
    for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
      current.message = this.text(current.message)
      if (current.stack) current.stack = this.text(current.stack)
      const withDetails = current as { details?: unknown }
      if (withDetails.details !== undefined) {
        // HubError.details is readonly for callers; redacting it is the one sanctioned rewrite.
        Object.defineProperty(current, 'details', { value: this.value(withDetails.details), enumerable: true, configurable: true, writable: false })
      }
      current = current.cause
    }
    return err
  }
}
