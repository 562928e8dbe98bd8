import type { Connector, JsonObject } from '../../src/connector-sdk'

/**
 * What a connector gives the conformance suite. Each connector folder exports one of these from
 * `<kind>.conformance.ts`; `targets.ts` lists them; `conformance.test.ts` runs the same checks on all.
 */
export type Scenario = 'normal' | 'bad-credentials' | 'rate-limited' | 'timeout' | 'malformed'

export interface World<C> {
  config: C
  /** normal: the keys (values of the entity's `key` field, as strings) a full read must return, each once. */
  expectedKeys?: string[]
  close(): Promise<void>
}

/** A connector that reads an ERP over the network. */
export interface RemoteTarget<C = any> {
  kind: string
  connector: Connector<C>
  /** The entity the suite reads; in the normal world it spans at least three pages. */
  entity: string
  /** Every secret the configs carry: none may ever appear in a log line or an error. */
  secrets: string[]
  /**
   * Sets up the ERP for one scenario — nock interceptors, or a real server — and returns the config:
   * - normal: reads succeed, `expectedKeys` says what a full read returns;
   * - bad-credentials: the ERP refuses the credentials (check() and read() must throw AuthError);
   * - rate-limited: the first data request answers 429 with `Retry-After: 2`;
   * - timeout: the first data request answers later than the config's timeout;
   * - malformed: the first data request answers 200 with a body that is not the protocol's format.
   */
  world(scenario: Scenario): Promise<World<C>>
  /** Connectors that write: records to write twice under one idempotency key, and a count of what exists. */
  write?: {
    entity: string
    records(): JsonObject[]
    /** How many of `records` exist in the ERP now (after writing twice it must be exactly records.length). */
    count(config: C, records: JsonObject[]): Promise<number>
  }
}

/** A connector fed with documents (IDoc, UBL, cXML, CSV). */
export interface DocumentTarget<C = any> {
  kind: string
  connector: Connector<C>
  config: C
  /** Good documents and how many records of each entity they must yield. */
  documents: Array<{ name: string; bytes: Buffer; contentType?: string; expect: Record<string, number> }>
  /** Bytes that are not a document of this kind: parseDocument must throw InvalidDocument. */
  malformed: Buffer
  /** A large generated document (streamed, never held in memory whole) and its record count. */
  large?: () => { body: NodeJS.ReadableStream; records: number; bytes: number }
}
