import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { idocConfigSchema, type IdocConfig } from './idoc.config'
import { idocLayouts } from './idoc.layouts'
import { parseIdocDocument } from './idoc.parse'

/**
 * SAP IDoc XML files (ORDERS05, DEBMAS, MATMAS, LOIPRO), fed to the hub as documents: uploads or a
 * watched folder. There is no ERP to call, so a session only says so.
 */
export const idocConnector: Connector<IdocConfig> = {
  kind: 'idoc',
  version: '1.0.0',
  configSchema: idocConfigSchema,

  entities() {
    const out: Record<string, EntityCapabilities> = {}
    for (const layout of idocLayouts) for (const entity of layout.entities) out[entity] = { key: 'id', can: { document: true } }
    return out
  },

  async connect(): Promise<Session> {
    return {
      async check(signal) {
        // Nothing to reach: a document connection is ready as soon as its config is valid.
        signal?.throwIfAborted()
      },
      read(entity) {
        throw new ConfigError(`an idoc connection takes documents (upload or watched folder); it cannot read "${entity}" from an ERP`)
      },
      async close() {},
    }
  },

  parseDocument(config, doc, ctx, signal) {
    return parseIdocDocument(config, doc, ctx.logger.child({ connector: 'idoc' }), signal)
  },
}
