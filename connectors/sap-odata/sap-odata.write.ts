import { createHash } from 'node:crypto'
import { AuthError, ConfigError, getPath, MalformedResponse, type JsonObject, type Logger, type WriteOutcome } from '../../src/connector-sdk'
import type { SapClient } from './sap-odata.client'
import type { SapEntity, SapODataConfig, SapWrite } from './sap-odata.config'
import type { CsrfSession } from './sap-odata.csrf'
import { keyPath, keyPredicate } from './sap-odata.derive'
import { statusOf } from './sap-odata.errors'
import { entitySetUrl, stringLiteral, withQuery } from './sap-odata.query'
import { cleanEntity, readODataPage } from './sap-odata.records'

export interface WriteDeps {
  client: SapClient
  config: SapODataConfig
  csrf: (entity: SapEntity) => CsrfSession
  logger: Logger
}

/**
 * Creates records in an entity set (deep insert: `to_Item: [...]` goes along), one outcome per
 * record, in order. Idempotency: each record carries a marker derived from the idempotency key in
 * `write.idempotencyField` (PurchaseOrderByCustomer by default) and is looked up by it first, so a
 * retried push finds what an earlier attempt created (even one whose answer was lost) instead of
 * creating it again.
 *
 * A record SAP refuses (400, 409, 422: a business rule, a missing field) is a rejected outcome with
 * SAP's message and the rest go on. Failures that are not the record's own (credentials, a wrong
 * entity set, throttling, an outage) throw: the hub retries the whole call with the same key, and
 * the lookups make that safe.
 */
export async function writeRecords(deps: WriteDeps, name: string, entity: SapEntity, records: JsonObject[], idempotencyKey: string, signal: AbortSignal): Promise<WriteOutcome[]> {
  const write = entity.write
  if (!write) throw new ConfigError(`the sap-odata connection cannot write ${JSON.stringify(name)}: its entity has no \`write\` settings`)
  if (idempotencyKey === '') throw new ConfigError('a write needs a non-empty idempotency key')
  const log = deps.logger.child({ entity: name })
  const outcomes: WriteOutcome[] = []
  for (let index = 0; index < records.length; index++) {
    signal.throwIfAborted()
    const marker = idempotencyMarker(idempotencyKey, index, records.length, write.maxLength)
    outcomes.push(await writeOne(deps, entity, write, records[index], marker, signal, log))
  }
  return outcomes
}

async function writeOne(deps: WriteDeps, entity: SapEntity, write: SapWrite, record: JsonObject, marker: string, signal: AbortSignal, log: Logger): Promise<WriteOutcome> {
  const field = write.idempotencyField
  const own = record[field]
  if (own !== undefined && own !== null && own !== '' && own !== marker) {
    // Overwriting it would lose the customer's own reference; writing it unchanged would lose idempotency.
    return { status: 'rejected', reason: `${field} carries the idempotency marker, but the record already has a value there`, path: field }
  }
  const existing = await findByMarker(deps, entity, field, marker, signal)
  if (existing !== undefined) {
    log.info({ externalId: existing }, 'already created by an earlier attempt with this idempotency key')
    return { status: 'unchanged', externalId: existing }
  }
  const body: JsonObject = { ...postable(record), [field]: marker }
  let created: unknown
  try {
    created = await postWithCsrf(deps, entity, body, signal)
  } catch (err) {
    const status = statusOf(err)
    if (err instanceof ConfigError && status !== undefined && status !== 404 && status !== 405) {
      return { status: 'rejected', reason: err.message }
    }
    throw err
  }
  const externalId = keyOf(created, entity) ?? (await findByMarker(deps, entity, field, marker, signal))
  if (externalId === undefined) throw new MalformedResponse(`POST ${entity.entitySet}: SAP accepted the record but neither its answer nor a lookup by ${field} names its key`)
  log.info({ externalId }, 'created')
  return { status: 'created', externalId }
}

/** The key of the record carrying `marker`, if one exists. */
async function findByMarker(deps: WriteDeps, entity: SapEntity, field: string, marker: string, signal: AbortSignal): Promise<string | undefined> {
  const query: Array<[string, string]> = [['$format', 'json']]
  if (deps.config.sapClient !== undefined) query.push(['sap-client', deps.config.sapClient])
  query.push(['$filter', `${field} eq ${stringLiteral(marker)}`], ['$select', entity.keyFields.join(',')], ['$top', '1'])
  const url = withQuery(entitySetUrl(deps.config, entity), query)
  const response = await deps.client.request<unknown>({ url, signal })
  const page = readODataPage(response.data, `GET ${response.path}`, { truncatedNavigation: () => undefined })
  return page.records.length === 0 ? undefined : keyOf(page.records[0], entity)
}

/** POST with the CSRF token; a 403 (token expired or session lost) fetches a new token once and retries. */
async function postWithCsrf(deps: WriteDeps, entity: SapEntity, body: JsonObject, signal: AbortSignal): Promise<unknown> {
  const csrf = deps.csrf(entity)
  const url = withQuery(entitySetUrl(deps.config, entity), deps.config.sapClient === undefined ? [] : [['sap-client', deps.config.sapClient]])
  for (let attempt = 1; ; attempt++) {
    const headers = await csrf.headers(signal)
    try {
      const response = await deps.client.request<unknown>({ method: 'POST', url, headers, body, signal })
      return response.data
    } catch (err) {
      // The SDK hides the headers of an error answer, so `X-CSRF-Token: Required` cannot be told from
      // other 403s: any 403 gets one fresh token. A refused POST created nothing, so repeating it is safe.
      if (err instanceof AuthError && statusOf(err) === 403 && attempt === 1) {
        csrf.reset()
        continue
      }
      throw err
    }
  }
}

/** What the hub hands over minus what SAP would refuse: OData annotations and the connector's own `_` fields. */
function postable(record: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(record)) if (key !== '__metadata' && !key.startsWith('_')) out[key] = value
  return out
}

function keyOf(data: unknown, entity: SapEntity): string | undefined {
  let record: unknown = data
  if (typeof data === 'object' && data !== null && 'd' in data) record = (data as { d: unknown }).d
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined
  const clean = cleanEntity(record as JsonObject, { truncatedNavigation: () => undefined })
  if (entity.keyFields.length > 1) return keyPredicate(clean, entity.keyFields)
  const key = getPath(clean, keyPath(entity))
  return typeof key === 'string' && key !== '' ? key : typeof key === 'number' ? String(key) : undefined
}

// Printable ASCII without leading or trailing blanks: what survives any SAP text field unchanged.
const PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

/**
 * The marker of record `index` of a write: the idempotency key itself for a single record, `key-n`
 * for several. When that does not fit the field (SAP's PurchaseOrderByCustomer holds 35 characters)
 * or holds characters SAP may not keep, a SHA-256 of it is used instead: the same key always gives the
 * same marker, so a retry still finds the record.
 */
export function idempotencyMarker(key: string, index: number, count: number, maxLength: number): string {
  const plain = count === 1 ? key : `${key}-${index + 1}`
  if (plain.length <= maxLength && PLAIN.test(plain)) return plain
  return `EH${createHash('sha256').update(plain, 'utf8').digest('hex')}`.slice(0, maxLength)
}
