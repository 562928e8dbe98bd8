import { parseXmlElement, type EntityName, type JsonObject, type XmlStreamEvent } from '../../src/connector-sdk'
import type { DocumentReader, FoundRecord, ReadContext } from './ubl.read.types'
import { DocumentTree, objectOf, type RecordRules } from './ubl.record'

/**
 * A document whose lines are records of their own (an inventory report): each line is yielded as
 * soon as it is read, with the parts of the header it needs, so a report of any length streams.
 * UBL puts every header element before the lines; one that comes after them is not in the records.
 */
export interface LineDocument {
  label: string
  variant: string
  entity: EntityName
  /** The line element, a child of the root. */
  lineName: string
  rules: RecordRules
  /** The header as the document has it (IssueDate, parties …). */
  header(root: JsonObject): JsonObject
  /** What of the header goes into each line record (not the whole header: it is repeated per line). */
  context(header: JsonObject): JsonObject
  id(line: JsonObject, header: JsonObject): string | undefined
}

export function lineDocumentReader(doc: LineDocument): DocumentReader {
  return (events, context) => readLineDocument(events, doc, context)
}

async function* readLineDocument(events: AsyncIterable<XmlStreamEvent>, doc: LineDocument, context: ReadContext): AsyncGenerator<FoundRecord> {
  const tree = new DocumentTree()
  let header: JsonObject | undefined
  let shared: JsonObject = {}
  let lines = 0
  for await (const event of events) {
    if (event.kind === 'open') {
      tree.open(event)
      continue
    }
    const node = parseXmlElement(event.xml)
    if (event.name !== doc.lineName || event.path.length !== 2) {
      if (header === undefined) tree.add(event.path, node)
      continue
    }
    if (header === undefined) {
      header = doc.header(objectOf(tree.root, doc.rules))
      shared = doc.context(header)
    }
    lines += 1
    const line = objectOf(node, doc.rules)
    yield { entity: doc.entity, variant: doc.variant, record: lineRecord(doc.id(line, header), shared, doc.lineName, line) }
  }
  if (lines === 0) context.logger.info({ document: doc.label }, 'document has no lines: nothing to ingest')
}

/**
 * Built by assignment on purpose: an object literal spreading a conditional `{ id }` made V8 keep
 * every record long enough to move it to the old generation, a garbage pile of the document's size.
 */
function lineRecord(id: string | undefined, shared: JsonObject, lineName: string, line: JsonObject): JsonObject {
  const record: JsonObject = {}
  if (id !== undefined) record.id = id
  Object.assign(record, shared)
  record[lineName] = line
  return record
}
