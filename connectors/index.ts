import { ConfigError, type Connector } from '../src/connector-sdk'
import { csvConnector } from './csv/csv.connector'
import { idocConnector } from './idoc/idoc.connector'
import { odataV4Connector } from './odata-v4/odata-v4.connector'
import { restConnector } from './rest/rest.connector'
import { sapODataConnector } from './sap-odata/sap-odata.connector'
import { trytonConnector } from './tryton/tryton.connector'
import { ublConnector } from './ubl/ubl.connector'

/**
 * The installed connectors, listed by hand: what the hub can talk to is a reviewed decision, not
 * whatever a folder scan finds. Add a connector here and nowhere else.
 */
// Each connector has its own config type; the hub only meets it through configSchema, so `any` is contained.
const installed: ReadonlyArray<Connector<any>> = [restConnector, sapODataConnector, odataV4Connector, csvConnector, trytonConnector, idocConnector, ublConnector]

export const connectorRegistry: ReadonlyMap<string, Connector<any>> = indexByKind(installed)

/** The connector of `kind`; an unknown kind is a configuration error naming the installed ones. */
export function getConnector(kind: string): Connector<any> {
  const connector = connectorRegistry.get(kind)
  if (!connector) {
    const known = [...connectorRegistry.keys()].sort().join(', ')
    throw new ConfigError(`unknown connector kind ${JSON.stringify(kind.slice(0, 100))}; installed kinds: ${known}`, { details: { kind, known: [...connectorRegistry.keys()].sort() } })
  }
  return connector
}

function indexByKind(connectors: ReadonlyArray<Connector<any>>): ReadonlyMap<string, Connector<any>> {
  const byKind = new Map<string, Connector<any>>()
  for (const connector of connectors) {
    // Two connectors under one kind would make stored connections ambiguous.
    if (byKind.has(connector.kind)) throw new Error(`two connectors are installed as kind "${connector.kind}"`)
    byKind.set(connector.kind, connector)
  }
  return byKind
}
