const MASK = '[redacted]'

/**
 * Blots every form of the credentials (password, session key, the Session header's base64) out of
 * an error and its causes, in place: the hub acts on the error's class, so it must stay the same
 * object. The connector never writes them into messages itself; this guards against an ERP or a
 * proxy echoing a request back.
 */
export function redactError<E>(err: E, forms: readonly string[]): E {
  const secrets = forms.filter((f) => f.length >= 4)
  if (secrets.length === 0) return err
  let current: unknown = err
  // A cause chain is short; the bound only guards against a cycle.
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    current.message = redactText(current.message, secrets)
    if (current.stack) current.stack = redactText(current.stack, secrets)
    current = current.cause
  }
  return err
}

function redactText(text: string, forms: readonly string[]): string {
  let out = text
  for (const form of forms) out = out.split(form).join(MASK)
  return out
}
