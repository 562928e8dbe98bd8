import { ConfigError, type Connector, type Session } from '../../src/connector-sdk'
import { ublConfigSchema, type UblConfig } from './ubl.config'
import { parseUblDocument } from './ubl.parse'

/**
 * Business documents fed to the hub as files: UBL 2.1 (Order, OrderResponse, OrderResponseSimple,
 * InventoryReport, StockAvailabilityReport; DespatchAdvice is recognised and skipped), cXML
 * OrderRequest and UN/CEFACT Order-X. There is no ERP to call, so a session only says so.
 */
export const ublConnector: Connector<UblConfig> = {
  kind: 'ubl',
  version: '1.0.0',
  configSchema: ublConfigSchema,

  entities() {
    return {
      customer: { key: 'id', can: { document: true } },
      'sales-order': { key: 'id', can: { document: true } },
      'inventory-position': { key: 'id', can: { document: true } },
    }
  },

  async connect(): Promise<Session> {
    return {
      async check(signal) {
        // Nothing to reach: a document connection is ready as soon as its config is valid.
        signal?.throwIfAborted()
      },
      read(entity) {
        throw new ConfigError(`a ubl connection takes documents (upload or watched folder); it cannot read "${entity}" from an ERP`)
      },
      async close() {},
    }
  },

  parseDocument(config, doc, ctx, signal) {
    return parseUblDocument(config, doc, ctx.logger.child({ connector: 'ubl' }), signal)
  },
}
