import { createHash } from 'node:crypto'
import type { JsonObject } from '../connector-sdk/connector.contract'
import { getPath } from '../connector-sdk/json-path'
import type { CompiledMapping } from '../mapping'
import type { QuarantineRow, RawRecordRow } from '../store/sync/sync-page.store'
import type { UpsertRow } from '../store/sync/table-upsert'

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export interface PreparedPage {
  raw: RawRecordRow[]
  mapped: UpsertRow<unknown>[]
  quarantined: QuarantineRow[]
  /** Raw keys of the records that mapped cleanly: they close open quarantine entries. */
  landedKeys: string[]
}

/**
 * Turns one page of raw ERP records into rows: each record is kept raw, then mapped; a record that
 * fails mapping goes to quarantine with every issue and its payload, and the rest of the page lands.
 * A record repeated within a page counts once (its last version), as the ERP would have it now.
 */
export function preparePage(records: JsonObject[], keyPath: string, mapping: CompiledMapping): PreparedPage {
  const byKey = new Map<string, { record: JsonObject; json: string; hash: string }>()
  for (const record of records) {
    const json = JSON.stringify(record)
    const hash = sha256(json)
    const key = getPath(record, keyPath)
    // A record without a usable id still must not be lost: it is keyed by its content.
    const externalId = typeof key === 'string' && key !== '' ? key : typeof key === 'number' ? String(key) : `#${hash.slice(0, 24)}`
    byKey.delete(externalId)
    byKey.set(externalId, { record, json, hash })
  }
  const raw: RawRecordRow[] = []
  const mappedById = new Map<string, UpsertRow<unknown>>()
  const quarantined: QuarantineRow[] = []
  for (const [externalId, { record, json, hash }] of byKey) {
    const result = mapping.map(record)
    let sourceUpdatedAt: string | null = null
    if (result.ok) {
      const value = result.value as { externalId: string; updatedAt?: string | null }
      sourceUpdatedAt = value.updatedAt ?? null
      mappedById.set(externalId, { externalId: value.externalId, hash: sha256(JSON.stringify(value)), sourceUpdatedAt, value })
    } else {
      quarantined.push({ externalId, mapping: mapping.name, mappingVersion: mapping.version, issues: result.issues, payloadJson: json })
    }
    raw.push({ externalId, payloadJson: json, hash, sourceUpdatedAt })
  }
  // Two raw records mapping to one canonical id would make one upsert touch a row twice.
  const mapped = [...new Map([...mappedById.values()].map((m) => [m.externalId, m])).values()]
  return { raw, mapped, quarantined, landedKeys: [...mappedById.keys()] }
}
