import { Readable } from 'node:stream'
import { generatedOrderIdoc } from './idoc.conformance'
import { idocConnector } from './idoc.connector'
import { collectGarbage, contextWith, recordingLogger } from './idoc.test-kit'

/**
 * The conformance suite checks heap in use without forcing a GC (garbage included), so it runs with
 * small batches. This checks the default config the other way round: after a full GC, what the
 * connector still holds while it streams a file stays small, whatever the file's size.
 */
it('holds a bounded amount of memory while streaming a 30 MB IDoc file with the default config', async () => {
  const idocs = 11_000
  let bytes = 0
  function* chunks(): Generator<Buffer> {
    yield Buffer.from('<?xml version="1.0"?>\r\n<ORDERS05>\r\n')
    for (let n = 0; n < idocs; n += 20) {
      const chunk = Buffer.from(Array.from({ length: 20 }, (_, k) => generatedOrderIdoc(n + k, 5)).join(''))
      bytes += chunk.length
      yield chunk
    }
    yield Buffer.from('</ORDERS05>\r\n')
  }
  const config = idocConnector.configSchema.parse({})
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  let held = 0
  let records = 0
  for await (const batch of idocConnector.parseDocument!(config, { body: Readable.from(chunks()) }, contextWith(recordingLogger()), new AbortController().signal)) {
    records += batch.records.length
    if (records % 5500 === 0) {
      collectGarbage()
      held = Math.max(held, process.memoryUsage().heapUsed - before)
    }
  }
  expect(records).toBe(idocs * 2)
  expect(bytes).toBeGreaterThan(30 * 1000 * 1000)
  // One batch of 500 orders and 500 customers, and the IDoc being read: a few MB, not the file.
  expect(held).toBeLessThan(12 * 1024 * 1024)
}, 120_000)
