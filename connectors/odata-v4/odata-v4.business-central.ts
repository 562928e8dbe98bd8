import type { ODataEntityInput } from './odata-v4.config'

/**
 * The entities a connection reads when its config names none: Dynamics 365 Business Central API
 * v2.0, relative to `…/api/v2.0/companies(<id>)`. Data, not code, so a config can copy and adjust it.
 *
 * - Production orders are not part of BC API v2.0, so `production-order` is left out; a custom API
 *   page can be configured as an entity of its own.
 * - Stock is the item's `inventory` (a FlowField summed over item ledger entries). Changing it does
 *   not touch the item's `lastModifiedDateTime`, so inventory positions are read in full every run.
 * - BC removed OData delta links in version 24 (webhooks replaced them): incremental reads filter on
 *   `lastModifiedDateTime` instead.
 */
export const businessCentralEntities: Record<string, ODataEntityInput> = {
  customer: { entitySet: 'customers', incremental: { mode: 'modified-since' } },
  product: { entitySet: 'items', incremental: { mode: 'modified-since' } },
  'sales-order': {
    entitySet: 'salesOrders',
    expand: 'salesOrderLines',
    incremental: { mode: 'modified-since' },
    write: { idempotencyField: 'externalDocumentNumber' },
  },
  'inventory-position': { entitySet: 'items', select: 'id,number,displayName,inventory,baseUnitOfMeasureCode' },
}
