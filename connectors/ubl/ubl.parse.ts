import { InvalidDocument, streamXmlElements, type DocumentBatch, type DocumentInput, type Logger, type XmlStreamEvent, BatchCollector } from '../../src/connector-sdk'
import type { UblConfig } from './ubl.config'
import { captureFor, documentKindFor } from './ubl.documents'

/**
 * Reads one business document: the root element and its namespace say which kind it is (UBL Order,
 * InventoryReport, cXML, Order-X …), and that kind's reader turns the streamed elements into records,
 * which leave in batches. A root no kind reads is an InvalidDocument.
 */
export async function* parseUblDocument(config: UblConfig, doc: DocumentInput, logger: Logger, signal: AbortSignal): AsyncGenerator<DocumentBatch> {
  const events = streamXmlElements(doc.body as AsyncIterable<unknown>, { capture: captureFor, maxElementLength: config.maxElementBytes, signal })
  const iterator = events[Symbol.asyncIterator]()
  try {
    const first = await iterator.next()
    // The root is never captured, so the first event is its `open`; anything else is not a document.
    if (first.done || first.value.kind !== 'open') throw new InvalidDocument('the document has no root element: it is not XML')
    const kind = documentKindFor(first.value)
    const batches = new BatchCollector(config.batchSize)
    let records = 0
    for await (const found of kind.reader(startingWith(first.value, iterator), { config, logger })) {
      records += 1
      const full = batches.add(found.entity, found.variant, found.record)
      if (full) yield full
    }
    yield* batches.drain()
    logger.info({ document: kind.label, records }, 'document read')
  } finally {
    await iterator.return?.(undefined)
  }
}

function startingWith(first: XmlStreamEvent, rest: AsyncIterator<XmlStreamEvent>): AsyncIterable<XmlStreamEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      yield first
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value
    },
  }
}
