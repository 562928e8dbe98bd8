import { InvalidDocument, type DocumentBatch } from '../../src/connector-sdk'
import { Readable } from 'node:stream'
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
      global.gc?.()
      const before = process.memoryUsage().heapUsed
      let peak = before
      let seen = 0
      for await (const b of parse(body)) {
        seen += b.records.length
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }
      expect(seen).toBe(records)
      // Never more than a small part of the document in memory at once.
      expect(peak - before).toBeLessThan(Math.max(64 * 1024 * 1024, bytes / 4))
    }, 120_000)
  }
}
