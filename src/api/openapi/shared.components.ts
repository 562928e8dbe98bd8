import type { ConnectorRegistry } from '../../connections/connection.service'
import { ConnectionCreateSchema } from '../../connections/connection.schema'
import { WebhookConfigSchema } from '../../connections/webhook.config'
import { FieldSchema, MAX_CONDITION_DEPTH, OrdersSchema, RfmSchema, SegmentConditionSchema, SegmentRefSchema } from '../../crm/segment-rules'
import { errorCatalogue } from '../../errors/error-codes'
import { ref, type JsonSchema, type JsonSchemas } from './json-schema.convert'

/**
 * The components every operation shares: the error envelope (its codes from the error catalogue),
 * a page of a list, and the schemas whose rules live in code rather than in their zod shape (a
 * connection's config is checked against its connector's schema; a segment condition is picked by
 * its key). Each is named once here, and every use of it in a request schema becomes a `$ref`.
 */
export function nameSharedComponents(schemas: JsonSchemas, registry: ConnectorRegistry): void {
  schemas.define('FieldIssue', {
    type: 'object',
    description: 'One offending value: `path` names it from the request part (`query.from`, `offers[0].responseRate`, `(root)`).',
    properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
    required: ['path', 'message'],
  })
  schemas.define('Error', {
    type: 'object',
    description: 'Every error: `code` says what the caller must do; a bad request names each field in `details.issues`.',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: Object.keys(errorCatalogue) },
          message: { type: 'string', description: 'for people; the code is what is stable' },
          retryable: { type: 'boolean', description: 'whether the same request may succeed later' },
          details: {
            description: 'safe-to-show detail: for validation_failed `{ issues: FieldIssue[] }`; limits and ids otherwise',
            type: 'object',
            properties: { issues: { type: 'array', items: { $ref: ref('FieldIssue') } } },
          },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  })
  schemas.define('Page', {
    type: 'object',
    description: 'A page of a list, newest or strongest first as the operation says.',
    properties: {
      data: { type: 'array', items: { type: 'object' } },
      total: { type: 'integer', description: 'how many match, over every page' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
    required: ['data', 'total', 'limit', 'offset'],
  })

  // A condition is picked by its one key, in code: the kinds are the schemas the code picks from; groups nest them.
  const condition = { $ref: ref('SegmentCondition') }
  const group = (key: string, value: JsonSchema): JsonSchema => ({ type: 'object', properties: { [key]: value }, required: [key], additionalProperties: false })
  const list = { type: 'array', minItems: 1, items: condition }
  schemas.name('SegmentCondition', SegmentConditionSchema, {
    description: `A condition: an object with exactly one kind key. \`all\`, \`any\` and \`not\` group conditions, at most ${MAX_CONDITION_DEPTH} deep.`,
    oneOf: [schemas.of(FieldSchema), schemas.of(RfmSchema), schemas.of(OrdersSchema), schemas.of(SegmentRefSchema), group('all', list), group('any', list), group('not', condition)],
  })

  schemas.name('WebhookConfig', ConnectionCreateSchema.shape.webhook.unwrap(), { ...schemas.of(WebhookConfigSchema), description: 'How the ERP signs and shapes its webhook calls (secrets are shown as ********; send the mask back to keep one).' })

  const kinds = [...registry.keys()].sort()
  const configs = kinds.map((kind) => schemas.name(`ConnectorConfig.${kind}`, registry.get(kind)!.configSchema))
  schemas.name('ConnectorConfig', ConnectionCreateSchema.shape.config, {
    description: `Checked against the config schema of the connector that \`kind\` names (${kinds.join(', ')}); secrets are sealed at rest and shown as ********.`,
    anyOf: configs.map(($ref) => ({ $ref })),
  })
}
