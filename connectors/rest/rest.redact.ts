const MASK = '[redacted]'

/** `text` with every occurrence of each credential form replaced. */
export function redactText(text: string, forms: readonly string[]): string {
  let out = text
  for (const form of forms) out = out.split(form).join(MASK)
  return out
}

/**
 * Blots credentials out of an error (and its cause) in place, keeping its class: the hub decides
 * what to do from the class, so a wrapped copy would change the outcome.
 */
export function redactError<E>(err: E, forms: readonly string[]): E {
  if (forms.length === 0) return err
  let current: unknown = err
  // A cause chain is short; the bound only guards against a cycle.
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    current.message = redactText(current.message, forms)
    if (current.stack) current.stack = redactText(current.stack, forms)
    current = current.cause
  }
  return err
}
