const MASK = '[redacted]'
// Session values shorter than this (a cookie such as "lang=0") are too likely to occur by chance in
// ordinary text; configured credentials are blotted out whatever their length.
const MIN_SESSION_VALUE_LENGTH = 4

/**
 * The secrets of one session: the configured credentials plus what the ERP hands out on the way
 * (CSRF token, session cookies). Every error leaving the connector passes through `error()`.
 */
export class Redactor {
  private forms: string[] = []

  constructor(credentials: readonly string[] = []) {
    for (const credential of credentials) this.remember(credential)
  }

  /** A value the ERP handed out during the session (CSRF token, cookie). */
  add(sessionValue: string): void {
    if (sessionValue.length >= MIN_SESSION_VALUE_LENGTH) this.remember(sessionValue)
  }

  private remember(secret: string): void {
    if (secret === '') return
    const next = new Set(this.forms)
    next.add(secret)
    next.add(encodeURIComponent(secret))
    // Longest first, so a form containing another is blotted out whole.
    this.forms = [...next].sort((a, b) => b.length - a.length)
  }

  text(text: string): string {
    let out = text
    for (const form of this.forms) out = out.split(form).join(MASK)
    return out
  }

  /** Blots secrets out of an error and its causes in place, keeping its class (the hub acts on the class). */
  error<E>(err: E): E {
    let current: unknown = err
    // A cause chain is short; the bound only guards against a cycle.
    for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
      current.message = this.text(current.message)
      if (current.stack) current.stack = this.text(current.stack)
      current = current.cause
    }
    return err
  }
}
