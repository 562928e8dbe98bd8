import { z, type Connector, type EntityName, type JsonObject, type WriteOutcome } from '../../src/connector-sdk'

/**
 * A connector for an ERP the tests only write to: the entities it takes (keyed as named), what a write
 * and a lookup answer. Registered in a test hub's registry next to the real connectors; the outbox,
 * the push job and the services above them are the real ones.
 */
export function writeOnlyConnector(
  kind: string,
  keys: Record<string, string>,
  erp: {
    write(entity: EntityName, records: JsonObject[], idempotencyKey: string): Promise<WriteOutcome[]>
    lookup?(entity: EntityName, idempotencyKey: string): Promise<{ externalId: string } | null>
  },
): Connector<Record<string, never>> {
  return {
    kind,
    version: '1.0.0',
    configSchema: z.object({}).strict() as never,
    entities: () => Object.fromEntries(Object.entries(keys).map(([entity, key]) => [entity, { key, can: { write: true as const } }])),
    async connect() {
      return {
        async check() {},
        // eslint-disable-next-line require-yield
        async *read() {
          throw new Error('writes only')
        },
        write: (entity, records, { idempotencyKey }) => erp.write(entity, records, idempotencyKey),
        ...(erp.lookup ? { lookup: (entity: EntityName, idempotencyKey: string) => erp.lookup!(entity, idempotencyKey) } : {}),
        async close() {},
      }
    },
  }
}
