import type { JsonObject, XmlNode } from '../../src/connector-sdk'
import { firstText } from './ubl.record'

/**
 * The identities the connector computes once, so an order and its customer always agree (`id` of
 * the customer record = `customerId` of the order record) and an inventory position keeps one id
 * from report to report. Each is the first of a list of candidates, most specific first; mappings
 * that read the same fields list them in the same order.
 */

/** A UBL customer party (BuyerCustomerParty): the seller's account number for it, else its own ids. */
export function ublPartyId(party: unknown): string | undefined {
  return firstText(party, ['SupplierAssignedAccountID', 'Party.PartyIdentification.0.ID', 'Party.EndpointID', 'Party.PartyLegalEntity.0.CompanyID', 'Party.PartyName.0.Name'])
}

/** The cXML buyer: the BillTo address id, else the buying organisation's network identity. */
export function cxmlBuyerId(record: unknown): string | undefined {
  return firstText(record, [
    'Request.OrderRequest.OrderRequestHeader.BillTo.Address.@addressID',
    'Header.From.Credential.0.Identity',
    'Request.OrderRequest.OrderRequestHeader.BillTo.Address.Name',
  ])
}

/** An Order-X trade party: its id, else its first global id (GLN …), else its name. */
export function orderxPartyId(party: unknown): string | undefined {
  return firstText(party, ['ID', 'GlobalID.0', 'Name'])
}

/** The item of a UBL line: the seller's number first (the hub usually sits on the seller's side). */
export const ITEM_ID_PATHS = ['Item.SellersItemIdentification.ID', 'Item.StandardItemIdentification.ID', 'Item.BuyersItemIdentification.ID'] as const

/** An inventory position is an item at a location: `<item>@<location>`, stable across reports. */
export function inventoryPositionId(line: JsonObject, reportingParty: unknown): string | undefined {
  const item = firstText(line, ITEM_ID_PATHS)
  const location = firstText(line, ['InventoryLocation.ID']) ?? firstText(reportingParty, ['PartyIdentification.0.ID', 'PartyName.0.Name'])
  return item !== undefined && location !== undefined ? `${item}@${location}` : undefined
}

/** UBL splits date and time (`IssueDate`, `IssueTime`); a mapping reads one instant, so they are joined. */
export function addIssueDateTime(record: JsonObject): void {
  const date = record.IssueDate
  const time = record.IssueTime
  if (typeof date === 'string' && date !== '' && typeof time === 'string' && time !== '') record.IssueDateTime = `${date}T${time}`
}

const CCYYMMDD = /^(\d{4})(\d{2})(\d{2})$/
const CCYYMMDDHHMM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/

/** UN/CEFACT `DateTimeString format="102"` (CCYYMMDD) and `203` (CCYYMMDDHHMM) as ISO; others as sent. */
export function orderxText(node: XmlNode): string {
  if (node.name !== 'DateTimeString') return node.text
  const format = node.attributes.format
  const date = format === '102' ? CCYYMMDD.exec(node.text) : format === '203' ? CCYYMMDDHHMM.exec(node.text) : null
  if (date === null) return node.text
  const [, y, mo, d, h, mi] = date
  return h === undefined ? `${y}-${mo}-${d}` : `${y}-${mo}-${d}T${h}:${mi}`
}
