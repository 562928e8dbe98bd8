import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { createTrytonClient } from './tryton.client'
import { complaintTarget } from './tryton.complaint.write'
import { trytonConfigSchema, type TrytonConfig } from './tryton.config'
import { trackedEntities } from './tryton.entities'
import { opportunityTarget } from './tryton.opportunity.write'
import { readMovements, readMovementsOfSkus } from './tryton.movement.read'
import { readStock } from './tryton.stock.read'
import { readTracked } from './tryton.tracked.read'
import { findWritten, writeRecords, type WriteTarget } from './tryton.write'
import { writeComplaintStatus } from './tryton.complaint-status.write'

const STOCK_ENTITY = 'inventory-position'
const MOVEMENT_ENTITY = 'stock-movement'
// Each target has its own input type; the connector only routes records to them.
const writeTargets: Record<string, WriteTarget<any>> = { opportunity: opportunityTarget, complaint: complaintTarget }

/**
 * Tryton 6.0 over JSON-RPC (the protocol the Tryton client speaks): parties, products, sales with
 * their lines, stock per warehouse, planned stock moves and production orders are read; opportunities and complaints are
 * created, idempotently. See docs/connectors/tryton.md.
 */
export const trytonConnector: Connector<TrytonConfig> = {
  kind: 'tryton',
  version: '1.0.0',
  configSchema: trytonConfigSchema,

  entities(config) {
    const out: Record<string, EntityCapabilities> = {}
    for (const name of Object.keys(trackedEntities)) out[name] = { key: 'id', can: { read: true }, incremental: true }
    out[STOCK_ENTITY] = { key: 'id', can: { read: true }, incremental: false }
    out[MOVEMENT_ENTITY] = { key: 'id', can: { read: true }, incremental: true }
    for (const name of config.writes) out[name] = { key: 'id', can: { write: true } }
    return out
  },

  async connect(config, ctx): Promise<Session> {
    const client = createTrytonClient(config, ctx)
    const logger = ctx.logger.child({ connector: 'tryton' })
    return {
      async check(signal) {
        signal?.throwIfAborted()
        // Logs in (once) and reads the user's preferences: proves URL, database, login and company.
        await client.context(signal)
      },

      read(entity, cursor, signal) {
        if (entity === STOCK_ENTITY) return readStock({ client, logger, clock: ctx.clock, config }, cursor, signal)
        if (entity === MOVEMENT_ENTITY) return readMovements({ client, logger, pageSize: config.pageSize, overlapMs: config.overlapMs, config }, cursor, signal)
        const spec = Object.hasOwn(trackedEntities, entity) ? trackedEntities[entity] : undefined
        if (!spec) throw new ConfigError(`the tryton connector does not read ${JSON.stringify(entity)}; it reads ${[...Object.keys(trackedEntities), STOCK_ENTITY, MOVEMENT_ENTITY].join(', ')}`)
        return readTracked({ client, logger, pageSize: config.pageSize, overlapMs: config.overlapMs }, entity, spec, cursor, signal)
      },

      async *readSkus(entity, skus, signal) {
        if (entity === STOCK_ENTITY) {
          for await (const page of readStock({ client, logger, clock: ctx.clock, config, skus }, null, signal)) yield { records: page.records }
        } else if (entity === MOVEMENT_ENTITY) {
          yield* readMovementsOfSkus({ client, logger, pageSize: config.pageSize, overlapMs: config.overlapMs, config }, skus, signal)
        } else throw new ConfigError(`the tryton connector re-reads ${STOCK_ENTITY} and ${MOVEMENT_ENTITY} by SKU, not ${JSON.stringify(entity)}`)
      },

      async write(entity, records, { idempotencyKey, signal }) {
        if (entity === 'complaint-status' && (config.writes as string[]).includes(entity)) return writeComplaintStatus(client, records, signal)
        const target = (config.writes as string[]).includes(entity) ? writeTargets[entity] : undefined
        if (!target) throw new ConfigError(`this tryton connection does not write ${JSON.stringify(entity)}; it writes ${config.writes.join(', ') || 'nothing'}`)
        if (idempotencyKey.trim() === '') throw new ConfigError('a write needs a non-empty idempotency key')
        return writeRecords(client, target, records, idempotencyKey, signal)
      },

      async lookup(entity, idempotencyKey, signal) {
        // A status move is idempotent by itself (see tryton.complaint-status.write.ts): writing it again is the check.
        if (entity === 'complaint-status') return null
        const target = (config.writes as string[]).includes(entity) ? writeTargets[entity] : undefined
        if (!target) throw new ConfigError(`this tryton connection does not write ${JSON.stringify(entity)}; it writes ${config.writes.join(', ') || 'nothing'}`)
        const id = await findWritten(client, target, idempotencyKey, signal)
        return id === null ? null : { externalId: String(id) }
      },

      async close() {
        await client.close()
      },
    }
  },
}
