/**
 * Builders shared by the sap-odata connector's tests: a context whose logger and HTTP exchanges are
 * recorded, a config builder, readers of the real fixtures, and a page collector. HTTP itself is faked
 * per test with nock.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHttpClient, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import { sapODataConfigSchema, type SapODataConfig, type SapODataConfigInput } from './sap-odata.config'
import { sapODataConnector } from './sap-odata.connector'

export const BASE_URL = 'https://s4.example.test'
export const SERVICE_ROOT = '/sap/opu/odata/sap'
export const USER = 'HUB_COMM_USER'
export const PASSWORD = 'Welcome1!s4-hub-pw'
export const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

const REAL = join(__dirname, '..', '..', 'test', 'fixtures', 'real')

/** A real public OData document from test/fixtures/real (see SOURCES.md there), as text. */
export function realFixtureText(path: string): string {
  return readFileSync(join(REAL, path), 'utf8')
}

export function realFixture(path: string): JsonObject {
  return JSON.parse(realFixtureText(path)) as JsonObject
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  bindings: Record<string, unknown>
  obj: object
  msg?: string
}

export function recordingLogger(entries: LogEntry[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, bindings, obj, msg })
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => recordingLogger(entries, { ...bindings, ...more }) }
}

export function testContext(now = new Date('2024-06-01T00:00:00Z')) {
  const logs: LogEntry[] = []
  const exchanges: Array<{ method: string; path: string; status: number | null }> = []
  const ctx = {
    http: createHttpClient({ onExchange: (e) => exchanges.push({ method: e.method, path: e.path, status: e.status }) }),
    logger: recordingLogger(logs),
    clock: { now: () => now },
  }
  return { ctx, logs, exchanges }
}

/** Parses like the hub does before connect(); a config the test expects to be valid must be. */
export function sapConfig(input: Partial<SapODataConfigInput> = {}): SapODataConfig {
  const parsed = sapODataConfigSchema.safeParse({ baseUrl: BASE_URL, auth: { type: 'basic', username: USER, password: PASSWORD }, ...input })
  if (!parsed.success) throw new Error(`test config is invalid: ${JSON.stringify(parsed.error.issues)}`)
  return parsed.data
}

export async function connectSap(input: Partial<SapODataConfigInput> = {}) {
  const config = sapConfig(input)
  const { ctx, logs, exchanges } = testContext()
  const session = await sapODataConnector.connect(config, ctx)
  return { config, session, logs, exchanges }
}

export { readAll, rejection } from '../../src/connector-sdk/testing'

/** Everything an error carries that a person or a log could see. */
export function visibleText(err: unknown): string {
  const parts: string[] = []
  let cur: unknown = err
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown }
    parts.push(String(e.message ?? cur), String(e.stack ?? ''), JSON.stringify(e.details ?? null))
    cur = e.cause
  }
  return parts.join('\n')
}

export function keysOf(pages: Page[], key: string): unknown[] {
  return pages.flatMap((p) => p.records.map((r) => r[key]))
}

/** `{ d: { results } }` plus `__next` / `__count` when given: the OData v2 collection shape of the real fixtures. */
export function feed(results: JsonObject[], extra: { next?: string; count?: string } = {}): JsonObject {
  return { d: { results, ...(extra.count === undefined ? {} : { __count: extra.count }), ...(extra.next === undefined ? {} : { __next: extra.next }) } }
}

/** A sales order shaped like API_SALES_ORDER_SRV's A_SalesOrder (field names from its $metadata), with `__metadata`. */
export function aSalesOrder(id: string, overrides: JsonObject = {}): JsonObject {
  return {
    __metadata: {
      id: `${BASE_URL}${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder('${id}')`,
      uri: `${BASE_URL}${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder('${id}')`,
      type: 'API_SALES_ORDER_SRV.A_SalesOrderType',
    },
    SalesOrder: id,
    SalesOrderType: 'OR',
    SalesOrganization: '1710',
    DistributionChannel: '10',
    OrganizationDivision: '00',
    SoldToParty: '17100001',
    SalesOrderDate: '/Date(1700006400000)/',
    PurchaseOrderByCustomer: '',
    TotalNetAmount: '52.65',
    TransactionCurrency: 'USD',
    LastChangeDateTime: '/Date(1700130000123+0000)/',
    OverallSDProcessStatus: 'A',
    OverallSDDocumentRejectionSts: '',
    to_Partner: { __deferred: { uri: `${BASE_URL}${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder('${id}')/to_Partner` } },
    ...overrides,
  }
}
