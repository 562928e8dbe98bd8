import { stringify } from 'yaml'
import { compileMapping, parseMappingFile, type CompiledMapping, type MappingSpec } from '../../../src/mapping'

/**
 * A mapping file as data, for tests: a valid SalesOrder mapping unless told otherwise. `fields`
 * entries are merged over the defaults; an entry set to `undefined` is removed.
 */
export interface MappingDraft {
  mapping?: string
  version?: number
  target?: string
  timezone?: string
  fields?: Record<string, unknown>
  lookups?: Record<string, Record<string, unknown>>
}

export const draftFile = 'mappings/test/sales-order.yaml'

const defaultFields: Record<string, unknown> = {
  externalId: { from: 'id', as: 'string', required: true },
  customer: { from: 'customer_id', as: 'string', required: true },
  status: { from: 'status', lookup: 'orderStatus', required: true },
  lines: {
    each: 'lines',
    fields: {
      lineNo: { from: 'line_no', as: 'integer', required: true },
      sku: { from: 'sku', required: true },
      quantity: { from: 'quantity', as: 'decimal', required: true },
    },
  },
}

const defaultLookups = { orderStatus: { draft: 'draft', confirmed: 'confirmed', done: 'closed' } }

export function draftObject(draft: MappingDraft = {}): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries({ ...defaultFields, ...draft.fields }).filter(([, spec]) => spec !== undefined))
  return {
    mapping: draft.mapping ?? 'test/sales-order',
    version: draft.version ?? 1,
    source: { connector: 'test', entity: 'sales-order' },
    target: draft.target ?? 'SalesOrder',
    ...(draft.timezone === undefined ? {} : { timezone: draft.timezone }),
    fields,
    lookups: draft.lookups ?? defaultLookups,
  }
}

/** Block-style YAML, one key per line, so positions in it are easy to find. */
export function draftText(draft: MappingDraft = {}): string {
  return stringify(draftObject(draft))
}

export function parseDraft(draft: MappingDraft = {}): MappingSpec {
  return parseMappingFile(draftText(draft), draftFile)
}

export function compileDraft(draft: MappingDraft = {}): CompiledMapping {
  return compileMapping(parseDraft(draft))
}

/** A ProductionOrder mapping whose only interesting field is `probe` → `number` (any text). */
export function probeDraft(probe: Record<string, unknown>, extra: Partial<MappingDraft> = {}): MappingDraft {
  return {
    target: 'ProductionOrder',
    fields: {
      externalId: { from: 'id', required: true },
      customer: undefined,
      lines: undefined,
      sku: { const: 'SKU-1' },
      quantity: { const: '1', as: 'decimal' },
      status: { const: 'planned' },
      number: probe,
    },
    lookups: {},
    ...extra,
  }
}
