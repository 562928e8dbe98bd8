import { InvalidDocument, type DocumentBatch } from '../../src/connector-sdk'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { DocumentTarget } from './conformance.types'
import { suiteContext } from './conformance.kit'

/** The checks every document connector passes. */
export function documentSuite(target: DocumentTarget): void {
  const ctx = suiteContext([])
  const parse = (body: NodeJS.ReadableStream, contentType?: string) => target.connector.parseDocument!(target.connector.configSchema.parse(target.config), { body, contentType }, ctx, new AbortController().signal)

  async function collect(batches: AsyncIterable<DocumentBatch>): Promise<Record<string, number>> {
    const counts: Record<string, number> = {}
    for await (const b of batches) counts[b.entity] = (counts[b.entity] ?? 0) + b.records.length
    return counts
  }

  test.each(target.documents.map((d) => [d.name, d]))('%s yields its records', async (_name, doc) => {
    expect(await collect(parse(Readable.from([doc.bytes]), doc.contentType))).toEqual(doc.expect)
  })

  test('the same document arriving in small chunks yields the same records', async () => {
    const doc = target.documents[0]
    const chunks = Array.from({ length: Math.ceil(doc.bytes.length / 7) }, (_, i) => doc.bytes.subarray(i * 7, i * 7 + 7))
    expect(await collect(parse(Readable.from(chunks), doc.contentType))).toEqual(doc.expect)
  })

  test('bytes that are not such a document are an InvalidDocument', async () => {
    await expect(collect(parse(Readable.from([target.malformed])))).rejects.toBeInstanceOf(InvalidDocument)
  })

  if (target.large) {
    const large = target.large
    test('a large document streams through in bounded memory', async () => {
      const { body, records, bytes } = large()
      // What the parser holds, not garbage V8 has yet to collect: the heap is measured right after a
      // full collection (peak heapUsed without one depends on when V8 chose to collect, which on a
      // busy machine can be hundreds of MB late).
      const gc = fullGc()
      const retained = () => (gc(), process.memoryUsage().heapUsed)
      const before = retained()
      let peak = before
      let seen = 0
      let samples = 0
      let next = Date.now()
      for await (const b of parse(body)) {
        seen += b.records.length
        // Twice a second: a full collection costs tens of ms, and a parser that holds the
        // document grows steadily, so any late sample shows it.
        if (Date.now() >= next) {
          peak = Math.max(peak, retained())
          samples++
          next = Date.now() + 500
        }
      }
      peak = Math.max(peak, retained())
      expect(seen).toBe(records)
      expect(samples).toBeGreaterThan(2)
      // Never more than a small part of the document in memory at once.
      expect(peak - before).toBeLessThan(Math.max(64 * 1024 * 1024, bytes / 4))
    }, 120_000)
  }
}

/** V8's full collection, exposed at run time when node was not started with --expose-gc. */
function fullGc(): () => void {
  if (typeof global.gc === 'function') return global.gc
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
