import { MalformedResponse, z, type JsonObject, type WriteOutcome } from '../../src/connector-sdk'
import type { TrytonClient } from './tryton.client'
import { faultError, isRecordFault } from './tryton.errors'
import { readRows } from './tryton.rows'

/**
 * Creating records in Tryton so that a retried push never creates a second one. The idempotency key
 * is stored on the ERP side, in the record's `reference` field, as `erphub:<key>` (a batch of
 * several records: `erphub:<key>/<n>`, n from 1); before creating, the connector searches for that
 * reference and answers `unchanged` with the existing id when it is there. A retry after a lost
 * answer (the record was created, the hub never heard) therefore finds the record.
 *
 * Records are created one call each: Tryton's `create` of a list is one transaction, and one bad
 * record would take the others down with it. A record Tryton refuses for its values (a UserError
 * or UserWarning) is `rejected` with Tryton's message; anything else (access, network, throttling)
 * is thrown for the hub to retry the batch, which the references make safe.
 */

/** What one record becomes before it is sent: Tryton values, or why it cannot be. */
export type Prepared = { ok: true; values: JsonObject } | { ok: false; reason: string; path?: string }

export interface WriteTarget<I> {
  model: string
  schema: z.ZodType<I>
  /** Resolves references (parties, products, sales …) for the whole batch, in order. */
  prepare(client: TrytonClient, inputs: I[], signal: AbortSignal): Promise<Prepared[]>
}

const REFERENCE_PREFIX = 'erphub:'
const createdIds = z.array(z.int().positive()).length(1)

export function referenceFor(idempotencyKey: string, index: number, count: number): string {
  return count === 1 ? `${REFERENCE_PREFIX}${idempotencyKey}` : `${REFERENCE_PREFIX}${idempotencyKey}/${index + 1}`
}

export async function writeRecords<I>(client: TrytonClient, target: WriteTarget<I>, records: JsonObject[], idempotencyKey: string, signal: AbortSignal): Promise<WriteOutcome[]> {
  signal.throwIfAborted()
  if (records.length === 0) return []
  const references = records.map((_, i) => referenceFor(idempotencyKey, i, records.length))
  const existing = await findByReference(client, target.model, references, signal)

  const outcomes: Array<WriteOutcome | undefined> = records.map(() => undefined)
  const pending: Array<{ index: number; input: I }> = []
  records.forEach((record, index) => {
    const found = existing.get(references[index])
    if (found !== undefined) {
      outcomes[index] = { status: 'unchanged', externalId: String(found) }
      return
    }
    const parsed = target.schema.safeParse(record)
    if (parsed.success) pending.push({ index, input: parsed.data })
    else outcomes[index] = rejectedByIssue(parsed.error)
  })

  const prepared = pending.length === 0 ? [] : await target.prepare(client, pending.map((p) => p.input), signal)
  for (const [n, { index }] of pending.entries()) {
    const item = prepared[n]
    if (!item.ok) {
      outcomes[index] = { status: 'rejected', reason: item.reason, ...(item.path ? { path: item.path } : {}) }
      continue
    }
    signal.throwIfAborted()
    outcomes[index] = await createOne(client, target.model, { ...item.values, reference: references[index] }, signal)
  }
  return outcomes.map((o) => o ?? { status: 'rejected', reason: 'not written' })
}

/** The id of the record a single-record write with this key created, if Tryton has it. */
export async function findWritten<I>(client: TrytonClient, target: WriteTarget<I>, idempotencyKey: string, signal: AbortSignal): Promise<number | null> {
  const reference = referenceFor(idempotencyKey, 0, 1)
  return (await findByReference(client, target.model, [reference], signal)).get(reference) ?? null
}

async function findByReference(client: TrytonClient, model: string, references: string[], signal: AbortSignal): Promise<Map<string, number>> {
  const method = `model.${model}.search_read`
  const rows = readRows(await client.call(method, [[['reference', 'in', references]], 0, null, [['id', 'ASC']], ['reference']], { signal }), method)
  const found = new Map<string, number>()
  for (const row of rows) if (typeof row.reference === 'string' && !found.has(row.reference)) found.set(row.reference, row.id)
  return found
}

async function createOne(client: TrytonClient, model: string, values: JsonObject, signal: AbortSignal): Promise<WriteOutcome> {
  const method = `model.${model}.create`
  const answer = await client.attempt(method, [[values]], { signal })
  if (!answer.ok) {
    if (isRecordFault(answer.fault)) return { status: 'rejected', reason: `Tryton refused the ${model}: ${answer.fault.message}` }
    throw faultError(method, answer.fault)
  }
  const ids = createdIds.safeParse(answer.result)
  if (!ids.success) throw new MalformedResponse(`Tryton answered ${method} with something that is not the new record's id`, { details: { method } })
  return { status: 'created', externalId: String(ids.data[0]) }
}

function rejectedByIssue(error: z.ZodError): WriteOutcome {
  const issue = error.issues[0]
  const path = issue.path.map(String).join('.')
  return { status: 'rejected', reason: path ? `${path}: ${issue.message}` : issue.message, ...(path ? { path } : {}) }
}

// ---- shared input pieces and look-ups for the write targets ----

/** An id as the hub knows it (the record's external id in this connection: Tryton's id, as text). */
export const externalId = z.union([z.int().positive(), z.string().regex(/^[1-9]\d*$/, 'expected a Tryton id such as 13').transform(Number)])
export const decimalText = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal such as 4800.00'), z.number().finite().transform(String)])
export const isoDate = z.iso.date()

/** Which of `ids` exist (and are active) in `model`. */
export async function existingIds(client: TrytonClient, model: string, ids: number[], signal: AbortSignal): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const method = `model.${model}.search_read`
  const rows = readRows(await client.call(method, [[['id', 'in', [...new Set(ids)]]], 0, null, null, ['id']], { signal }), method)
  return new Set(rows.map((r) => r.id))
}
