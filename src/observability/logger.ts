import pino from 'pino'
import type { Logger } from '../connector-sdk/connector.contract'
import { currentCorrelationId } from './correlation'

/**
 * Structured JSON logs. Redaction is by key name anywhere near the top of a log object, because a
 * secret can arrive under any parent (a connector config, request headers, an error's details).
 */
const REDACT_KEYS = ['password', 'token', 'secret', 'authorization', 'apiKey', 'api_key', 'value', 'x-api-key', 'cookie', 'key']
const REDACT_DEPTH = 4

/** `password`, `*.password`, `*.*.password` …; keys with a dash need pino's bracket form. */
function redactPaths(): string[] {
  const paths: string[] = []
  for (const key of REDACT_KEYS) {
    const plain = /^\w+$/.test(key)
    for (let depth = 0; depth < REDACT_DEPTH; depth++) {
      const prefix = Array(depth).fill('*').join('.')
      if (plain) paths.push(prefix ? `${prefix}.${key}` : key)
      else paths.push(`${prefix}["${key}"]`)
    }
  }
  return paths
}

export function createLogger(options: { level: string; name?: string; destination?: pino.DestinationStream } = { level: 'info' }): Logger {
  const base = pino(
    {
      name: options.name ?? 'erphub',
      level: options.level,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // The id of the request, webhook or job this line was written for (correlation.ts).
      mixin: () => {
        const correlationId = currentCorrelationId()
        return correlationId ? { correlationId } : {}
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  )
  return base as unknown as Logger
}
