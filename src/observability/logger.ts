import { mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
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

/**
 * The log audit (the test suite's: see test/setup/global-teardown.ts). With ERPHUB_LOG_AUDIT_DIR
 * set, every logger of the process also writes every line, from trace up and whatever level or
 * destination its caller chose, to `<dir>/<pid>.ndjson`, so that every line the process wrote can be
 * searched for secrets afterwards. Read here rather than in config.ts (the reader of everything else
 * in the environment) because it must reach every logger, those made without a config too, and the
 * child processes that inherit the environment.
 */
export const LOG_AUDIT_ENV = 'ERPHUB_LOG_AUDIT_DIR'

let auditSink: { path: string; stream: pino.DestinationStream } | undefined

/**
 * One file per process, opened at its first line and written synchronously: a line is on disk before
 * the call returns, so none is lost when the process exits or is killed.
 */
function auditDestination(): pino.DestinationStream | undefined {
  const dir = process.env[LOG_AUDIT_ENV]
  if (!dir) return undefined
  const path = join(dir, `${process.pid}.ndjson`)
  if (auditSink?.path !== path) {
    let fd: number | undefined
    const open = () => {
      mkdirSync(dir, { recursive: true })
      return openSync(path, 'a')
    }
    auditSink = { path, stream: { write: (line: string) => void writeSync((fd ??= open()), line) } }
  }
  return auditSink.stream
}

export function createLogger(options: { level: string; name?: string; destination?: pino.DestinationStream } = { level: 'info' }): Logger {
  const audit = auditDestination()
  let level = options.level
  let destination = options.destination
  if (audit) {
    if (!(level in pino.levels.values) && level !== 'silent') throw new Error(`unknown log level ${level}`)
    // The caller's destination keeps the caller's level; the audit takes everything. Same lines, redacted alike.
    const streams: pino.StreamEntry[] = [{ level: 'trace', stream: audit }]
    if (level !== 'silent') streams.push({ level: level as pino.Level, stream: destination ?? pino.destination(process.stdout.fd || 1) })
    destination = pino.multistream(streams)
    level = 'trace'
  }
  const base = pino(
    {
      name: options.name ?? 'erphub',
      level,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // The id of the request, webhook or job this line was written for (correlation.ts).
      mixin: () => {
        const correlationId = currentCorrelationId()
        return correlationId ? { correlationId } : {}
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  )
  return base as unknown as Logger
}
