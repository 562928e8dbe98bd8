import { secret, z } from '../../src/connector-sdk'
import { presetNames, S4_PRESETS } from './sap-odata.presets'

/**
 * Configuration of the `sap-odata` connector. Every object is strict, so a typo'd key is an issue
 * with its path (`entities.sales-order.expnd`). Entities named like a hub entity start from the S/4
 * preset in sap-odata.presets.ts; parsing resolves them into complete entity settings, and parsing
 * that output again gives the same config (the hub stores the parsed config and re-parses it).
 */

// RFC 9110 `token`; anything else makes the HTTP client throw at request time, far from the config.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')
const property = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an OData property name such as SalesOrder')
const navPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a navigation path such as to_Item or to_Item/to_ScheduleLine')
const serviceName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.]*(\/[A-Za-z0-9_][A-Za-z0-9_.]*)*(;[a-z]+=[A-Za-z0-9]+)*$/, 'must be an OData service name such as API_SALES_ORDER_SRV (or API_X;v=0002)')
const orderByItem = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*( (asc|desc))?$/, 'must be a property, optionally followed by " asc" or " desc"')
// The static $filter is sent as written; a line break could never be part of a URL.
const filterText = z.string().trim().min(1).regex(/^[^\r\n]*$/, 'must not contain line breaks')
const scalar = z.union([z.string(), z.number(), z.boolean()])

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), {
    message: 'must not carry credentials: put them in `auth`, which is kept secret',
  })
  .refine((value) => !URL.canParse(value) || (new URL(value).search === '' && new URL(value).hash === ''), 'must not carry a query string: use `sapClient`')

export const sapAuthSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({
      type: z.literal('basic'),
      // RFC 7617: the user-id ends at the first colon, so a colon in it cannot be sent.
      username: z.string().min(1).regex(/^[^:]*$/, 'must not contain ":"'),
      password: secret(),
    }),
  ])
  .prefault({ type: 'none' })

export const sapIncrementalSchema = z
  .strictObject({
    /** The last-change property filtered on and read back for the watermark. */
    field: property,
    /** Read when `field` is empty (records never changed since creation), and OR-ed into the filter. */
    createdField: property.optional(),
    /** Edm type of the property: `datetimeoffset'…Z'` or `datetime'…'` literals. */
    type: z.enum(['datetimeoffset', 'datetime']).default('datetimeoffset'),
    operator: z.enum(['gt', 'ge']).optional(),
    lookbackMs: z.int().min(0).max(31 * 24 * 3_600_000).default(0),
  })
  // A date-only field must be compared with `ge`, or a whole day of changes is skipped.
  .transform((inc) => ({ ...inc, operator: inc.operator ?? (inc.type === 'datetime' ? ('ge' as const) : ('gt' as const)) }))

export const sapWriteSchema = z.strictObject({
  /** The creatable property that carries the idempotency key, looked up before every create. */
  idempotencyField: property.default('PurchaseOrderByCustomer'),
  /** Its MaxLength in $metadata; longer keys are replaced by a hash of that length. */
  maxLength: z.int().min(8).max(255).default(35),
})

export const sapDerivedSchema = z.union([
  z.strictObject({ join: z.array(property).min(1), separator: z.string().max(5).default('/') }),
  z.strictObject({ firstSet: z.array(property).min(1) }),
  z.strictObject({
    pick: property,
    where: z.record(property, scalar).refine((w) => Object.keys(w).length > 0, 'name at least one property to match'),
    field: property,
  }),
])

/** Derived fields are the connector's own: the leading `_` keeps them apart from SAP's PascalCase properties. */
const derivedName = z
  .string()
  .regex(/^_[A-Za-z0-9_]+$/, 'must start with "_" (SAP property names never do)')
  .refine((name) => name !== '_key', '"_key" is the composite key the connector sets itself')

export const sapEntityInputSchema = z.strictObject({
  service: serviceName.optional(),
  entitySet: property.optional(),
  keyFields: z.array(property).min(1).optional(),
  expand: z.array(navPath).optional(),
  select: z.array(navPath).min(1).nullable().optional(),
  filter: filterText.nullable().optional(),
  orderBy: z.array(orderByItem).min(1).nullable().optional(),
  pageSize: z.int().min(1).max(5000).optional(),
  paging: z.enum(['auto', 'server']).optional(),
  inlineCount: z.boolean().optional(),
  incremental: sapIncrementalSchema.nullable().optional(),
  write: sapWriteSchema.nullable().optional(),
  derived: z.record(derivedName, sapDerivedSchema).optional(),
})

export type SapEntityInput = z.input<typeof sapEntityInputSchema>
export type SapIncremental = z.output<typeof sapIncrementalSchema>
export type SapWrite = z.output<typeof sapWriteSchema>
export type SapDerived = z.output<typeof sapDerivedSchema>

/** One entity with every setting resolved; `null` means the setting is off. */
export interface SapEntity {
  service: string
  entitySet: string
  keyFields: string[]
  expand: string[]
  select: string[] | null
  filter: string | null
  /** Sent as $orderby so $skip paging is stable; defaults to the key fields. */
  orderBy: string[] | null
  pageSize: number
  paging: 'auto' | 'server'
  inlineCount: boolean
  incremental: SapIncremental | null
  write: SapWrite | null
  derived: Record<string, SapDerived>
}

const entityName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must be an entity name such as sales-order')
const required = ['service', 'entitySet', 'keyFields'] as const

export const sapODataConfigSchema = z
  .strictObject({
    baseUrl: baseUrlSchema,
    /** Where the services sit under baseUrl. */
    servicePath: z
      .string()
      .regex(/^(\/[A-Za-z0-9_.~-]+)+$/, 'must be a path such as /sap/opu/odata/sap')
      .default('/sap/opu/odata/sap'),
    auth: sapAuthSchema,
    /** SAP API Business Hub sandbox style key, sent as a header on every request. */
    apiKey: z.strictObject({ header: headerName.default('APIKey'), value: secret() }).optional(),
    /** The SAP client (mandant), sent as the `sap-client` query param. */
    sapClient: z.string().regex(/^\d{3}$/, 'must be three digits such as 100').optional(),
    timeoutMs: z.int().min(100).max(300_000).default(30_000),
    entities: z
      .record(entityName, sapEntityInputSchema)
      .default(() => Object.fromEntries(presetNames.map((name) => [name, {}])))
      .refine((entities) => Object.keys(entities).length > 0, 'configure at least one entity'),
  })
  .superRefine((config, ctx) => {
    for (const [name, entity] of Object.entries(config.entities)) {
      const missing = Object.hasOwn(S4_PRESETS, name) ? [] : required.filter((key) => entity[key] === undefined)
      for (const key of missing) {
        ctx.addIssue({ code: 'custom', path: ['entities', name, key], message: `is required: "${name}" has no S/4 preset (presets: ${presetNames.join(', ')})` })
      }
      if (missing.length > 0) continue
      // Without its key the hub cannot tell records apart; without the last-change field no watermark moves.
      const resolved = resolveEntity(name, entity)
      const needed = [...resolved.keyFields, ...(resolved.incremental ? [resolved.incremental.field, resolved.incremental.createdField ?? []].flat() : [])]
      const unselected = resolved.select ? needed.filter((field) => !resolved.select!.includes(field)) : []
      if (unselected.length > 0) ctx.addIssue({ code: 'custom', path: ['entities', name, 'select'], message: `must include ${unselected.join(', ')} (the key and last-change fields)` })
    }
    if (config.apiKey && config.auth.type === 'basic' && config.apiKey.header.toLowerCase() === 'authorization') {
      ctx.addIssue({ code: 'custom', path: ['apiKey', 'header'], message: 'is set by basic auth; choose another header' })
    }
  })
  .transform((config) => ({
    ...config,
    entities: Object.fromEntries(Object.entries(config.entities).map(([name, entity]) => [name, resolveEntity(name, entity)])) as Record<string, SapEntity>,
  }))

export type SapODataConfig = z.output<typeof sapODataConfigSchema>
/** What a caller may write: presets and defaults are filled in by parsing. */
export type SapODataConfigInput = z.input<typeof sapODataConfigSchema>
export type SapAuth = z.output<typeof sapAuthSchema>

/** The preset under the connection's own settings; only called once the required keys are known to exist. */
function resolveEntity(name: string, input: z.output<typeof sapEntityInputSchema>): SapEntity {
  const preset = Object.hasOwn(S4_PRESETS, name) ? sapEntityInputSchema.parse(S4_PRESETS[name]) : {}
  const merged = { ...preset, ...dropUndefined(input) }
  const keyFields = merged.keyFields as string[]
  return {
    service: merged.service as string,
    entitySet: merged.entitySet as string,
    keyFields,
    expand: merged.expand ?? [],
    select: merged.select ?? null,
    filter: merged.filter ?? null,
    orderBy: merged.orderBy === undefined ? [...keyFields] : merged.orderBy,
    pageSize: merged.pageSize ?? 500,
    paging: merged.paging ?? 'auto',
    inlineCount: merged.inlineCount ?? false,
    incremental: merged.incremental ?? null,
    write: merged.write ?? null,
    derived: merged.derived ?? {},
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
