import { InvalidDocument, type EntityName, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import { addIssueDateTime, cxmlBuyerId, inventoryPositionId, orderxPartyId, orderxText, ublPartyId } from './ubl.identity'
import { lineDocumentReader } from './ubl.lines.read'
import type { DocumentReader, OpenEvent, ReadContext } from './ubl.read.types'
import { firstText, type RecordRules } from './ubl.record'
import { wholeDocumentReader } from './ubl.whole.read'

/**
 * The documents the `ubl` connector reads, told apart by the root element and its namespace. Each
 * says which elements are read whole (`capture`: the root's children for UBL, so a line is never
 * held with the rest of a long report) and how its records are made.
 */
export interface DocumentKind {
  label: string
  root: string
  namespace: string | undefined
  capture(path: readonly string[]): boolean
  reader: DocumentReader
}

const UBL_LISTS: RecordRules['lists'] = new Set([
  'OrderLine',
  'InventoryReportLine',
  'StockAvailabilityReportLine',
  'DespatchLine',
  'PartyIdentification',
  'PartyName',
  'PartyTaxScheme',
  'PartyLegalEntity',
  'Person',
  'Note',
  'Description',
  'AdditionalDocumentReference',
  'AllowanceCharge',
  'TaxTotal',
  'TaxSubtotal',
  'AdditionalItemProperty',
  'AddressLine',
])

const CXML_LISTS: RecordRules['lists'] = new Set(['ItemOut', 'Credential', 'Street', 'DeliverTo', 'Extrinsic'])

const ORDERX_LISTS: RecordRules['lists'] = new Set([
  'IncludedSupplyChainTradeLineItem',
  'IncludedNote',
  'GlobalID',
  'DefinedTradeContact',
  'SpecifiedTaxRegistration',
  'ApplicableTradeTax',
  'SpecifiedTradeAllowanceCharge',
  'AppliedTradeAllowanceCharge',
  'AdditionalReferencedDocument',
  'ApplicableProductCharacteristic',
  'DesignatedProductClassification',
])

const ublRules: RecordRules = { lists: UBL_LISTS }
// cXML carries the sender's password (SharedSecret) in its header: it never reaches a record.
const cxmlRules: RecordRules = { lists: CXML_LISTS, drop: new Set(['SharedSecret', 'CredentialMac']) }
const orderxRules: RecordRules = { lists: ORDERX_LISTS, text: orderxText }

const ublNamespace = (name: string) => `urn:oasis:names:specification:ubl:schema:xsd:${name}-2`
const rootChildren = (path: readonly string[]) => path.length === 2

type Found = Array<{ entity: EntityName; record: JsonObject }>

/** `id` and `customerId` first, so a stored payload reads with its identities on top. */
function withIds(id: string | undefined, customerId: string | undefined, document: JsonObject): JsonObject {
  const record: JsonObject = {}
  if (id !== undefined) record.id = id
  if (customerId !== undefined) record.customerId = customerId
  return Object.assign(record, document)
}

/** An order and, when it names its buyer, the buyer as a customer (yielded first). */
function orderWithCustomer(id: string | undefined, customerId: string | undefined, order: JsonObject, customer: JsonObject | undefined): Found {
  const found: Found = []
  if (customerId !== undefined && customer !== undefined) found.push({ entity: 'customer', record: withIds(customerId, undefined, customer) })
  found.push({ entity: 'sales-order', record: withIds(id, customerId, order) })
  return found
}

/** Responses update an order the hub may already hold; see `orderResponses` in ubl.config.ts. */
function orderResponse(label: string, id: string | undefined, customerId: string | undefined, document: JsonObject, context: ReadContext): Found {
  if (context.config.orderResponses === 'skip') {
    context.logger.info({ document: label, order: id }, 'order response not ingested (orderResponses: skip)')
    return []
  }
  return [{ entity: 'sales-order', record: withIds(id, customerId, document) }]
}

/** A UBL response answers the order in OrderReference (one, or the first of several). */
function ublOrderResponse(label: string, document: JsonObject, context: ReadContext): Found {
  addIssueDateTime(document)
  return orderResponse(label, firstText(document, ['OrderReference.ID', 'OrderReference.0.ID']), ublPartyId(document.BuyerCustomerParty), document, context)
}

/** What each inventory line record carries of the report: its plain fields, period and reporting party. */
function inventoryContext(header: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(header)) if (isPlain(value)) out[key] = value
  if (header.InventoryPeriod !== undefined) out.InventoryPeriod = header.InventoryPeriod
  const party = header.InventoryReportingParty
  if (isObject(party)) {
    const reporting: JsonObject = {}
    for (const key of ['PartyIdentification', 'PartyName']) if (party[key] !== undefined) reporting[key] = party[key]
    out.InventoryReportingParty = reporting
  }
  return out
}

function inventoryReport(root: string, variant: string, lineName: string): DocumentKind {
  return {
    label: `UBL ${root}`,
    root,
    namespace: ublNamespace(root),
    capture: rootChildren,
    reader: lineDocumentReader({
      label: `UBL ${root}`,
      variant,
      entity: 'inventory-position',
      lineName,
      rules: ublRules,
      header(document) {
        addIssueDateTime(document)
        return document
      },
      context: inventoryContext,
      id: (line, header) => inventoryPositionId(line, header.InventoryReportingParty),
    }),
  }
}

export const documentKinds: readonly DocumentKind[] = [
  {
    label: 'UBL Order',
    root: 'Order',
    namespace: ublNamespace('Order'),
    capture: rootChildren,
    reader: wholeDocumentReader({
      label: 'UBL Order',
      variant: 'ubl-order',
      lineName: 'OrderLine',
      rules: ublRules,
      records(document) {
        addIssueDateTime(document)
        const buyer = document.BuyerCustomerParty
        return orderWithCustomer(firstText(document, ['ID']), ublPartyId(buyer), document, buyer === undefined ? undefined : { BuyerCustomerParty: buyer })
      },
    }),
  },
  {
    label: 'UBL OrderResponse',
    root: 'OrderResponse',
    namespace: ublNamespace('OrderResponse'),
    capture: rootChildren,
    reader: wholeDocumentReader({
      label: 'UBL OrderResponse',
      variant: 'ubl-order-response',
      lineName: 'OrderLine',
      rules: ublRules,
      records: (document, context) => ublOrderResponse('UBL OrderResponse', document, context),
    }),
  },
  {
    label: 'UBL OrderResponseSimple',
    root: 'OrderResponseSimple',
    namespace: ublNamespace('OrderResponseSimple'),
    capture: rootChildren,
    reader: wholeDocumentReader({
      label: 'UBL OrderResponseSimple',
      variant: 'ubl-order-response-simple',
      lineName: 'OrderLine',
      rules: ublRules,
      records: (document, context) => ublOrderResponse('UBL OrderResponseSimple', document, context),
    }),
  },
  inventoryReport('InventoryReport', 'ubl-inventory-report', 'InventoryReportLine'),
  inventoryReport('StockAvailabilityReport', 'ubl-stock-availability', 'StockAvailabilityReportLine'),
  {
    label: 'UBL DespatchAdvice',
    root: 'DespatchAdvice',
    namespace: ublNamespace('DespatchAdvice'),
    capture: rootChildren,
    reader: wholeDocumentReader({
      label: 'UBL DespatchAdvice',
      variant: 'ubl-despatch-advice',
      lineName: 'DespatchLine',
      rules: ublRules,
      // The hub models no shipment yet, so of a despatch advice only the party it goes to is taken in:
      // the delivery customer is customer data like an order's buyer. The despatched lines are not.
      records(document, context) {
        const party = document.DeliveryCustomerParty
        const id = ublPartyId(party)
        context.logger.info({ document: 'UBL DespatchAdvice', despatch: firstText(document, ['ID']) }, 'despatch lines not ingested: shipments are not modelled by the hub yet')
        return id === undefined || party === undefined ? [] : [{ entity: 'customer', record: withIds(id, undefined, { DeliveryCustomerParty: party }) }]
      },
    }),
  },
  {
    label: 'cXML',
    root: 'cXML',
    namespace: undefined,
    capture: (path) => (path.length === 2 && path[1] === 'Header') || (path.length === 4 && path[1] === 'Request'),
    reader: wholeDocumentReader({
      label: 'cXML',
      variant: 'cxml-order-request',
      lineName: 'ItemOut',
      rules: cxmlRules,
      skipWhen(event: OpenEvent) {
        if (event.path.length === 2 && event.name !== 'Request') return `a cXML ${event.name} carries no order`
        if (event.path.length === 3 && event.name !== 'OrderRequest') return `cXML ${event.name} is not modelled by the hub yet (only OrderRequest is read)`
        return undefined
      },
      records(document) {
        const header = isObject(document.Header) ? document.Header : {}
        const billTo = firstValue(document, ['Request', 'OrderRequest', 'OrderRequestHeader', 'BillTo'])
        const customer = billTo === undefined ? undefined : { Header: { From: header.From ?? null }, Request: { OrderRequest: { OrderRequestHeader: { BillTo: billTo } } } }
        return orderWithCustomer(firstText(document, ['Request.OrderRequest.OrderRequestHeader.@orderID']), cxmlBuyerId(document), document, customer)
      },
    }),
  },
  {
    label: 'Order-X order',
    root: 'SCRDMCCBDACIOMessageStructure',
    namespace: 'urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100',
    // The trade transaction holds the lines: its children are read one by one, not it whole.
    capture: (path) => (path.length === 2 && path[1] !== 'SupplyChainTradeTransaction') || (path.length === 3 && path[1] === 'SupplyChainTradeTransaction'),
    reader: wholeDocumentReader({
      label: 'Order-X order',
      variant: 'orderx-order',
      lineName: 'IncludedSupplyChainTradeLineItem',
      rules: orderxRules,
      records(document, context) {
        const id = firstText(document, ['ExchangedDocument.ID'])
        const buyer = firstValue(document, ['SupplyChainTradeTransaction', 'ApplicableHeaderTradeAgreement', 'BuyerTradeParty'])
        // Order-X uses one structure for the order (220), its change (230) and its response (231), which
        // names the order it answers as the buyer's order reference.
        if (firstText(document, ['ExchangedDocument.TypeCode']) === '231') {
          const agreement = 'SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement'
          const answered = firstText(document, [`${agreement}.BuyerOrderReferencedDocument.IssuerAssignedID`, `${agreement}.BuyerOrderReferencedDocument.0.IssuerAssignedID`])
          return orderResponse('Order-X order response', answered, orderxPartyId(buyer), document, context)
        }
        const customer = buyer === undefined ? undefined : { SupplyChainTradeTransaction: { ApplicableHeaderTradeAgreement: { BuyerTradeParty: buyer } } }
        return orderWithCustomer(id, orderxPartyId(buyer), document, customer)
      },
    }),
  },
]

const byRoot = new Map(documentKinds.map((kind) => [kind.root, kind]))

/** Which elements to read whole, decided by the root alone (the splitter asks before the root is checked). */
export function captureFor(path: readonly string[]): boolean {
  return byRoot.get(path[0])?.capture(path) ?? false
}

export function documentKindFor(root: OpenEvent): DocumentKind {
  const kind = byRoot.get(root.name)
  const known = documentKinds.map((k) => k.label).join(', ')
  if (kind === undefined) throw new InvalidDocument(`<${root.name}> is not a document the ubl connector reads; it reads ${known}`)
  if (kind.namespace !== root.namespace) {
    throw new InvalidDocument(`<${root.name}> is in namespace ${root.namespace ?? '(none)'}, not ${kind.namespace ?? '(none)'}: it is not a ${kind.label}`)
  }
  return kind
}

function firstValue(document: JsonObject, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = document
  for (const key of path) current = isObject(current) && Object.hasOwn(current, key) ? current[key] : undefined
  return current
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPlain(value: JsonValue): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string' || v === null))
}
