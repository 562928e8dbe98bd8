import { secret, z } from '../../src/connector-sdk'
import { businessCentralEntities } from './odata-v4.business-central'

/**
 * The `odata-v4` connector's configuration. Every object is strict, so a typo'd key is an issue with
 * its path (`entities.customer.incremental.feild`) instead of a silently ignored setting.
 */

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

const withoutCredentials = (value: string) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === '')

const serviceRootSchema = httpUrl
  .refine(withoutCredentials, 'must not carry credentials: put them in `auth`, which is kept secret')
  .refine((value) => !URL.canParse(value) || (new URL(value).search === '' && new URL(value).hash === ''), 'must not carry a query string or fragment: use the entity `select`, `expand` and `filter`')
  // One spelling, so `${serviceRoot}/${entitySet}` never doubles or loses a slash.
  .transform((value) => value.replace(/\/+$/, ''))

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

// The client secret travels in the token request: never in clear text, except to this machine.
const tokenUrlSchema = httpUrl
  .refine(withoutCredentials, 'must not carry credentials: put them in clientId / clientSecret')
  .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || LOCAL_HOSTS.has(new URL(value).hostname), 'must be https (the client secret is sent to it)')

export const odataAuthSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: secret() }),
    z.strictObject({
      type: z.literal('basic'),
      // RFC 7617: the user-id ends at the first colon, so a colon in it cannot be sent.
      username: z.string().min(1).regex(/^[^:]*$/, 'must not contain ":"'),
      password: secret(),
    }),
    z.strictObject({
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: tokenUrlSchema,
      clientId: z.string().min(1),
      clientSecret: secret(),
      /** Business Central: `https://api.businesscentral.dynamics.com/.default`; Dataverse: `https://<org>.crm.dynamics.com/.default`. */
      scope: z.string().min(1).optional(),
    }),
  ])
  .prefault({ type: 'none' })

// Relative to the service root: an absolute URL here would send the credentials to another host.
const entitySetSchema = z.string().superRefine((value, ctx) => {
  const message = /^[a-z][a-z0-9+.-]*:/i.test(value)
    ? 'must be relative to serviceRoot, not an absolute URL'
    : !/^(?!\/)(?!.*\/\/)[^\s?#]+$/.test(value)
      ? 'must be a path relative to serviceRoot, e.g. customers or companies(…)/customers, without a leading /, spaces or a query string'
      : undefined
  if (message) ctx.addIssue({ code: 'custom', message })
})

// A property name as OData spells it (SimpleIdentifier): also used inside URLs and $filter.
const propertyName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an OData property name such as lastModifiedDateTime')

const queryOption = z.string().trim().min(1)

export const odataIncrementalSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('modified-since'),
    field: propertyName.default('lastModifiedDateTime'),
    // `gt` is exclusive and a long transaction may commit a record stamped before the last run's newest one.
    lookbackMs: z.int().min(0).default(60_000),
  }),
  z.strictObject({ mode: z.literal('delta') }),
])

export const odataWriteSchema = z.strictObject({
  /**
   * The property that carries the hub's idempotency key on a created record (Business Central:
   * `externalDocumentNumber` of salesOrders). Looked up before every POST. Without it, records
   * without a key cannot be created (a retried push could create them twice).
   */
  idempotencyField: propertyName.optional(),
  /** The property's length in the ERP; a longer key is replaced by a digest of that length (BC Code[35]). */
  idempotencyMaxLength: z.int().min(16).max(1000).default(35),
})

export const odataEntitySchema = z
  .strictObject({
    entitySet: entitySetSchema,
    /** The key property: the record's id for the hub, and the key in `entitySet(<key>)` for updates. */
    key: propertyName.default('id'),
    /** How the key is written in a URL: a bare GUID (BC, Dataverse), a quoted string, or a bare integer. */
    keyType: z.enum(['guid', 'string', 'int']).default('guid'),
    select: queryOption.optional(),
    expand: queryOption.optional(),
    /** A static $filter, combined with the incremental one by `and`. */
    filter: queryOption.optional(),
    /** Sent as `Prefer: odata.maxpagesize=N`; the server may page smaller, never larger. */
    pageSize: z.int().min(1).max(20_000).default(1000),
    incremental: odataIncrementalSchema.optional(),
    /** Fields stamped on every record read, e.g. `{ "_location": "MAIN" }`; names start with `_` so they never shadow the ERP's. */
    constants: z.record(z.string(), z.string()).default({}),
    read: z.boolean().default(true),
    write: odataWriteSchema.optional(),
  })
  .superRefine((entity, ctx) => {
    if (!entity.read && !entity.write) ctx.addIssue({ code: 'custom', path: ['read'], message: 'an entity that is not read must be written (set `write`)' })
    if (entity.incremental && !entity.read) ctx.addIssue({ code: 'custom', path: ['incremental'], message: 'only an entity that is read can be incremental' })
    // A 4.0 delta lists changes of expanded entities as separate items that cannot be merged into their parent.
    if (entity.incremental?.mode === 'delta' && entity.expand) {
      ctx.addIssue({ code: 'custom', path: ['incremental', 'mode'], message: 'delta cannot be combined with `expand`: use modified-since for entities read with $expand' })
    }
    // The watermark is read from the records: a $select without the field would never move it.
    if (entity.incremental?.mode === 'modified-since' && entity.select && !selects(entity.select, entity.incremental.field)) {
      ctx.addIssue({ code: 'custom', path: ['select'], message: `must include ${entity.incremental.field} (the incremental field)` })
    }
    for (const name of Object.keys(entity.constants)) {
      if (!CONSTANT_NAME.test(name)) ctx.addIssue({ code: 'custom', path: ['constants', name], message: 'must start with _ followed by a letter, e.g. _location' })
      else if (RESERVED_FIELDS.has(name)) ctx.addIssue({ code: 'custom', path: ['constants', name], message: 'is a field the connector sets itself' })
    }
  })

const CONSTANT_NAME = /^_[A-Za-z][A-Za-z0-9_]*$/

/** Whether a $select list (top level, outside any nested options) names `field` or `*`. */
function selects(select: string, field: string): boolean {
  let depth = 0
  let current = ''
  const items: string[] = []
  for (const ch of select) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      items.push(current.trim())
      current = ''
    } else current += ch
  }
  items.push(current.trim())
  return items.includes(field) || items.includes('*')
}

/** Fields the connector adds to the records it reads (and strips from the records it writes). */
export const RESERVED_FIELDS: ReadonlySet<string> = new Set(['_etag', '_type', '_id', '_deleted', '_reason'])

const ENTITY_NAME = /^[a-z0-9][a-z0-9-]*$/

export const odataConfigSchema = z.strictObject({
  /** e.g. `https://api.businesscentral.dynamics.com/v2.0/<tenant>/<environment>/api/v2.0/companies(<id>)`. */
  serviceRoot: serviceRootSchema,
  auth: odataAuthSchema,
  timeoutMs: z.int().min(100).max(300_000).default(30_000),
  /** Without `entities`, the Business Central API v2.0 set (see odata-v4.business-central.ts). */
  entities: z
    .record(z.string(), odataEntitySchema)
    .superRefine((entities, ctx) => {
      if (Object.keys(entities).length === 0) ctx.addIssue({ code: 'custom', message: 'configure at least one entity' })
      for (const name of Object.keys(entities)) {
        if (!ENTITY_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'must be an entity name such as sales-order' })
      }
    })
    .prefault(businessCentralEntities),
})

export type ODataConfig = z.infer<typeof odataConfigSchema>
/** What a caller may write: defaults filled in by parsing. */
export type ODataConfigInput = z.input<typeof odataConfigSchema>
export type ODataAuth = z.infer<typeof odataAuthSchema>
export type ODataEntity = z.infer<typeof odataEntitySchema>
export type ODataEntityInput = z.input<typeof odataEntitySchema>
export type ODataIncremental = z.infer<typeof odataIncrementalSchema>
