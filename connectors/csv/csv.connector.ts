import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { parseCsvDocument } from './csv-document.parse'
import { csvConfigSchema, keyField, type CsvConfig } from './csv.config'

/**
 * Flat files (uploads or a watched folder): each configured layout recognises one kind of file and
 * turns its rows into records of one hub entity. There is nothing to pull from and nothing to push to.
 */
export const csvConnector: Connector<CsvConfig> = {
  kind: 'csv',
  version: '1.0.0',
  configSchema: csvConfigSchema,

  entities(config) {
    const out: Record<string, EntityCapabilities> = {}
    for (const layout of config.layouts) out[layout.entity] = { key: keyField(layout), can: { document: true } }
    return out
  },

  async connect(): Promise<Session> {
    return {
      // Nothing remote to reach: a csv connection is only fed documents.
      async check(signal) {
        signal?.throwIfAborted()
      },
      read(entity) {
        throw new ConfigError(`a csv connection is fed documents (upload them, or drop them in the watched folder); it cannot read ${JSON.stringify(entity)}`)
      },
      async close() {},
    }
  },

  parseDocument(config, doc, ctx, signal) {
    return parseCsvDocument(config, doc, ctx.logger.child({ connector: 'csv' }), signal)
  },
}
