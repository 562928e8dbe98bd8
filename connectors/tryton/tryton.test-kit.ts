/**
 * Test support for the tryton connector: a fake trytond JSON-RPC endpoint (through nock) serving
 * the real rows in fixtures/seeded-tables.json, a recording context, config builders and readers.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { createHttpClient, type Cursor, type JsonObject, type JsonValue, type Logger, type Page, type Session } from '../../src/connector-sdk'
import { trytonConfigSchema, type TrytonConfig, type TrytonConfigInput } from './tryton.config'
import { trytonConnector } from './tryton.connector'
import { decodeValue } from './tryton.values'

export const SERVER = 'http://tryton.test:8000'
export const DATABASE = 'tryton_erp'
export const ENDPOINT = `/${DATABASE}/`
export const LOGIN = 'hub'
export const PASSWORD = 'hub-integration-pw'

type Answers = Record<string, { id: number; result?: JsonValue; error?: JsonValue[] }>
const fixtures = join(__dirname, 'fixtures')
/** Real answers from PROTOCOL.md, by name (see fixtures/README.md). */
export const answers: Answers = JSON.parse(readFileSync(join(fixtures, 'protocol-answers.json'), 'utf8')).answers
/** Real tables from the seeded server, values still encoded. */
export const seededTables: Record<string, JsonObject[]> = JSON.parse(readFileSync(join(fixtures, 'seeded-tables.json'), 'utf8')).tables

export function trytonConfig(overrides: Partial<TrytonConfigInput> = {}): TrytonConfig {
  const parsed = trytonConfigSchema.safeParse({ url: `${SERVER}/`, database: DATABASE, login: LOGIN, password: PASSWORD, ...overrides })
  if (!parsed.success) throw new Error(`test config is invalid: ${JSON.stringify(parsed.error.issues)}`)
  return parsed.data
}

export function recordingLogger(lines: string[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (obj: object, msg?: string) => void lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }))
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) }
}

export function testContext(now = new Date('2026-11-27T20:00:00Z')) {
  const logs: string[] = []
  return { ctx: { http: createHttpClient(), logger: recordingLogger(logs), clock: { now: () => now } }, logs }
}

export async function connectTryton(overrides: Partial<TrytonConfigInput> = {}) {
  const config = trytonConfig(overrides)
  const { ctx, logs } = testContext()
  const session = await trytonConnector.connect(config, ctx)
  return { config, session, logs }
}

export async function readAll(session: Session, entity: string, cursor: Cursor | null = null, stopAfter = Infinity): Promise<Page[]> {
  const pages: Page[] = []
  for await (const page of session.read(entity, cursor, new AbortController().signal)) {
    pages.push(page)
    if (pages.length >= stopAfter) break
  }
  return pages
}

export const idsOf = (pages: Page[]) => pages.flatMap((p) => p.records.map((r) => r.id))

export { rejection } from '../../src/connector-sdk/testing'

export interface RpcCall {
  method: string
  params: JsonValue[]
  authorization: string | undefined
  body: JsonObject
}

type Reply = { status: number; body?: string; headers?: Record<string, string> } | { fault: JsonValue[] } | { result: JsonValue }

/** A Tryton `datetime` value for a stamp text such as 2026-11-27T19:30:00.000001Z. */
export function trytonDateTime(text: string): JsonObject {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/.exec(text)
  if (!m) throw new Error(`bad stamp ${text}`)
  const [year, month, day, hour, minute, second, microsecond] = m.slice(1).map(Number)
  return { __class__: 'datetime', year, month, day, hour, minute, second, microsecond }
}

/**
 * A fake trytond database endpoint: login and sessions as Tryton does them (HTTP 401 for a bad
 * password or an unknown session), `search_read` / `search` / `read` / `create` over in-memory
 * tables with Tryton's domain operators, and one-shot failures to inject.
 */
export class FakeTryton {
  readonly calls: RpcCall[] = []
  readonly tables: Record<string, JsonObject[]>
  private readonly sessions = new Set<string>()
  private readonly failures: Array<{ method: RegExp; reply: Reply }> = []
  private logins = 0

  readonly password: string

  constructor(options: { tables?: Record<string, JsonObject[]>; password?: string } = {}) {
    this.tables = structuredClone(options.tables ?? seededTables)
    this.password = options.password ?? PASSWORD
  }

  /** Intercepts every POST to the database endpoint until nock.cleanAll(). */
  intercept(host = SERVER): nock.Scope {
    const fake = this
    return nock(host)
      .post(ENDPOINT)
      .reply(function (_uri, body) {
        return fake.answer(body as JsonObject, this.req.headers.authorization as string | undefined)
      })
      .persist()
  }

  /** The next call whose method matches answers `reply` instead: an HTTP status, or a fault or a result with HTTP 200. */
  failOnce(method: RegExp, reply: Reply): void {
    this.failures.push({ method, reply })
  }

  /** Every session key stops being valid, as after `max_age` or a logout elsewhere. */
  expireSessions(): void {
    this.sessions.clear()
  }

  methods(): string[] {
    return this.calls.map((c) => c.method)
  }

  /** Sets fields of a row and stamps its write_date, as a write in Tryton would. */
  write(model: string, id: number, stamp: string, values: JsonObject = {}): void {
    const row = this.tables[model].find((r) => r.id === id)
    if (!row) throw new Error(`${model} ${id} is not in the fake`)
    Object.assign(row, values, { write_date: trytonDateTime(stamp) })
  }

  insert(model: string, stamp: string, values: JsonObject): number {
    const id = Math.max(0, ...this.tables[model].map((r) => Number(r.id))) + 1
    this.tables[model].push({ ...values, id, create_date: trytonDateTime(stamp), write_date: null })
    return id
  }

  private answer(body: JsonObject, authorization: string | undefined): [number, string | JsonObject, Record<string, string>?] {
    const method = String(body.method)
    const params = (body.params ?? []) as JsonValue[]
    this.calls.push({ method, params, authorization, body })
    const failure = this.failures.findIndex((f) => f.method.test(method))
    if (failure >= 0) {
      const [{ reply }] = this.failures.splice(failure, 1)
      if ('fault' in reply) return [200, { id: body.id ?? null, error: reply.fault }]
      if ('result' in reply) return [200, { id: body.id ?? null, result: reply.result }]
      return [reply.status, reply.body ?? '', reply.headers]
    }
    if (method === 'common.db.login') return this.login(body, params)
    const session = /^Session (.+)$/.exec(authorization ?? '')
    const key = session ? Buffer.from(session[1], 'base64').toString().split(':')[2] : undefined
    if (!key || !this.sessions.has(key)) return [401, '', { 'WWW-Authenticate': 'Basic realm="Tryton"' }]
    if (method === 'common.db.logout') {
      this.sessions.delete(key)
      return [200, { id: body.id ?? null, result: null }]
    }
    if (method === 'model.res.user.get_preferences') return [200, { ...answers.preferences, id: body.id ?? null }]
    return [200, this.model(body, method, params)]
  }

  private login(body: JsonObject, params: JsonValue[]): [number, string | JsonObject] {
    const [login, parameters] = params as [string, { password?: string }]
    if (login !== LOGIN || parameters?.password !== this.password) return [401, '<!doctype html><title>401 Unauthorized</title>']
    this.logins++
    // The first key is the one PROTOCOL.md captured; later logins get fresh ones, as Tryton does.
    const captured = answers.login.result as [number, string]
    const key = this.logins === 1 ? captured[1] : createHash('sha256').update(`login-${this.logins}`).digest('hex')
    this.sessions.add(key)
    return [200, { id: body.id ?? null, result: [captured[0], key] }]
  }

  private model(body: JsonObject, method: string, params: JsonValue[]): JsonObject {
    const match = /^model\.(.+)\.(search_read|search|read|create)$/.exec(method)
    const id = body.id ?? null
    if (!match || !this.tables[match[1]]) return { ...answers.unknownModel, id, error: [`'${match?.[1] ?? method}'`, ''] }
    const [, model, verb] = match
    const context = (params[params.length - 1] ?? {}) as JsonObject
    const table = context.stock_assign === true && this.tables[`${model}@stock_assign`] ? this.tables[`${model}@stock_assign`] : this.tables[model]
    if (verb === 'create') {
      const ids = (params[0] as JsonObject[]).map((values) => this.insert(model, '2026-11-27T20:00:00.000000Z', values))
      return { id, result: ids }
    }
    if (verb === 'read') {
      const [ids, fields] = params as [number[], string[]]
      // Tryton's read does not keep the order of the ids asked for; neither does the fake.
      return { id, result: table.filter((r) => ids.includes(Number(r.id))).reverse().map((r) => project(r, fields)) }
    }
    const [domain, offset, limit, order] = params as [JsonValue[], number, number | null, JsonValue[] | null]
    const rows = table.filter((r) => matches(r, domain)).sort(compareBy(order ?? []))
    const page = rows.slice(offset ?? 0, limit === null || limit === undefined ? undefined : (offset ?? 0) + limit)
    if (verb === 'search') return { id, result: page.map((r) => r.id) }
    return { id, result: page.map((r) => project(r, params[4] as string[])) }
  }
}

/**
 * What Tryton sends of a row for `fields`: `a` for a plain field, `a.` holding the related record(s)
 * with their own asked sub-fields for a dotted one. A plain Many2One asked of a row captured only in
 * its dotted form answers the related id, as Tryton does.
 */
function project(row: JsonObject, fields: string[]): JsonObject {
  const out: JsonObject = { id: row.id }
  const nested = new Map<string, string[]>()
  for (const field of fields) {
    const [top, ...rest] = field.split('.')
    if (rest.length > 0) nested.set(top, [...(nested.get(top) ?? []), rest.join('.')])
    else if (Object.hasOwn(row, top)) out[top] = row[top]
    else if (Object.hasOwn(row, `${top}.`)) out[top] = relatedIds(row[`${top}.`])
  }
  for (const [top, sub] of nested) {
    if (!Object.hasOwn(row, `${top}.`)) continue
    const related = row[`${top}.`]
    out[`${top}.`] = Array.isArray(related) ? related.map((r) => project(r as JsonObject, sub)) : related === null ? null : project(related as JsonObject, sub)
  }
  return out
}

function relatedIds(related: JsonValue): JsonValue {
  return Array.isArray(related) ? related.map((r) => (r as JsonObject).id) : ((related as JsonObject | null)?.id ?? null)
}

function valueOf(row: JsonObject, field: string): JsonValue {
  return decodeValue(row[field] ?? null)
}

function compare(a: JsonValue, b: JsonValue): number {
  if (a === b) return 0
  if (a === null) return 1 // PostgreSQL sorts NULL last in ascending order
  if (b === null) return -1
  return a < b ? -1 : 1
}

function compareBy(order: JsonValue[]) {
  return (x: JsonObject, y: JsonObject) => {
    for (const item of order as Array<[string, string]>) {
      const c = compare(valueOf(x, item[0]), valueOf(y, item[0]))
      if (c !== 0) return item[1].startsWith('DESC') ? -c : c
    }
    return 0
  }
}

/** Tryton's domain: a list of clauses joined by AND, or by OR when it starts with 'OR'. */
export function matches(row: JsonObject, domain: JsonValue[]): boolean {
  if (domain[0] === 'OR') return domain.slice(1).some((c) => clause(row, c))
  const rest = domain[0] === 'AND' ? domain.slice(1) : domain
  return rest.every((c) => clause(row, c))
}

function clause(row: JsonObject, c: JsonValue): boolean {
  if (!Array.isArray(c)) throw new Error(`not a domain clause: ${JSON.stringify(c)}`)
  const isLeaf = c.length === 3 && typeof c[0] === 'string' && typeof c[1] === 'string' && c[0] !== 'OR' && c[0] !== 'AND'
  if (!isLeaf) return matches(row, c)
  const [field, op, raw] = c as [string, string, JsonValue]
  const left = valueOf(row, field)
  const right = decodeValue(raw)
  switch (op) {
    case '=':
      return left === right
    case '!=':
      return left !== right
    case '>':
      return left !== null && right !== null && compare(left, right) > 0
    case '>=':
      return left !== null && right !== null && compare(left, right) >= 0
    case '<':
      return left !== null && right !== null && compare(left, right) < 0
    case '<=':
      return left !== null && right !== null && compare(left, right) <= 0
    case 'in':
      return Array.isArray(right) && right.includes(left)
    default:
      throw new Error(`the fake does not know the operator ${op}`)
  }
}
