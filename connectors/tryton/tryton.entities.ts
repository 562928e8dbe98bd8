/**
 * What the connector reads from Tryton for each hub entity, as data: the model, the fields (dotted
 * names are read through relations and come back nested), and the child models whose rows change
 * without touching the record's own `write_date` (a new contact mechanism, a sale line edited on
 * its own). Field names are Tryton 6.0's.
 */

export interface RelatedModel {
  model: string
  /** The child's field naming its record: a Many2One id (`party`) or a list of ids (`products`). */
  parentField: string
}

export interface TrackedEntity {
  model: string
  fields: string[]
  related: RelatedModel[]
  /** Keys of nested child rows read with their own stamps: a record changes when any of them does. */
  nestedStamps: string[]
}

const stamps = ['create_date', 'write_date']
const nested = (prefix: string, fields: string[]) => [...fields, ...stamps].map((f) => `${prefix}.${f}`)

export const trackedEntities: Record<string, TrackedEntity> = {
  customer: {
    model: 'party.party',
    fields: [
      'code',
      'name',
      // Tryton's own pick of the party's first e-mail / phone / mobile among its contact mechanisms.
      'email',
      'phone',
      'mobile',
      'lang.code',
      'tax_identifier.code',
      'categories.name',
      ...nested('addresses', ['name', 'party_name', 'street', 'postal_code', 'city', 'country.code', 'subdivision.code']),
      ...nested('contact_mechanisms', ['type', 'value']),
      ...stamps,
    ],
    related: [
      { model: 'party.contact_mechanism', parentField: 'party' },
      { model: 'party.address', parentField: 'party' },
    ],
    nestedStamps: ['addresses', 'contact_mechanisms'],
  },
  product: {
    model: 'product.product',
    fields: ['code', 'name', 'type', 'salable', 'list_price', 'default_uom.symbol', 'default_uom.name', 'categories.name', ...nested('template', []), ...stamps],
    // Name, price, unit and categories live on the template: editing them writes the template.
    related: [{ model: 'product.template', parentField: 'products' }],
    nestedStamps: ['template'],
  },
  'sales-order': {
    model: 'sale.sale',
    fields: [
      'number',
      'reference',
      'description',
      'state',
      'sale_date',
      'party.name',
      'party.code',
      'currency.code',
      'untaxed_amount',
      'tax_amount',
      'total_amount',
      'invoice_state',
      'shipment_state',
      'warehouse.code',
      ...nested('lines', ['type', 'sequence', 'product.code', 'description', 'quantity', 'unit.symbol', 'unit_price', 'amount']),
      ...stamps,
    ],
    related: [{ model: 'sale.line', parentField: 'sale' }],
    nestedStamps: ['lines'],
  },
  'production-order': {
    model: 'production',
    fields: [
      'number',
      'reference',
      'state',
      'planned_start_date',
      'planned_date',
      'effective_start_date',
      'effective_date',
      'product.code',
      'product.name',
      'quantity',
      'uom.symbol',
      'warehouse.code',
      'location.code',
      ...stamps,
    ],
    related: [],
    nestedStamps: [],
  },
}
