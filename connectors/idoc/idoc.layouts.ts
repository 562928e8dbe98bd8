import { getPath, type EntityName, type JsonObject } from '../../src/connector-sdk'

/**
 * The IDoc layouts this connector reads, chosen by the basic type in the control record (EDI_DC40
 * IDOCTYP). Each says which records one IDoc yields. Every record carries `id`, the identity the hub
 * keys it by (the same path for every entity, so `entities()` can name it once): for a document it
 * is the record's own number, for a partner it is the partner number. Ids stay text, zero-padded as
 * SAP sends them, so they match the same ids in other IDocs.
 */
export interface IdocLayout {
  /** `mappings/idoc/<variant>-<entity>.yaml` maps its records. */
  variant: string
  basicType: RegExp
  entities: readonly EntityName[]
  records(idoc: JsonObject): Array<{ entity: EntityName; record: JsonObject }>
}

export const idocLayouts: readonly IdocLayout[] = [
  {
    // ORDERS05 carries ORDERS (order in), ORDRSP (confirmation) and ORDCHG (change): one layout.
    variant: 'orders05',
    basicType: /^ORDERS05$/,
    entities: ['customer', 'sales-order'],
    records(idoc) {
      const out: Array<{ entity: EntityName; record: JsonObject }> = []
      // The sold-to party (PARVW AG) is the customer; it is yielded first so it lands before its order.
      const soldTo = getPath(idoc, 'E1EDKA1.AG')
      if (isObject(soldTo)) {
        const customer: JsonObject = {}
        if (idoc.EDI_DC40 !== undefined) customer.EDI_DC40 = idoc.EDI_DC40
        customer.E1EDKA1 = { AG: soldTo }
        out.push({ entity: 'customer', record: withId(getPath(soldTo, 'PARTN'), customer) })
      }
      out.push({ entity: 'sales-order', record: withId(getPath(idoc, 'E1EDK01.BELNR'), idoc) })
      return out
    },
  },
  {
    variant: 'debmas',
    basicType: /^DEBMAS0\d$/,
    entities: ['customer'],
    records: (idoc) => [{ entity: 'customer', record: withId(getPath(idoc, 'E1KNA1M.KUNNR'), idoc) }],
  },
  {
    variant: 'matmas',
    basicType: /^MATMAS0\d$/,
    entities: ['product'],
    records: (idoc) => [{ entity: 'product', record: withId(getPath(idoc, 'E1MARAM.MATNR'), idoc) }],
  },
  {
    variant: 'loipro',
    basicType: /^LOIPRO0\d$/,
    entities: ['production-order'],
    records: (idoc) => [{ entity: 'production-order', record: withId(getPath(idoc, 'E1AFKOL.AUFNR'), idoc) }],
  },
]

export function layoutFor(basicType: string): IdocLayout | undefined {
  return idocLayouts.find((layout) => layout.basicType.test(basicType))
}

/**
 * `id` first, so a stored payload reads with its identity on top; no id when SAP sent none. Built by
 * assignment: V8 kept records made by spreading into a literal long enough to fill the old generation.
 */
function withId(id: unknown, segments: JsonObject): JsonObject {
  const record: JsonObject = {}
  if (typeof id === 'string' && id !== '') record.id = id
  return Object.assign(record, segments)
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
