import type { EntityName, JsonObject, Logger, XmlStreamEvent } from '../../src/connector-sdk'
import type { UblConfig } from './ubl.config'

/** One record found in a document, before batching. */
export interface FoundRecord {
  entity: EntityName
  variant: string
  record: JsonObject
}

export interface ReadContext {
  config: UblConfig
  logger: Logger
}

export type OpenEvent = Extract<XmlStreamEvent, { kind: 'open' }>

/** Reads the events of one document (its root's `open` first) into records. */
export type DocumentReader = (events: AsyncIterable<XmlStreamEvent>, context: ReadContext) => AsyncGenerator<FoundRecord>
