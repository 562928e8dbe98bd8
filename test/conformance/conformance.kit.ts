import { createHttpClient, type ConnectorContext, type Logger } from '../../src/connector-sdk'

/** A logger that keeps every line (with its bindings) so the suite can search it for secrets. */
export function recordingLogger(lines: string[], bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (obj: object, msg?: string) => void lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }))
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  }
}

export function suiteContext(lines: string[]): ConnectorContext {
  return { http: createHttpClient({ userAgent: 'erphub-conformance' }), logger: recordingLogger(lines), clock: { now: () => new Date() } }
}

/** Everything an error carries that a person or a log could see. */
export function errorText(err: unknown): string {
  const parts: string[] = []
  let cur: unknown = err
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown }
    parts.push(String(e.message ?? cur), String(e.stack ?? ''), JSON.stringify(e.details ?? null))
    cur = e.cause
  }
  return parts.join('\n')
}
