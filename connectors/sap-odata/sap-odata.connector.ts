import { ConfigError, type Connector, type EntityCapabilities, type Session } from '../../src/connector-sdk'
import { createSapClient } from './sap-odata.client'
import { sapODataConfigSchema, type SapEntity, type SapODataConfig } from './sap-odata.config'
import { createCsrfSession, type CsrfSession } from './sap-odata.csrf'
import { keyPath } from './sap-odata.derive'
import { entitySetUrl, serviceUrl, withQuery } from './sap-odata.query'
import { readEntity } from './sap-odata.read'
import { readODataPage } from './sap-odata.records'
import { writeRecords } from './sap-odata.write'

/**
 * SAP S/4HANA (and any SAP Gateway) OData v2 services: reads entity sets as JSON with server-driven
 * (`__next`) or `$top`/`$skip` paging and `$filter` on a last-change field, and creates records
 * (sales orders by default) with the CSRF token dance and an idempotency marker.
 */
export const sapODataConnector: Connector<SapODataConfig> = {
  kind: 'sap-odata',
  version: '1.0.0',
  configSchema: sapODataConfigSchema,

  entities(config) {
    const out: Record<string, EntityCapabilities> = {}
    for (const [name, entity] of Object.entries(config.entities)) {
      out[name] = { key: keyPath(entity), can: { read: true, ...(entity.write ? { write: true as const } : {}) }, incremental: entity.incremental !== null }
    }
    return out
  },

  async connect(config, ctx): Promise<Session> {
    const client = createSapClient(config, ctx)
    const logger = ctx.logger.child({ connector: 'sap-odata' })
    const csrfByService = new Map<string, CsrfSession>()
    const csrf = (entity: SapEntity): CsrfSession => {
      const root = serviceUrl(config, entity)
      let session = csrfByService.get(root)
      if (!session) csrfByService.set(root, (session = createCsrfSession(client, root, config.sapClient)))
      return session
    }
    const entityOf = (name: string): SapEntity => {
      const entity = Object.hasOwn(config.entities, name) ? config.entities[name] : undefined
      if (!entity) throw new ConfigError(`the sap-odata connection has no entity ${JSON.stringify(name)}; configured: ${Object.keys(config.entities).join(', ')}`)
      return entity
    }

    return {
      async check(signal) {
        signal?.throwIfAborted()
        // One record's key of the first entity: proves credentials, sap-client, service, entity set and key fields.
        const [name, entity] = Object.entries(config.entities)[0]
        const query: Array<[string, string]> = [['$format', 'json']]
        if (config.sapClient !== undefined) query.push(['sap-client', config.sapClient])
        query.push(['$select', entity.keyFields.join(',')], ['$top', '1'])
        const response = await client.request<unknown>({ url: withQuery(entitySetUrl(config, entity), query), signal })
        readODataPage(response.data, `GET ${response.path}`, { truncatedNavigation: () => undefined })
        logger.debug({ entity: name, path: response.path }, 'check passed')
      },

      read(name, cursor, signal) {
        return readEntity({ client, config, logger }, name, entityOf(name), cursor, signal)
      },

      async write(name, records, { idempotencyKey, signal }) {
        return writeRecords({ client, config, csrf, logger }, name, entityOf(name), records, idempotencyKey, signal)
      },

      async close() {
        // Nothing to release: the HTTP client belongs to the hub; the CSRF session dies with this object.
        csrfByService.clear()
      },
    }
  },
}
