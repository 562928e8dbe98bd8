import type { ConnectorRegistry } from '../../connections/connection.service'
import { apiRoles, type ApiRole } from '../../store/api-key.repo'
import { can } from '../auth.middleware'
import { ref, JsonSchemas, type JsonSchema } from './json-schema.convert'
import { pathParamNames, permissionsOf, type Access, type Answer, type CatalogueEntry, type RouteGroupInfo } from './route.catalogue'
import { nameSharedComponents } from './shared.components'

export interface OpenApiSource {
  groups: readonly RouteGroupInfo[]
  /** The installed connectors: a connection's config is documented as their config schemas. */
  registry: ConnectorRegistry
  version: string
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> }
export type Operation = Record<string, unknown> & { 'x-erphub-roles'?: ApiRole[] }

const KEYED = [{ bearerApiKey: [] }, { apiKeyHeader: [] }]

const SHARED_RESPONSES = {
  BadRequest: { status: 400, description: 'The request does not match its schema: `details.issues` names each offending field.' },
  Unauthenticated: { status: 401, description: 'No API key, or an unknown or revoked one.' },
  Forbidden: { status: 403, description: "The key's role may not do this (see `x-erphub-roles`)." },
  NotFound: { status: 404, description: "No such resource in the key's tenant (a foreign or malformed id is a 404 too)." },
} as const

/** Express `/v1/x/:id` → OpenAPI `/v1/x/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}')
}

/** The roles holding every permission the route names. */
export function rolesFor(access: Access): ApiRole[] {
  const needed = permissionsOf(access)
  return apiRoles.filter((role) => needed.every((p) => can(role, p)))
}

/** `get /v1/campaigns/:id/results` → `getCampaignsByIdResults`. */
function operationId(entry: CatalogueEntry): string {
  const words = entry.path
    .split('/')
    .filter((s) => s && s !== 'v1')
    .map((s) => (s.startsWith(':') ? `by-${s.slice(1)}` : s))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  return entry.method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')
}

/** Query or path parameters from an object schema's properties. */
function parametersOf(json: JsonSchema, where: 'query' | 'path', routeLabel: string): Record<string, unknown>[] {
  const properties = json.properties as Record<string, JsonSchema> | undefined
  if (json.type !== 'object' || !properties) throw new Error(`${routeLabel}: the ${where} schema must be an object`)
  const required = new Set((json.required as string[] | undefined) ?? [])
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest }
  })
}

function answerContent(answer: Answer, schemas: JsonSchemas): Record<string, unknown> | undefined {
  if (answer.empty) return undefined
  const mediaType = answer.mediaType ?? 'application/json'
  if (!mediaType.includes('json')) return { [mediaType]: { schema: { type: 'string' } } }
  let schema: JsonSchema = answer.schema ? schemas.of(answer.schema) : { type: 'object' }
  if (answer.page) schema = answer.schema ? { allOf: [{ $ref: ref('Page') }, { properties: { data: { items: schema } } }] } : { $ref: ref('Page') }
  return { [mediaType]: { schema } }
}

function errorResponse(description: string): Record<string, unknown> {
  return { description, content: { 'application/json': { schema: { $ref: ref('Error') } } } }
}

function describe(entry: CatalogueEntry, roles: ApiRole[]): string {
  const { spec } = entry
  const lines = spec.description ? [spec.description] : []
  if (spec.access === 'public') lines.push('No API key.')
  else if (spec.access === 'signature') lines.push("No API key: the connection's signature scheme authenticates the ERP.")
  else lines.push(`Roles: ${roles.join(', ')} (${permissionsOf(spec.access).join(' and ')}).`)
  if (spec.escalate) lines.push(`${spec.escalate.description}: also ${spec.escalate.permission} (${rolesFor(spec.escalate.permission).join(', ')}).`)
  return lines.join('\n\n')
}

function operationOf(entry: CatalogueEntry, schemas: JsonSchemas): Operation {
  const { spec } = entry
  const label = `${entry.method.toUpperCase()} ${entry.path}`
  const names = pathParamNames(entry.path)
  const paramSchema = spec.params ? schemas.of(spec.params) : { type: 'object', properties: {} }
  const declared = parametersOf(paramSchema, 'path', label)
  const pathParameters = names.map((name) => declared.find((p) => p.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } })
  const queryParameters = spec.query ? parametersOf(schemas.of(spec.query), 'query', label) : []

  const bodySchema = spec.body ?? (spec.parsedBody && 'safeParse' in spec.parsedBody ? spec.parsedBody : undefined)
  let requestBody: Record<string, unknown> | undefined
  // A missing JSON body is parsed as {} (request.validate.ts): the body is optional when {} is accepted.
  if (bodySchema) requestBody = { required: !bodySchema.safeParse({}).success, content: { 'application/json': { schema: schemas.of(bodySchema) } } }
  else if (spec.parsedBody) requestBody = { required: true, content: { 'application/json': { schema: { type: 'object', description: (spec.parsedBody as { description: string }).description } } } }
  if (spec.rawBody) requestBody = { required: true, description: spec.rawBody.description, content: Object.fromEntries(spec.rawBody.mediaTypes.map((m) => [m, {}])) }

  const responses: Record<string, unknown> = {}
  for (const answer of spec.answers) {
    const content = answerContent(answer, schemas)
    responses[String(answer.status ?? 200)] = { description: answer.description, ...(content ? { content } : {}) }
  }
  const keyed = spec.access !== 'public' && spec.access !== 'signature'
  const shared = (name: keyof typeof SHARED_RESPONSES, applies: boolean) => {
    const status = String(SHARED_RESPONSES[name].status)
    if (applies && !responses[status]) responses[status] = { $ref: `#/components/responses/${name}` }
  }
  for (const [status, description] of Object.entries(spec.errors ?? {})) responses[status] = errorResponse(description)
  shared('BadRequest', Boolean(spec.params || spec.query || requestBody))
  shared('Unauthenticated', keyed)
  shared('Forbidden', keyed)
  shared('NotFound', keyed && names.length > 0)
  responses.default = errorResponse('Any other error; `retryable` says whether the same request may succeed later.')

  const roles = keyed ? rolesFor(spec.access) : []
  return {
    tags: [entry.tag],
    operationId: operationId(entry),
    summary: spec.summary,
    description: describe(entry, roles),
    ...(keyed ? {} : { security: [] }),
    ...(pathParameters.length + queryParameters.length ? { parameters: [...pathParameters, ...queryParameters] } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    'x-erphub-auth': keyed ? 'api-key' : spec.access === 'public' ? 'none' : 'connection-signature',
    ...(keyed ? { 'x-erphub-permissions': permissionsOf(spec.access), 'x-erphub-roles': roles } : {}),
    ...(spec.escalate ? { 'x-erphub-escalation': { permission: spec.escalate.permission, when: spec.escalate.description, roles: rolesFor(spec.escalate.permission) } } : {}),
  }
}

/** The OpenAPI 3.1 document of every catalogued route, its request schemas converted from the zod schemas that parse them. */
export function buildOpenApi(source: OpenApiSource): OpenApiDocument {
  const schemas = new JsonSchemas()
  nameSharedComponents(schemas, source.registry)
  const tags = new Map<string, string>()
  const paths: Record<string, Record<string, Operation>> = {}
  for (const group of source.groups) {
    if (!tags.has(group.tag.name)) tags.set(group.tag.name, group.tag.description)
    for (const entry of group.routes) {
      const path = openApiPath(entry.path)
      const item = (paths[path] ??= {})
      if (item[entry.method]) throw new Error(`${entry.method.toUpperCase()} ${entry.path} is catalogued twice`)
      item[entry.method] = operationOf(entry, schemas)
    }
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)))
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'erphub API',
      version: source.version,
      description: [
        'The ERP integration hub: connections to ERPs, syncs, quarantine, golden customers, CRM, availability, knowledge base and scorecard.',
        'Every `/v1` request carries an API key of one tenant: `Authorization: Bearer ehk_…` or `X-API-Key: ehk_…`; a role decides what it may do (`x-erphub-roles` on each operation).',
        'Errors are `{ "error": { "code", "message", "retryable", "details" } }`.',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'this hub' }],
    security: KEYED,
    tags: [...tags].map(([name, description]) => ({ name, description })),
    paths: sortedPaths,
    components: {
      securitySchemes: {
        bearerApiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'ehk_… API key', description: 'An API key as a bearer token.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in its own header.' },
      },
      responses: Object.fromEntries(Object.entries(SHARED_RESPONSES).map(([name, r]) => [name, errorResponse(r.description)])),
      schemas: schemas.components,
    },
  }
}
