import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { DocumentTarget } from '../../test/conformance/conformance.types'
import type { IdocConfigInput } from './idoc.config'
import { idocConnector } from './idoc.connector'

/**
 * The idoc connector in the conformance suite: the real ORDRSP IDoc first (the suite also feeds it
 * in 7-byte chunks), the hand-made master-data samples, a truncated IDoc, and a generated ORDERS05
 * file of 40,000 IDocs with 200,000 items (about 115 MB) streamed from a generator.
 */
const ROOT = join(__dirname, '..', '..')
const read = (...path: string[]) => readFileSync(join(ROOT, ...path))
const ordrsp = read('test', 'fixtures', 'real', 'sap-samples-integration-suite-b2b', 'ordrsp-idoc.xml')

export const LARGE_IDOCS = 40_000
export const LARGE_ITEMS_PER_IDOC = 5

/** One generated ORDERS05 IDoc: an order of `items` lines for one of 500 customers. */
export function generatedOrderIdoc(n: number, items: number): string {
  const order = String(n).padStart(10, '0')
  const customer = String(1_000_000 + (n % 500)).padStart(10, '0')
  const lines = Array.from({ length: items }, (_, i) => {
    const pos = String((i + 1) * 10).padStart(6, '0')
    return `<E1EDP01 SEGMENT="1"><POSEX>${pos}</POSEX><MENGE>${(i % 9) + 1}.000</MENGE><MENEE>PCE</MENEE><VPREI>125.50</VPREI><PEINH>1</PEINH><NETWR>${(((i % 9) + 1) * 125.5).toFixed(2)}</NETWR><CURCY>EUR</CURCY><WERKS>1710</WERKS>\r\n<E1EDP03 SEGMENT="1"><IDDAT>025</IDDAT><DATUM>20240312</DATUM><UZEIT>101500</UZEIT></E1EDP03><E1EDP20 SEGMENT="1"><WMENG>1.000</WMENG><EDATU>20240320</EDATU></E1EDP20>\r\n<E1EDP19 SEGMENT="1"><QUALF>002</QUALF><IDTNR>MAT-${(n * 7 + i) % 9973}</IDTNR><KTEXT>Generated material ${i}</KTEXT></E1EDP19></E1EDP01>\r\n`
  }).join('')
  return (
    `<IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><TABNAM>EDI_DC40</TABNAM><DOCNUM>${String(n).padStart(16, '0')}</DOCNUM><IDOCTYP>ORDERS05</IDOCTYP><MESTYP>ORDERS</MESTYP><SNDPRN>GENCLNT100</SNDPRN><CREDAT>20240312</CREDAT><CRETIM>101500</CRETIM></EDI_DC40>\r\n` +
    `<E1EDK01 SEGMENT="1"><CURCY>EUR</CURCY><BELNR>${order}</BELNR></E1EDK01><E1EDK03 SEGMENT="1"><IDDAT>012</IDDAT><DATUM>20240312</DATUM></E1EDK03>\r\n` +
    `<E1EDKA1 SEGMENT="1"><PARVW>AG</PARVW><PARTN>${customer}</PARTN><NAME1>Generated customer ${customer}</NAME1><ORT01>Walldorf</ORT01><LAND1>DE</LAND1></E1EDKA1>\r\n` +
    lines +
    `</IDOC>\r\n`
  )
}

function large(): { body: NodeJS.ReadableStream; records: number; bytes: number } {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\r\n<ORDERS05>\r\n'
  const tail = '</ORDERS05>\r\n'
  let bytes = head.length + tail.length
  // Every IDoc's length is known up front without holding the file: each is generated twice, once to measure.
  for (let n = 0; n < LARGE_IDOCS; n++) bytes += Buffer.byteLength(generatedOrderIdoc(n, LARGE_ITEMS_PER_IDOC))
  // About 64 KiB of bytes at a time, as a file stream reads.
  function* chunks(): Generator<Buffer> {
    let chunk = head
    for (let n = 0; n < LARGE_IDOCS; n++) {
      chunk += generatedOrderIdoc(n, LARGE_ITEMS_PER_IDOC)
      if (chunk.length >= 64 * 1024) {
        yield Buffer.from(chunk)
        chunk = ''
      }
    }
    yield Buffer.from(chunk + tail)
  }
  // Each IDoc yields its sales order and its sold-to customer.
  return { body: Readable.from(chunks()), records: LARGE_IDOCS * 2, bytes }
}

// Small batches: the suite measures heap in use without forcing a GC, and records that live through
// a long batch are promoted and counted until the next full GC (idoc.memory.test.ts checks the default).
const config: IdocConfigInput = { batchSize: 20 }

export const idocConformance: DocumentTarget<IdocConfigInput> = {
  kind: 'idoc',
  connector: idocConnector as never,
  config,
  documents: [
    { name: 'the real ORDRSP IDoc (CRLF, tabs, 4 items)', bytes: ordrsp, contentType: 'application/xml', expect: { customer: 1, 'sales-order': 1 } },
    { name: 'a DEBMAS07 file with two customers', bytes: read('connectors', 'idoc', 'fixtures', 'debmas07-customers.xml'), expect: { customer: 2 } },
    { name: 'a MATMAS05 material', bytes: read('connectors', 'idoc', 'fixtures', 'matmas05-material.xml'), expect: { product: 1 } },
    { name: 'a LOIPRO01 file with two production orders', bytes: read('connectors', 'idoc', 'fixtures', 'loipro01-orders.xml'), expect: { 'production-order': 2 } },
  ],
  // The real IDoc cut off in the middle of an item: truncated, so not a document.
  malformed: ordrsp.subarray(0, Math.floor(ordrsp.length * 0.6)),
  large,
}
