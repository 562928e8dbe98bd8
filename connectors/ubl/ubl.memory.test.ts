import { Readable } from 'node:stream'
import { generatedInventoryLine } from './ubl.conformance'
import { ublConnector } from './ubl.connector'
import { collectGarbage, contextWith, recordingLogger } from './ubl.test-kit'

/**
 * The conformance suite checks heap in use without forcing a GC (garbage included), so it runs with
 * small batches. This checks the default config the other way round: after a full GC, what the
 * connector still holds while it streams a long report stays small, whatever the report's length.
 */
it('holds a bounded amount of memory while streaming a 30 MB InventoryReport with the default config', async () => {
  const lines = 64_000
  let bytes = 0
  function* chunks(): Generator<Buffer> {
    yield Buffer.from('<InventoryReport xmlns="urn:oasis:names:specification:ubl:schema:xsd:InventoryReport-2" xmlns:cac="c" xmlns:cbc="b"><cbc:ID>R</cbc:ID>\n')
    for (let n = 0; n < lines; n += 100) {
      const chunk = Buffer.from(Array.from({ length: 100 }, (_, k) => generatedInventoryLine(n + k)).join(''))
      bytes += chunk.length
      yield chunk
    }
    yield Buffer.from('</InventoryReport>\n')
  }
  const config = ublConnector.configSchema.parse({})
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  let held = 0
  let records = 0
  for await (const batch of ublConnector.parseDocument!(config, { body: Readable.from(chunks()) }, contextWith(recordingLogger()), new AbortController().signal)) {
    records += batch.records.length
    if (records % 8000 === 0) {
      collectGarbage()
      held = Math.max(held, process.memoryUsage().heapUsed - before)
    }
  }
  expect(records).toBe(lines)
  expect(bytes).toBeGreaterThan(30 * 1000 * 1000)
  // One batch of 500 positions and the line being read: a few MB, not the report.
  expect(held).toBeLessThan(12 * 1024 * 1024)
}, 120_000)
