import type { JsonObject, JsonValue } from '../../src/connector-sdk'
import type { SapDerived, SapEntity } from './sap-odata.config'
import { stringLiteral } from './sap-odata.query'

/**
 * Fields the connector adds to a record because a mapping cannot compute them: a mapping reads one
 * path per value and cannot join, choose by a flag or filter a list for a scalar. Their names start
 * with `_`, which no SAP property does, so they never hide ERP data.
 */

/** Where an entity with a composite key keeps it (the hub keys a record by one path). */
export const COMPOSITE_KEY = '_key'

/** The path of the record's id, as declared to the hub. */
export function keyPath(entity: Pick<SapEntity, 'keyFields'>): string {
  return entity.keyFields.length === 1 ? entity.keyFields[0] : COMPOSITE_KEY
}

export function addDerivedFields(record: JsonObject, entity: Pick<SapEntity, 'keyFields' | 'derived'>): JsonObject {
  const out: JsonObject = { ...record }
  if (entity.keyFields.length > 1) out[COMPOSITE_KEY] = keyPredicate(record, entity.keyFields)
  for (const [name, spec] of Object.entries(entity.derived)) out[name] = derive(record, spec)
  return out
}

/**
 * The key as SAP writes it in an entity's URI: `Material='TG11',Plant='1010',…`. Unambiguous
 * whatever the values hold (a `/` in a material number), and recognisable to anyone who knows OData.
 */
export function keyPredicate(record: JsonObject, keyFields: readonly string[]): string {
  return keyFields.map((field) => `${field}=${literal(record[field])}`).join(',')
}

function literal(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null'
  if (typeof value === 'string') return stringLiteral(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return stringLiteral(JSON.stringify(value))
}

function derive(record: JsonObject, spec: SapDerived): JsonValue {
  if ('join' in spec) return spec.join.map((field) => text(record[field])).join(spec.separator)
  if ('firstSet' in spec) return spec.firstSet.find((field) => isSet(record[field])) ?? null
  const list = record[spec.pick]
  if (!Array.isArray(list)) return null
  const match = list.find(
    (item) => typeof item === 'object' && item !== null && !Array.isArray(item) && Object.entries(spec.where).every(([field, wanted]) => item[field] !== undefined && item[field] !== null && String(item[field]) === String(wanted)),
  ) as JsonObject | undefined
  return match?.[spec.field] ?? null
}

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

// ABAP flags are "X" or ""; OData services built on CDS send Edm.Boolean instead.
function isSet(value: JsonValue | undefined): boolean {
  return value === true || value === 'X' || value === 'x'
}
