import type { SapEntityInput } from './sap-odata.config'

/**
 * What an S/4HANA system serves for each hub entity, as SAP documents its released A2X APIs
 * (api.sap.com). An entity configured under one of these names starts from its preset; every key the
 * connection sets replaces the preset's, and `null` switches an optional preset setting off.
 */
export const S4_PRESETS: Readonly<Record<string, Required<Pick<SapEntityInput, 'service' | 'entitySet' | 'keyFields'>> & SapEntityInput>> = {
  customer: {
    service: 'API_BUSINESS_PARTNER',
    entitySet: 'A_BusinessPartner',
    keyFields: ['BusinessPartner'],
    // Address, e-mail and phone live one and two navigations down; without them the mapping has no city.
    expand: ['to_BusinessPartnerAddress', 'to_BusinessPartnerAddress/to_EmailAddress', 'to_BusinessPartnerAddress/to_PhoneNumber'],
    // LastChangeDate stays empty until a partner is first changed, so new partners are found by CreationDate.
    incremental: { field: 'LastChangeDate', createdField: 'CreationDate', type: 'datetime', operator: 'ge', lookbackMs: 0 },
  },
  product: {
    service: 'API_PRODUCT_SRV',
    entitySet: 'A_Product',
    keyFields: ['Product'],
    expand: ['to_Description'],
    incremental: { field: 'LastChangeDate', createdField: 'CreationDate', type: 'datetime', operator: 'ge', lookbackMs: 0 },
    // A_Product has no name of its own: the descriptions are one per language.
    derived: { _name: { pick: 'to_Description', where: { Language: 'EN' }, field: 'ProductDescription' } },
  },
  'sales-order': {
    service: 'API_SALES_ORDER_SRV',
    entitySet: 'A_SalesOrder',
    keyFields: ['SalesOrder'],
    expand: ['to_Item'],
    incremental: { field: 'LastChangeDateTime', type: 'datetimeoffset', operator: 'gt', lookbackMs: 0 },
    write: { idempotencyField: 'PurchaseOrderByCustomer', maxLength: 35 },
    // A fully rejected order is still "completed" in OverallSDProcessStatus; the pair tells them apart.
    derived: { _status: { join: ['OverallSDDocumentRejectionSts', 'OverallSDProcessStatus'], separator: '/' } },
  },
  'inventory-position': {
    service: 'API_MATERIAL_STOCK_SRV',
    entitySet: 'A_MatlStkInAcctMod',
    keyFields: [
      'Material',
      'Plant',
      'StorageLocation',
      'Batch',
      'Supplier',
      'Customer',
      'WBSElementInternalID',
      'SDDocument',
      'SDDocumentItem',
      'InventorySpecialStockType',
      'InventoryStockType',
    ],
    // Only unrestricted-use stock can be promised; quality-inspection and blocked stock would inflate it.
    filter: "InventoryStockType eq '01'",
    derived: { _location: { join: ['Plant', 'StorageLocation'], separator: '/' } },
  },
  'production-order': {
    service: 'API_PRODUCTION_ORDER_2_SRV',
    entitySet: 'A_ProductionOrder_2',
    keyFields: ['ManufacturingOrder'],
    incremental: { field: 'LastChangeDateTime', type: 'datetimeoffset', operator: 'gt', lookbackMs: 0 },
    // The order's status is a set of flags; the most advanced one that is set names it.
    derived: {
      _status: {
        firstSet: [
          'OrderIsDeleted',
          'OrderIsMarkedForDeletion',
          'OrderIsClosed',
          'OrderIsTechnicallyCompleted',
          'OrderIsDelivered',
          'OrderIsConfirmed',
          'OrderIsPartiallyDelivered',
          'OrderIsPartiallyConfirmed',
          'OrderIsReleased',
          'OrderIsPartiallyReleased',
          'OrderIsCreated',
        ],
      },
    },
  },
}

export const presetNames = Object.keys(S4_PRESETS)
