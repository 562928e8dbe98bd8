import { createHash } from 'node:crypto'
import { ConfigError, MalformedResponse, type HttpResponse, type JsonObject, type JsonValue, type Logger, type WriteOutcome } from '../../src/connector-sdk'
import type { ODataClient } from './odata-v4.client'
import { RESERVED_FIELDS, type ODataEntity } from './odata-v4.config'
import { odataErrorOf, responseOf } from './odata-v4.error-body'
import { readCollection } from './odata-v4.page'
import { entitySetUrl, keyFromEntityId, keyLiteral, pathOf, stringLiteral } from './odata-v4.url'

export interface WriteDeps {
  client: ODataClient
  serviceRoot: string
  logger: Logger
}

type Write = NonNullable<ODataEntity['write']>

/**
 * Writes records one by one, one outcome each, in order:
 * - a record with its key is an update: PATCH `entitySet(<key>)` with `If-Match: <_etag>` (as read);
 * - a record without one is a create: the idempotency field is looked up first, and only when no
 *   record carries the value is it POSTed, so a retried push finds what the first one created.
 * A refusal that concerns one record (400, 404, 409, 412, 422) is a rejected outcome; anything that
 * concerns every record (credentials, throttling, an outage) is thrown, and the hub retries the
 * batch under the same idempotency key.
 */
export async function writeRecords(deps: WriteDeps, name: string, entity: ODataEntity, records: JsonObject[], options: { idempotencyKey: string; signal: AbortSignal }): Promise<WriteOutcome[]> {
  const write = entity.write
  if (!write) throw new ConfigError(`the odata-v4 connection does not write ${JSON.stringify(name)}`)
  const log = deps.logger.child({ entity: name })
  const outcomes: WriteOutcome[] = []
  for (const [index, record] of records.entries()) {
    options.signal.throwIfAborted()
    const key = record[entity.key]
    const outcome =
      key !== undefined && key !== null && key !== ''
        ? await update(deps, entity, record, key, options.signal)
        : await create(deps, entity, write, record, idempotencyValue(options.idempotencyKey, index, records.length, write.idempotencyMaxLength), options.signal)
    outcomes.push(outcome)
  }
  log.info({ records: records.length, ...countByStatus(outcomes) }, 'records written')
  return outcomes
}

async function update(deps: WriteDeps, entity: ODataEntity, record: JsonObject, key: JsonValue, signal: AbortSignal): Promise<WriteOutcome> {
  const literal = keyLiteral(entity.keyType, key)
  if (!literal.ok) return { status: 'rejected', reason: `cannot address the record to update: its ${entity.key} ${literal.reason}`, path: entity.key }
  const etag = record._etag
  // Without the version it was read at, an update could silently overwrite a newer change in the ERP.
  if (typeof etag !== 'string' || etag === '') return { status: 'rejected', reason: 'an update needs the _etag the record was read with (sent as If-Match)', path: '_etag' }
  const url = `${deps.serviceRoot}/${entity.entitySet}(${literal.literal})`
  const body = writableBody(record, entity, true)
  try {
    await deps.client.request({ method: 'PATCH', url, headers: { 'If-Match': etag }, body, signal })
  } catch (err) {
    const refused = recordRefusal(err, signal)
    if (refused.status === 412) {
      // A retried push whose first attempt got through meets its own change: that is not a conflict.
      if (await alreadyHolds(deps, url, body, signal)) return { status: 'unchanged', externalId: String(key) }
      return { status: 'rejected', reason: 'the record changed in the ERP since it was read (412 Precondition Failed); read it again before updating', path: '_etag' }
    }
    if (refused.status === 404) return { status: 'rejected', reason: `the record no longer exists in the ERP (404)${refused.why}`, path: entity.key }
    return { status: 'rejected', reason: `the ERP refused the update (${refused.status})${refused.why}` }
  }
  return { status: 'updated', externalId: String(key) }
}

/** After a 412: whether the record, as the ERP has it now, already holds every value of the update. */
async function alreadyHolds(deps: WriteDeps, url: string, body: JsonObject, signal: AbortSignal): Promise<boolean> {
  const response = await deps.client.request({ url, signal })
  return holds(response.data, body)
}

async function create(deps: WriteDeps, entity: ODataEntity, write: Write, record: JsonObject, derived: string, signal: AbortSignal): Promise<WriteOutcome> {
  const field = write.idempotencyField
  if (field === undefined) {
    return { status: 'rejected', reason: `a record without ${entity.key} would be created, but no write.idempotencyField is configured to make a retried create safe`, path: entity.key }
  }
  // A value the record already carries (an order's own external number) is its idempotency key.
  const given = record[field]
  const value = typeof given === 'string' && given.trim() !== '' ? given : derived
  const existing = await findByField(deps, entity, field, value, signal)
  if (existing !== undefined) return { status: 'unchanged', externalId: existing }
  let response: HttpResponse<unknown>
  try {
    response = await deps.client.request({ method: 'POST', url: entitySetUrl(deps.serviceRoot, entity.entitySet), body: { ...writableBody(record, entity, false), [field]: value }, signal })
  } catch (err) {
    const refused = recordRefusal(err, signal)
    return { status: 'rejected', reason: `the ERP refused the new record (${refused.status})${refused.why}` }
  }
  return { status: 'created', externalId: createdKey(response, entity) }
}

async function findByField(deps: WriteDeps, entity: ODataEntity, field: string, value: string, signal: AbortSignal): Promise<string | undefined> {
  const url = entitySetUrl(deps.serviceRoot, entity.entitySet, [
    ['$filter', `${field} eq ${stringLiteral(value)}`],
    ['$select', entity.key],
    ['$top', '2'],
  ])
  const response = await deps.client.request({ url, signal })
  const found = readCollection(response, url, deps.serviceRoot).items
  if (found.length > 1) deps.logger.warn({ field, matches: found.length }, 'more than one record carries the idempotency value; taking the first')
  if (found.length === 0) return undefined
  const key = found[0][entity.key]
  if (typeof key !== 'string' && typeof key !== 'number') throw new MalformedResponse(`GET ${pathOf(url)}: the record found has no ${entity.key}`)
  return String(key)
}

/** The new record's key: from the body (return=representation, the default) or the OData-EntityId header. */
function createdKey(response: HttpResponse<unknown>, entity: ODataEntity): string {
  const body = response.data
  if (isObject(body)) {
    const key = body[entity.key]
    if (typeof key === 'string' || typeof key === 'number') return String(key)
  }
  const entityId = response.headers['odata-entityid'] ?? response.headers.location
  const key = entityId === undefined ? undefined : keyFromEntityId(entityId, entity.key)
  // The record exists but cannot be named: a retry finds it by its idempotency value.
  if (key === undefined) throw new MalformedResponse(`POST ${response.path} created a record without naming its ${entity.key}`)
  return String(key)
}

/** The record as the ERP takes it: without the connector's own fields, and without the key on an update. */
function writableBody(record: JsonObject, entity: ODataEntity, dropKey: boolean): JsonObject {
  const strip = new Set([...RESERVED_FIELDS, ...Object.keys(entity.constants)])
  const body = withoutFields(record, strip)
  if (dropKey) delete body[entity.key]
  return body
}

function withoutFields(object: JsonObject, strip: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(object)) if (!strip.has(k)) out[k] = cleanValue(v, strip)
  return out
}

function cleanValue(value: JsonValue, strip: ReadonlySet<string>): JsonValue {
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, strip))
  return isObject(value) ? withoutFields(value, strip) : value
}

/** True when `current` holds every value of `sent` (objects compared by the keys sent). */
function holds(current: unknown, sent: JsonValue): boolean {
  if (Array.isArray(sent)) return Array.isArray(current) && current.length === sent.length && sent.every((v, i) => holds(current[i], v))
  if (isObject(sent)) return isObject(current) && Object.entries(sent).every(([k, v]) => holds(current[k], v))
  return current === sent
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const RECORD_STATUSES = new Set([400, 404, 409, 412, 422])

/** The status and OData message of a refusal that concerns this record only; anything else is rethrown. */
function recordRefusal(err: unknown, signal: AbortSignal): { status: number; why: string } {
  if (signal.aborted && err === signal.reason) throw err
  const response = responseOf(err)
  if (!response || !RECORD_STATUSES.has(response.status)) throw err
  const odata = odataErrorOf(err)
  return { status: response.status, why: odata ? `: ${odata.code}: ${odata.message}` : '' }
}

/**
 * The idempotency value of record `index` of a batch: the hub's key itself for a batch of one,
 * `<key>-<n>` otherwise (the same batch retried gives the same values), replaced by a digest when it
 * is longer than the ERP's field.
 */
export function idempotencyValue(key: string, index: number, count: number, maxLength: number): string {
  const value = count === 1 ? key : `${key}-${index + 1}`
  if (value.length <= maxLength) return value
  return `H${createHash('sha256').update(value).digest('hex').slice(0, maxLength - 1).toUpperCase()}`
}

function countByStatus(outcomes: WriteOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1
  return counts
}
