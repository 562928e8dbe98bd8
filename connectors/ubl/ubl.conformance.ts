import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { DocumentTarget } from '../../test/conformance/conformance.types'
import type { UblConfigInput } from './ubl.config'
import { ublConnector } from './ubl.connector'

/**
 * The ubl connector in the conformance suite: the real OASIS UBL 2.1 Order first (the suite also
 * feeds it in 7-byte chunks), the other real documents it reads, a truncated order, and a generated
 * InventoryReport of 400,000 lines (about 190 MB) streamed from a generator.
 */
const ROOT = join(__dirname, '..', '..')
const real = (...path: string[]) => readFileSync(join(ROOT, 'test', 'fixtures', 'real', ...path))
const order = real('oasis-ubl-2.1', 'UBL-Order-2.1-Example.xml')

export const LARGE_LINES = 400_000

const REPORT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<InventoryReport xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns="urn:oasis:names:specification:ubl:schema:xsd:InventoryReport-2">
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:ID>GEN-1</cbc:ID>
  <cbc:IssueDate>2024-03-12</cbc:IssueDate>
  <cbc:IssueTime>06:00:00</cbc:IssueTime>
  <cac:InventoryReportingParty>
    <cac:PartyIdentification><cbc:ID schemeID="GLN">4000001000005</cbc:ID></cac:PartyIdentification>
    <cac:PartyName><cbc:Name>Generated warehouse</cbc:Name></cac:PartyName>
  </cac:InventoryReportingParty>
`

/** One generated InventoryReportLine: item n at one of 20 locations. */
export function generatedInventoryLine(n: number): string {
  return `  <cac:InventoryReportLine>
    <cbc:ID>${n + 1}</cbc:ID>
    <cbc:Quantity unitCode="C62">${n % 1000}</cbc:Quantity>
    <cbc:InventoryValueAmount currencyID="EUR">${((n % 1000) * 12.5).toFixed(2)}</cbc:InventoryValueAmount>
    <cac:InventoryLocation><cbc:ID>LOC-${n % 20}</cbc:ID></cac:InventoryLocation>
    <cac:Item>
      <cbc:Description>Generated item ${n}</cbc:Description>
      <cac:SellersItemIdentification><cbc:ID>SKU-${n}</cbc:ID></cac:SellersItemIdentification>
    </cac:Item>
  </cac:InventoryReportLine>
`
}

function large(): { body: NodeJS.ReadableStream; records: number; bytes: number } {
  const tail = '</InventoryReport>\n'
  let bytes = Buffer.byteLength(REPORT_HEAD) + tail.length
  for (let n = 0; n < LARGE_LINES; n++) bytes += Buffer.byteLength(generatedInventoryLine(n))
  // About 64 KiB of bytes at a time, as a file stream reads.
  function* chunks(): Generator<Buffer> {
    let chunk = REPORT_HEAD
    for (let n = 0; n < LARGE_LINES; n++) {
      chunk += generatedInventoryLine(n)
      if (chunk.length >= 64 * 1024) {
        yield Buffer.from(chunk)
        chunk = ''
      }
    }
    yield Buffer.from(chunk + tail)
  }
  return { body: Readable.from(chunks()), records: LARGE_LINES, bytes }
}

// Small batches: the suite measures heap in use without forcing a GC, and records that live through
// a long batch are promoted and counted until the next full GC (ubl.memory.test.ts checks the default).
const config: UblConfigInput = { batchSize: 20 }

export const ublConformance: DocumentTarget<UblConfigInput> = {
  kind: 'ubl',
  connector: ublConnector as never,
  config,
  documents: [
    { name: 'the real UBL 2.1 Order (Rådhusgatan, 2 lines)', bytes: order, contentType: 'application/xml', expect: { customer: 1, 'sales-order': 1 } },
    { name: 'the real UBL 2.1 InventoryReport', bytes: real('oasis-ubl-2.1', 'UBL-InventoryReport-2.1-Example.xml'), expect: { 'inventory-position': 3 } },
    { name: 'the real UBL 2.1 StockAvailabilityReport', bytes: real('oasis-ubl-2.1', 'UBL-StockAvailabilityReport-2.1-Example.xml'), expect: { 'inventory-position': 3 } },
    { name: 'the real cXML OrderRequest (DOCTYPE, SharedSecret)', bytes: real('cxml-php', 'OrderRequest.xml'), expect: { customer: 1, 'sales-order': 1 } },
    { name: 'the real Order-X COMFORT order', bytes: real('horstoeko-orderx', 'reader-order-x-comfort.xml'), expect: { customer: 1, 'sales-order': 1 } },
    { name: 'the real UBL DespatchAdvice (its delivery customer)', bytes: real('oasis-ubl-2.1', 'UBL-DespatchAdvice-2.0-Example.xml'), expect: { customer: 1 } },
    { name: 'the real UBL OrderResponseSimple (skipped by default)', bytes: real('oasis-ubl-2.1', 'UBL-OrderResponseSimple-2.1-Example.xml'), expect: {} },
  ],
  // The real order cut off inside its first line: truncated, so not a document.
  malformed: order.subarray(0, order.indexOf('<cbc:LineExtensionAmount currencyID="SEK">6000')),
  large,
}
