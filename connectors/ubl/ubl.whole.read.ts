import { InvalidDocument, parseXmlElement, type EntityName, type JsonObject, type XmlStreamEvent } from '../../src/connector-sdk'
import type { DocumentReader, FoundRecord, OpenEvent, ReadContext } from './ubl.read.types'
import { DocumentTree, objectOf, type RecordRules } from './ubl.record'

/** A document that is one record with its lines (an order): read whole, lines bounded by `maxOrderLines`. */
export interface WholeDocument {
  label: string
  variant: string
  /** The line element, counted against `maxOrderLines`. */
  lineName: string
  rules: RecordRules
  /** Why a document of this family yields nothing, decided when an element opens (cXML's request type). */
  skipWhen?(event: OpenEvent): string | undefined
  /** The records the rebuilt document yields (the order, and its customer when it names one). */
  records(document: JsonObject, context: ReadContext): Array<{ entity: EntityName; record: JsonObject }>
}

export function wholeDocumentReader(doc: WholeDocument): DocumentReader {
  return (events, context) => readWholeDocument(events, doc, context)
}

async function* readWholeDocument(events: AsyncIterable<XmlStreamEvent>, doc: WholeDocument, context: ReadContext): AsyncGenerator<FoundRecord> {
  const tree = new DocumentTree()
  let skip: string | undefined
  let captured = 0
  let lines = 0
  for await (const event of events) {
    if (event.kind === 'open') {
      skip ??= doc.skipWhen?.(event)
      tree.open(event)
      continue
    }
    // A skipped document is still read to its end: a truncated one must fail like any other.
    if (skip !== undefined) continue
    captured += 1
    if (event.name === doc.lineName && ++lines > context.config.maxOrderLines) {
      throw new InvalidDocument(`the ${doc.label} has more than ${context.config.maxOrderLines} lines (maxOrderLines); an order is read whole, so raise the limit to take it`)
    }
    tree.add(event.path, parseXmlElement(event.xml))
  }
  if (skip !== undefined) {
    context.logger.info({ document: doc.label }, `document not ingested: ${skip}`)
    return
  }
  if (captured === 0) throw new InvalidDocument(`the ${doc.label} <${tree.root.name}> is empty`)
  for (const found of doc.records(objectOf(tree.root, doc.rules), context)) yield { ...found, variant: doc.variant }
}
