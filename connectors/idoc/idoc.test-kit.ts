import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { ConnectorContext, DocumentBatch, JsonObject, Logger } from '../../src/connector-sdk'
import type { IdocConfigInput } from './idoc.config'
import { idocConnector } from './idoc.connector'

/** Test helpers for the idoc connector: real and hand-made files, a parse that collects batches, logs. */
export const ROOT = join(__dirname, '..', '..')

export const realOrdrsp = (): Buffer => readFileSync(join(ROOT, 'test', 'fixtures', 'real', 'sap-samples-integration-suite-b2b', 'ordrsp-idoc.xml'))
export const sample = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name))

export function recordingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const write = (obj: object, msg?: string) => void lines.push(JSON.stringify({ ...obj, msg }))
  const logger = { debug: write, info: write, warn: write, error: write, child: () => logger, lines }
  return logger
}

export function contextWith(logger: Logger): ConnectorContext {
  return { logger, http: { request: () => Promise.reject(new Error('a document connector makes no HTTP call')) }, clock: { now: () => new Date('2024-03-12T10:00:00Z') } }
}

/** Every batch parseDocument yields for `body` (bytes, or chunks of text/bytes). */
export async function parseIdoc(body: Buffer | Array<string | Buffer> | NodeJS.ReadableStream, config: IdocConfigInput = {}, logger: Logger = recordingLogger()): Promise<DocumentBatch[]> {
  const stream = Buffer.isBuffer(body) ? Readable.from([body]) : Array.isArray(body) ? Readable.from(body) : body
  const batches: DocumentBatch[] = []
  for await (const batch of idocConnector.parseDocument!(idocConnector.configSchema.parse(config), { body: stream }, contextWith(logger), new AbortController().signal)) batches.push(batch)
  return batches
}

export function recordsOf(batches: DocumentBatch[], entity: string): JsonObject[] {
  return batches.filter((b) => b.entity === entity).flatMap((b) => b.records)
}

/** A document's bytes cut into pieces of `size`, to cross every kind of boundary. */
export function inChunks(bytes: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size))
}

/** A full garbage collection, so a test measures memory that is still held, not garbage not yet collected. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}
