import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { InvalidDocument, type ConnectorContext, type DocumentBatch, type JsonObject, type Logger } from '../../src/connector-sdk'
import type { UblConfigInput } from './ubl.config'
import { ublConnector } from './ubl.connector'

/** Test helpers for the ubl connector: the real documents, a parse that collects batches, logs. */
export const ROOT = join(__dirname, '..', '..')

export const real = (...path: string[]): Buffer => readFileSync(join(ROOT, 'test', 'fixtures', 'real', ...path))
export const oasis = (name: string): Buffer => real('oasis-ubl-2.1', name)

export function recordingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const write = (obj: object, msg?: string) => void lines.push(JSON.stringify({ ...obj, msg }))
  const logger = { debug: write, info: write, warn: write, error: write, child: () => logger, lines }
  return logger
}

export function contextWith(logger: Logger): ConnectorContext {
  return { logger, http: { request: () => Promise.reject(new Error('a document connector makes no HTTP call')) }, clock: { now: () => new Date('2024-03-12T10:00:00Z') } }
}

/** Every batch parseDocument yields for `body` (bytes, or chunks of text/bytes). */
export async function parseUbl(body: Buffer | Array<string | Buffer>, config: UblConfigInput = {}, logger: Logger = recordingLogger()): Promise<DocumentBatch[]> {
  const stream = Readable.from(Buffer.isBuffer(body) ? [body] : body)
  const batches: DocumentBatch[] = []
  for await (const batch of ublConnector.parseDocument!(ublConnector.configSchema.parse(config), { body: stream }, contextWith(logger), new AbortController().signal)) batches.push(batch)
  return batches
}

export async function invalidUbl(body: Buffer | Array<string | Buffer>, config: UblConfigInput = {}): Promise<InvalidDocument> {
  try {
    await parseUbl(body, config)
  } catch (err) {
    if (err instanceof InvalidDocument) return err
    throw err
  }
  throw new Error('expected an InvalidDocument')
}

export function recordsOf(batches: DocumentBatch[], entity: string): JsonObject[] {
  return batches.filter((b) => b.entity === entity).flatMap((b) => b.records)
}

/** A full garbage collection, so a test measures memory that is still held, not garbage not yet collected. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}
