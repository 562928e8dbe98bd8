import { getPath, InvalidDocument, parseXmlElement, streamXmlElements, type DocumentBatch, type DocumentInput, type Logger, BatchCollector } from '../../src/connector-sdk'
import type { IdocConfig } from './idoc.config'
import { idocLayouts, layoutFor } from './idoc.layouts'
import { readIdoc } from './idoc.segments'

/**
 * Reads an IDoc XML file — `<ORDERS05><IDOC BEGIN="1">…</IDOC><IDOC>…</IDOC></ORDERS05>` — one
 * `<IDOC>` at a time, so a file of any size takes the memory of one IDoc plus one batch.
 * An IDoc of a basic type no layout reads stops the file with an InvalidDocument naming it: skipping
 * it would lose data without a trace.
 */
export async function* parseIdocDocument(config: IdocConfig, doc: DocumentInput, logger: Logger, signal: AbortSignal): AsyncGenerator<DocumentBatch> {
  const batches = new BatchCollector(config.batchSize)
  let root = ''
  let idocs = 0
  let records = 0
  const events = streamXmlElements(doc.body as AsyncIterable<unknown>, {
    capture: (path) => path.length === 2 && path[1] === 'IDOC',
    maxElementLength: config.maxIdocBytes,
    signal,
  })
  for await (const event of events) {
    if (event.kind === 'open') {
      if (event.path.length === 1) root = event.name
      else throw new InvalidDocument(`<${root}> holds <${event.name}>: an IDoc file holds <IDOC> elements only`)
      continue
    }
    idocs += 1
    const idoc = readIdoc(parseXmlElement(event.xml))
    const basicType = text(getPath(idoc, 'EDI_DC40.IDOCTYP')) || root
    const layout = layoutFor(basicType)
    if (layout === undefined) {
      const docnum = text(getPath(idoc, 'EDI_DC40.DOCNUM')) || `#${idocs}`
      const known = idocLayouts.map((l) => l.basicType.source).join(', ')
      throw new InvalidDocument(`IDoc ${docnum} is a ${basicType} (message ${text(getPath(idoc, 'EDI_DC40.MESTYP')) || 'unknown'}), which the idoc connector does not read; it reads ${known}`, {
        details: { basicType, docnum },
      })
    }
    for (const { entity, record } of layout.records(idoc)) {
      records += 1
      const full = batches.add(entity, layout.variant, record)
      if (full) yield full
    }
  }
  if (idocs === 0) throw new InvalidDocument(`<${root}> holds no <IDOC>: it is not an IDoc file`)
  yield* batches.drain()
  logger.info({ idocs, records }, 'IDoc file read')
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
