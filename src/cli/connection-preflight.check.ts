import { connectionIssues, validateWatch, type ConnectionDeps } from '../connections/connection.service'
import type { Schedule, Watch } from '../connections/connection.schema'
import type { Connector } from '../connector-sdk/connector.contract'
import type { FieldIssue } from '../errors/hub-error'

/**
 * What the connection service checks against the hub itself (mapping files, served entities, a
 * watched folder) before it writes, asked here before anything is written, so a plan — and a dry
 * run — reports it with the others instead of stopping an apply half way. The service asks the same
 * again when it writes (src/connections/connection.service.ts).
 */
export async function preflightIssues(
  deps: Pick<ConnectionDeps, 'mappings'>,
  connector: Connector<any>,
  config: unknown,
  input: { kind: string; mappings: Record<string, string>; schedule: Schedule; watch: Watch | null },
): Promise<FieldIssue[]> {
  return [...connectionIssues(deps, input.kind, connector, config, input.mappings, input.schedule), ...(await validateWatch(connector, input.watch))]
}
