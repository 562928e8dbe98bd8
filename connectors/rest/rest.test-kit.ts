/**
 * Builders shared by the rest connector's tests: a context whose logger and HTTP exchanges are
 * recorded, a config builder, and a page collector. HTTP itself is faked per test with nock.
 */
import { createHttpClient, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import { restConfigSchema, type RestConfig, type RestConfigInput } from './rest.config'
import { restConnector } from './rest.connector'

export const BASE_URL = 'https://erp.example.test'

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  bindings: Record<string, unknown>
  obj: object
  msg?: string
}

export interface Exchange {
  method: string
  path: string
  status: number | null
}

export function recordingLogger(entries: LogEntry[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, bindings, obj, msg })
  }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  }
}

export function testContext(now = new Date('2024-06-01T00:00:00Z')) {
  const logs: LogEntry[] = []
  const exchanges: Exchange[] = []
  const ctx = {
    http: createHttpClient({ onExchange: (e) => exchanges.push({ method: e.method, path: e.path, status: e.status }) }),
    logger: recordingLogger(logs),
    clock: { now: () => now },
  }
  return { ctx, logs, exchanges }
}

/** Parses like the hub does before connect(); a config the test expects to be valid must be. */
export function restConfig(input: Partial<RestConfigInput> & Pick<RestConfigInput, 'entities'>): RestConfig {
  const parsed = restConfigSchema.safeParse({ baseUrl: BASE_URL, ...input })
  if (!parsed.success) throw new Error(`test config is invalid: ${JSON.stringify(parsed.error.issues)}`)
  return parsed.data
}

export async function connectRest(input: Partial<RestConfigInput> & Pick<RestConfigInput, 'entities'>) {
  const config = restConfig(input)
  const { ctx, logs, exchanges } = testContext()
  const session = await restConnector.connect(config, ctx)
  return { config, session, logs, exchanges }
}

export { readAll, rejection } from '../../src/connector-sdk/testing'

/** Customers with ids from `firstId`, each `updated_at` from `updatedAt(i)` when given. */
export function customers(count: number, firstId = 1, updatedAt?: (i: number) => string | number): JsonObject[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    name: `Customer ${firstId + i}`,
    ...(updatedAt ? { updated_at: updatedAt(i) } : {}),
  }))
}

export function ids(pages: Page[]): unknown[] {
  return pages.flatMap((p) => p.records.map((r) => r.id))
}
