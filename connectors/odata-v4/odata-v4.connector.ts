import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { createODataClient } from './odata-v4.client'
import { odataConfigSchema, type ODataConfig, type ODataEntity } from './odata-v4.config'
import { readCollection } from './odata-v4.page'
import { readEntity } from './odata-v4.read'
import { entitySetUrl } from './odata-v4.url'
import { writeRecords } from './odata-v4.write'

/**
 * OData v4 over JSON: Dynamics 365 Business Central API v2.0 out of the box (its entity sets are the
 * default config), Dataverse and any other v4 service by configuration. Reads follow
 * `@odata.nextLink`, incrementally by a `lastModifiedDateTime gt …` filter or by delta links; writes
 * create (idempotently, by a looked-up field) or update (guarded by the record's ETag).
 */
export const odataV4Connector: Connector<ODataConfig> = {
  kind: 'odata-v4',
  version: '1.0.0',
  configSchema: odataConfigSchema,

  entities(config) {
    const out: Record<string, EntityCapabilities> = {}
    for (const [name, entity] of Object.entries(config.entities)) {
      const can: EntityCapabilities['can'] = {}
      if (entity.read) can.read = true
      if (entity.write) can.write = true
      out[name] = { key: entity.key, can, incremental: entity.incremental !== undefined }
    }
    return out
  },

  async connect(config, ctx): Promise<Session> {
    const logger = ctx.logger.child({ connector: 'odata-v4' })
    const client = createODataClient(config, { ...ctx, logger })
    const deps = { client, serviceRoot: config.serviceRoot, logger }
    const entityNamed = (name: string, can: 'read' | 'write'): ODataEntity => {
      const entity = Object.hasOwn(config.entities, name) ? config.entities[name] : undefined
      if (!entity || (can === 'read' ? !entity.read : !entity.write)) {
        const able = Object.entries(config.entities).filter(([, e]) => (can === 'read' ? e.read : e.write !== undefined)).map(([n]) => n)
        throw new ConfigError(`the odata-v4 connection does not ${can} ${JSON.stringify(name)}; it can ${can}: ${able.join(', ') || 'nothing'}`)
      }
      return entity
    }

    return {
      async check(signal) {
        signal?.throwIfAborted()
        // One record of the first entity read proves the credentials, the service root and the entity set.
        const first = Object.entries(config.entities).find(([, e]) => e.read)
        const url = first ? entitySetUrl(config.serviceRoot, first[1].entitySet, [['$top', '1']]) : config.serviceRoot
        const response = await client.request({ url, signal })
        if (first) readCollection(response, url, config.serviceRoot)
        logger.debug({ entity: first?.[0] }, 'check passed')
      },

      read(name, cursor, signal) {
        return readEntity(deps, name, entityNamed(name, 'read'), cursor, signal)
      },

      async write(name, records, options) {
        return writeRecords(deps, name, entityNamed(name, 'write'), records, options)
      },

      async close() {
        // Nothing to release: the HTTP client belongs to the hub, and the token dies with the session.
      },
    }
  },
}
