import type { JsonObject, JsonValue } from '../../src/connector-sdk'
import { keyFromEntityId } from './odata-v4.url'

/**
 * Turns OData JSON items into the records the hub stores and maps. Mapping paths split on `.`, so
 * no key may keep a `.` or an `@`:
 *
 * - instance annotations: `@odata.etag` → `_etag` (updates send it back as If-Match), `@odata.type`
 *   → `_type`, `@odata.id` → `_id`, a custom `@Ns.Term` → `_Ns_Term`;
 * - property annotations: `Prop@odata.nextLink` → `Prop_nextLink` (an expanded collection that was
 *   cut: Dataverse's `Account_Tasks@odata.nextLink`), `Prop@delta` → `Prop_delta`, a custom
 *   `Prop@Ns.Term` → `Prop_Ns_Term` (Dataverse's formatted values);
 * - the `odata.` prefix is dropped first (OData 4.01 makes it optional: `@etag` ≡ `@odata.etag`);
 * - annotations that only say where things live are dropped as noise: context, editLink, readLink,
 *   navigationLink, associationLink, metadataEtag and the media links;
 * - a removed entry (4.01 `@removed`, or a 4.0 `$deletedEntity`) becomes a tombstone:
 *   `{ <key>, _id?, _deleted: true, _reason? }`.
 *
 * An ERP property always wins over an annotation that would take its name. Values are never touched
 * (padding, empty strings and big integers, already strings from the SDK's exact parse, stay as sent).
 */

const NOISE = new Set(['context', 'editLink', 'readLink', 'navigationLink', 'associationLink', 'metadataEtag', 'mediaEditLink', 'mediaReadLink', 'mediaContentType', 'mediaEtag'])

/** The name an annotation gets, or undefined when it is dropped. `property` is '' for an instance annotation. */
function annotationKey(property: string, term: string): string | undefined {
  const short = term.startsWith('odata.') ? term.slice('odata.'.length) : term
  if (NOISE.has(short)) return undefined
  return `${property}_${short.replace(/[.@]/g, '_')}`
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function normaliseValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(normaliseValue)
  if (isObject(value)) return normaliseObject(value)
  return value
}

/** One object (an entity, a complex value, an expanded entity), annotations renamed or dropped, recursively. */
export function normaliseObject(input: JsonObject): JsonObject {
  const out: JsonObject = {}
  const annotations: Array<[string, JsonValue]> = []
  const removed = removedOf(input)
  for (const [name, value] of Object.entries(input)) {
    const at = name.indexOf('@')
    if (at < 0) {
      // OData names cannot hold a dot, but a plain JSON service might: keep every key addressable.
      out[name.replace(/\./g, '_')] = normaliseValue(value)
      continue
    }
    const term = name.slice(at + 1)
    if (term === 'removed' || term === 'odata.removed') continue
    const key = annotationKey(name.slice(0, at), term)
    if (key !== undefined) annotations.push([key, normaliseValue(value)])
  }
  for (const [key, value] of annotations) if (!Object.hasOwn(out, key)) out[key] = value
  if (removed) Object.assign(out, tombstoneFlags(removed.reason))
  return out
}

function removedOf(input: JsonObject): { reason: JsonValue | undefined } | undefined {
  const marker = input['@removed'] ?? input['@odata.removed']
  if (marker === undefined) return undefined
  return { reason: isObject(marker) ? marker.reason : undefined }
}

function tombstoneFlags(reason: JsonValue | undefined): JsonObject {
  return typeof reason === 'string' ? { _deleted: true, _reason: reason } : { _deleted: true }
}

/** What one item of a `value` array is, for the entity set being read. */
export type ValueItem =
  | { kind: 'record'; record: JsonObject }
  | { kind: 'tombstone'; record: JsonObject }
  /** A 4.0 delta's `$link` / `$deletedLink`: a relationship change, not a record. */
  | { kind: 'link' }
  /** A 4.0 delta's changed entity of another set (an expanded one): it cannot be merged into its parent here. */
  | { kind: 'related'; entitySet: string }

export interface ItemContext {
  /** The key property of the entity set read. */
  key: string
  /** The entity set read (its last path segment is compared with the item's context). */
  entitySet: string
  constants: Record<string, string>
}

export function readItem(item: JsonObject, ctx: ItemContext): ValueItem {
  const context = stringOf(item['@odata.context'] ?? item['@context'])
  const fragment = context === undefined ? undefined : contextFragment(context)
  if (fragment?.kind === 'link') return { kind: 'link' }
  if (fragment?.kind === 'entity' && fragment.entitySet !== undefined && !sameSet(fragment.entitySet, ctx.entitySet)) {
    return { kind: 'related', entitySet: fragment.entitySet }
  }
  if (fragment?.kind === 'deleted') return { kind: 'tombstone', record: deletedEntity(item, ctx) }
  const record = normaliseObject(item)
  const id = record._id
  if (record[ctx.key] === undefined && typeof id === 'string') {
    const key = keyFromEntityId(id, ctx.key)
    if (key !== undefined) record[ctx.key] = key
  }
  Object.assign(record, ctx.constants)
  return { kind: record._deleted === true ? 'tombstone' : 'record', record }
}

/**
 * A 4.0 `$deletedEntity`: `{ id, reason }`, where `id` is the entity id (`Customers('ANTON')`) —
 * except in Business Central, whose key property is itself called `id` and which sends the bare key.
 */
function deletedEntity(item: JsonObject, ctx: ItemContext): JsonObject {
  const id = stringOf(item.id)
  const record: JsonObject = {}
  if (id !== undefined) {
    const key = keyFromEntityId(id, ctx.key)
    if (key !== undefined) {
      record[ctx.key] = key
      record._id = id
    } else if (ctx.key === 'id') record.id = id
    else record._id = id
  }
  Object.assign(record, tombstoneFlags(item.reason), ctx.constants)
  return record
}

type Fragment = { kind: 'entity' | 'deleted' | 'link'; entitySet: string | undefined }

/** `…$metadata#companies(…)/customers/$deletedEntity` → deleted, customers. */
function contextFragment(context: string): Fragment | undefined {
  const hash = context.indexOf('#')
  if (hash < 0) return undefined
  const fragment = context.slice(hash + 1)
  const suffix = /\/\$(entity|deletedEntity|link|deletedLink)$/.exec(fragment)
  if (!suffix) return undefined
  const kind = suffix[1] === 'entity' ? 'entity' : suffix[1] === 'deletedEntity' ? 'deleted' : 'link'
  const path = fragment.slice(0, suffix.index)
  return { kind, entitySet: lastSegmentName(path) }
}

function lastSegmentName(path: string): string | undefined {
  const segments = path.split('/').filter((s) => s !== '')
  const last = segments.at(-1)
  if (last === undefined) return undefined
  const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(last)
  return name ? name[0] : undefined
}

// OData names are case-sensitive, but a context spelled in another case than the config is still
// the same set; treating it as foreign would silently drop records.
function sameSet(contextSet: string, entitySet: string): boolean {
  return contextSet.toLowerCase() === (lastSegmentName(entitySet) ?? entitySet).toLowerCase()
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
