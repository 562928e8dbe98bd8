/**
 * Builders shared by the odata-v4 connector's tests: a context whose logger and HTTP exchanges are
 * recorded (with a clock the test moves), config builders, the real fixtures, and collectors. HTTP
 * itself is faked per test with nock.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { createHttpClient, parseJsonExact, z, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import { odataConfigSchema, type ODataConfig, type ODataConfigInput } from './odata-v4.config'
import { odataV4Connector } from './odata-v4.connector'

/** A Business Central service root as the docs spell it (tenant, environment and company are made up). */
export const BC_HOST = 'https://api.businesscentral.dynamics.com'
export const BC_ROOT_PATH = '/v2.0/7f2e1c3a-tenant/production/api/v2.0/companies(2d117882-81a5-489e-b956-613205b06c72)'
export const BC_ROOT = `${BC_HOST}${BC_ROOT_PATH}`

export const TOKEN_HOST = 'https://login.microsoftonline.com'
export const TOKEN_PATH = '/7f2e1c3a-tenant/oauth2/v2.0/token'
export const CLIENT_ID = 'b1a2c3d4-app'
export const CLIENT_SECRET = 'cs~SECRET-odata-v4-Zq8'

export const oauth = {
  type: 'oauth2-client-credentials' as const,
  tokenUrl: `${TOKEN_HOST}${TOKEN_PATH}`,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  scope: 'https://api.businesscentral.dynamics.com/.default',
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

/** A clock the test sets; starts at 2024-06-01T00:00:00Z. */
export class TestClock {
  private ms = Date.parse('2024-06-01T00:00:00Z')
  now(): Date {
    return new Date(this.ms)
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

export function testContext() {
  const logs: LogEntry[] = []
  const exchanges: Array<{ method: string; path: string; status: number | null }> = []
  const clock = new TestClock()
  const ctx = {
    http: createHttpClient({ onExchange: (e) => exchanges.push({ method: e.method, path: e.path, status: e.status }) }),
    logger: recordingLogger(logs),
    clock,
  }
  return { ctx, logs, exchanges, clock }
}

/** Parses like the hub does before connect(); a config the test expects to be valid must be. */
export function odataConfig(input: Partial<ODataConfigInput> = {}): ODataConfig {
  const parsed = odataConfigSchema.safeParse({ serviceRoot: BC_ROOT, ...input })
  if (!parsed.success) throw new Error(`test config is invalid: ${JSON.stringify(parsed.error.issues)}`)
  return parsed.data
}

export async function connectOData(input: Partial<ODataConfigInput> = {}) {
  const config = odataConfig(input)
  const { ctx, logs, exchanges, clock } = testContext()
  const session = await odataV4Connector.connect(config, ctx)
  return { config, session, logs, exchanges, clock }
}

export { readAll, rejection } from '../../src/connector-sdk/testing'

const REAL = join(__dirname, '..', '..', 'test', 'fixtures', 'real')

/** The bytes of a real fixture (test/fixtures/real/SOURCES.md), to serve byte for byte. */
export function realBytes(path: string): Buffer {
  return readFileSync(join(REAL, path))
}

/** A real fixture as the SDK reads it (BOM dropped, big integers exact). */
export function realJson(path: string): JsonObject {
  return z.record(z.string(), z.json()).parse(parseJsonExact(realBytes(path).toString('utf8'))) as JsonObject
}

/** The `value` items of a real collection or delta fixture. */
export function realItems(path: string): JsonObject[] {
  return z.array(z.record(z.string(), z.json())).parse(realJson(path).value) as JsonObject[]
}

export const fixtures = {
  bcCustomer: 'ms-dynamics365-business-central-docs/dynamics_customer_get.md.block2.json',
  bcItem: 'ms-dynamics365-business-central-docs/dynamics_item_get.md.block2.json',
  bcSalesOrder: 'ms-dynamics365-business-central-docs/dynamics_salesorder_get.md.block2.json',
  bcDelta: 'ms-dynamics365-business-central-docs/devenv-connect-apps-delta.md.block0.json',
  olingoDelta: 'apache-olingo-odata4/delta.json',
  olingoCustomers: 'apache-olingo-odata4/Customers.json',
  olingoError: 'apache-olingo-odata4/error.json',
  olingoRemoved: 'apache-olingo-odata4/EntityESAllPrimExpandedNavPropertyETTwoPrimManyDelta.json',
  tripPin: 'simple-odata-client/TripPin_result_20.json',
  dataverse: 'simple-odata-client/AccountTasksAndLink.json',
} as const

/** A token endpoint that issues `token` (valid for `expiresIn` seconds) each time it is asked. */
export function tokenEndpoint(token: string | string[], expiresIn = 3599): nock.Scope {
  const tokens = Array.isArray(token) ? token : [token]
  const scope = nock(TOKEN_HOST)
  for (const t of tokens) scope.post(TOKEN_PATH).reply(200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: t })
  return scope
}

/** `{ value }` with an optional next link, as one collection page. */
export function collection(records: JsonObject[], extra: JsonObject = {}): JsonObject {
  return { '@odata.context': `${BC_ROOT}/$metadata#customers`, value: records, ...extra }
}

export function keys(pages: Page[], key = 'id'): unknown[] {
  return pages.flatMap((p) => p.records.map((r) => r[key]))
}

/** Unhooks nock after a test file (node:http outlives the file in the worker; jest warns otherwise). */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  afterAll(() => {
    nock.enableNetConnect()
    nock.restore()
  })
}
