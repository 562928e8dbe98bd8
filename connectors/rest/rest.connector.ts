import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { createRestClient } from './rest.client'
import { restConfigSchema, type RestConfig } from './rest.config'
import { pagingStrategy } from './rest.paging'
import { countRange, readRange } from './rest.range'
import { readEntity } from './rest.read'
import { extractRecords } from './rest.records'

/**
 * A generic JSON-over-HTTP connector configured entirely as data: base URL, auth, paging, an
 * incremental param and a path per entity. Read-only: APIs differ too much in how they accept
 * writes (and how they make them idempotent) for one declarative shape to cover them safely.
 */
export const restConnector: Connector<RestConfig> = {
  kind: 'rest',
  version: '1.0.0',
  configSchema: restConfigSchema,

  entities(config) {
    const out: Record<string, EntityCapabilities> = {}
    for (const [name, entity] of Object.entries(config.entities)) {
      out[name] = { key: entity.idField, can: { read: true }, incremental: entity.incremental !== undefined }
    }
    return out
  },

  async connect(config, ctx): Promise<Session> {
    const client = createRestClient(config, ctx)
    const logger = ctx.logger.child({ connector: 'rest' })
    const entityOf = (entityName: string) => {
      const entity = Object.hasOwn(config.entities, entityName) ? config.entities[entityName] : undefined
      if (!entity) throw new ConfigError(`the rest connection has no entity ${JSON.stringify(entityName)}; configured: ${Object.keys(config.entities).join(', ')}`)
      return entity
    }
    return {
      async check(signal) {
        signal?.throwIfAborted()
        if (config.checkPath) {
          await client.get(config.checkPath, {}, signal)
          return
        }
        // One record of the first entity: proves the credentials and that recordsPath finds records.
        const [name, entity] = Object.entries(config.entities)[0]
        const paging = pagingStrategy(entity.paging, config.baseUrl)
        const request = paging.request(paging.first, { path: entity.path, params: entity.query, pageSize: 1 })
        const response = await client.get(request.url, request.params, signal)
        extractRecords(response.data, entity.recordsPath, response.path)
        logger.debug({ entity: name, path: response.path }, 'check passed')
      },

      read(entityName, cursor, signal) {
        return readEntity({ client, baseUrl: config.baseUrl, logger }, entityName, entityOf(entityName), cursor, signal)
      },

      // Both need `incremental.untilParam`; count also `count` (see rest.range.ts).
      async count(entityName, range, signal) {
        return countRange({ client, baseUrl: config.baseUrl, logger }, entityName, entityOf(entityName), range, signal)
      },

      readWindow(entityName, range, signal) {
        return readRange({ client, baseUrl: config.baseUrl, logger }, entityName, entityOf(entityName), range, signal)
      },

      async close() {
        // Nothing to release: the HTTP client belongs to the hub.
      },
    }
  },
}
