import { secret, z } from '../../src/connector-sdk'

/**
 * The `rest` connector is configured entirely as data: every object is strict so a typo'd key is an
 * issue with its path (e.g. `entities.customer.pagng`) instead of a silently ignored setting.
 */

// RFC 9110 `token`: anything else makes the HTTP client throw at request time, far from the config.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')
// CR/LF in a header value would let a config inject extra headers.
const headerValue = z.string().regex(/^[^\r\n]*$/, 'must not contain line breaks')
const paramName = z.string().min(1)
// An absolute URL here would send the credentials to another host; paths are appended to baseUrl.
const relativePath = z.string().regex(/^\/(?!\/)/, 'must start with a single / (it is appended to baseUrl)')

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), {
    message: 'must not carry credentials: put them in `auth`, which is kept secret',
  })
  .refine((value) => !URL.canParse(value) || new URL(value).search === '', 'must not carry a query string: use the entity `query`')

export const restAuthSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: secret() }),
    z.strictObject({
      type: z.literal('basic'),
      // RFC 7617: the user-id ends at the first colon, so a colon in it cannot be sent.
      username: z.string().min(1).regex(/^[^:]*$/, 'must not contain ":"'),
      password: secret(),
    }),
    z.strictObject({ type: z.literal('api-key'), header: headerName.default('X-API-Key'), value: secret() }),
  ])
  .prefault({ type: 'none' })

export const restPagingSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({
      type: z.literal('page'),
      pageParam: paramName.default('page'),
      sizeParam: paramName.default('per_page'),
      firstPage: z.int().min(0).default(1),
    }),
    z.strictObject({ type: z.literal('offset'), offsetParam: paramName.default('offset'), limitParam: paramName.default('limit') }),
    z.strictObject({
      type: z.literal('cursor'),
      cursorParam: paramName.default('cursor'),
      sizeParam: paramName.default('limit'),
      nextCursorPath: z.string().min(1).default('next_cursor'),
    }),
    z.strictObject({
      type: z.literal('next-link'),
      sizeParam: paramName.optional(),
      /** Where the body holds the next URL; without it the RFC 8288 `Link: <…>; rel="next"` header is read. */
      nextLinkPath: z.string().min(1).optional(),
    }),
  ])
  .prefault({ type: 'cursor' })

export const restIncrementalSchema = z.strictObject({
  param: paramName.default('updated_since'),
  field: z.string().min(1).default('updated_at'),
  format: z.enum(['iso', 'epoch-ms', 'epoch-s']).default('iso'),
  lookbackMs: z.int().min(0).default(0),
  /**
   * The upper bound of the same filter (`updated_before`, Shopify's `updated_at_max`), sent only to
   * count a time bucket or re-read one window; ordinary reads have no upper bound. Without it the
   * entity cannot be counted or read by window.
   */
  untilParam: paramName.optional(),
  /**
   * The ERP reads `untilParam` as "at or before" (most `…_max` params): the bound sent is then one
   * unit earlier. Absent means exclusive ("before"), like `updated_before`.
   */
  untilInclusive: z.boolean().optional(),
})

/**
 * How to ask the ERP how many records changed in a time range, for gap checks. The range goes in
 * `incremental.param` and `incremental.untilParam`; the number comes back in the body (`total`,
 * `meta.total`, `@odata.count`, OData v2's `__count`) or in a header (`X-Total-Count`).
 */
export const restCountSchema = z
  .strictObject({
    /**
     * A dedicated count endpoint (`/customers/count`). Without it the entity's own list is asked for
     * its smallest page (size 1 through the paging's size param), which most APIs answer with the total.
     */
    path: relativePath.optional(),
    /** Static params of the count request on top of the entity's `query` (`$count=true`, `$top=0`); they win over the size param. */
    query: z.record(paramName, z.string()).default({}),
    /** Dotted path of the total in the body; a key containing dots (`@odata.count`) is looked up whole first. */
    totalPath: z.string().min(1).optional(),
    /** Response header holding the total, e.g. `X-Total-Count`. */
    totalHeader: headerName.optional(),
  })
  .superRefine((count, ctx) => {
    if ((count.totalPath === undefined) === (count.totalHeader === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name where the total is: exactly one of totalPath (in the body) or totalHeader' })
    }
  })

export const restEntitySchema = z
  .strictObject({
    path: relativePath,
    recordsPath: z.string().default('data'),
    idField: z.string().min(1).default('id'),
    pageSize: z.int().min(1).max(10_000).default(100),
    query: z.record(paramName, z.string()).default({}),
    paging: restPagingSchema,
    incremental: restIncrementalSchema.optional(),
    count: restCountSchema.optional(),
  })
  .superRefine((entity, ctx) => {
    // A static param with the same name as one the connector sets would be silently overwritten.
    for (const [name, field] of controlledParams(entity)) {
      if (name in entity.query) ctx.addIssue({ code: 'custom', path: ['query', name], message: `clashes with ${field}` })
    }
    const inc = entity.incremental
    if (inc?.untilParam !== undefined && inc.untilParam === inc.param) {
      ctx.addIssue({ code: 'custom', path: ['incremental', 'untilParam'], message: 'must differ from incremental.param (one is the lower bound, the other the upper)' })
    }
    if (!entity.count) return
    // A count is of a time range: without both bounds of the change-time filter there is nothing to count by.
    if (!inc) ctx.addIssue({ code: 'custom', path: ['count'], message: 'needs incremental: a count is of records changed in a time range' })
    else if (inc.untilParam === undefined) ctx.addIssue({ code: 'custom', path: ['incremental', 'untilParam'], message: 'is required by count: the param that bounds the change time from above (e.g. updated_before)' })
    for (const [name, field] of [[inc?.param, 'incremental.param'], [inc?.untilParam, 'incremental.untilParam']] as const) {
      if (name !== undefined && name in entity.count.query) ctx.addIssue({ code: 'custom', path: ['count', 'query', name], message: `clashes with ${field}` })
    }
  })

export const restConfigSchema = z
  .strictObject({
    baseUrl: baseUrlSchema,
    auth: restAuthSchema,
    timeoutMs: z.int().min(100).max(300_000).default(30_000),
    headers: z.record(headerName, headerValue).default({}),
    /** check() target; without it check() reads one record of the first entity. */
    checkPath: relativePath.optional(),
    entities: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must be an entity name such as sales-order'), restEntitySchema)
      .refine((entities) => Object.keys(entities).length > 0, 'configure at least one entity'),
  })
  .superRefine((config, ctx) => {
    const authHeader = authHeaderName(config.auth)
    if (!authHeader) return
    for (const name of Object.keys(config.headers)) {
      if (name.toLowerCase() === authHeader.toLowerCase()) {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: `is set by auth (${config.auth.type}); remove it here` })
      }
    }
  })

export type RestConfig = z.infer<typeof restConfigSchema>
/** What a caller may write: defaults filled in by parsing. */
export type RestConfigInput = z.input<typeof restConfigSchema>
export type RestAuth = z.infer<typeof restAuthSchema>
export type RestPaging = z.infer<typeof restPagingSchema>
export type RestIncremental = z.infer<typeof restIncrementalSchema>
export type RestEntity = z.infer<typeof restEntitySchema>
export type RestCount = z.infer<typeof restCountSchema>

function authHeaderName(auth: RestAuth): string | undefined {
  if (auth.type === 'api-key') return auth.header
  if (auth.type === 'bearer' || auth.type === 'basic') return 'Authorization'
  return undefined
}

/** The query params the connector itself sets for an entity, with the config field that names each. */
function controlledParams(entity: Pick<RestEntity, 'paging' | 'incremental'>): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const p = entity.paging
  if (p.type === 'page') out.push([p.pageParam, 'paging.pageParam'], [p.sizeParam, 'paging.sizeParam'])
  if (p.type === 'offset') out.push([p.offsetParam, 'paging.offsetParam'], [p.limitParam, 'paging.limitParam'])
  if (p.type === 'cursor') out.push([p.cursorParam, 'paging.cursorParam'], [p.sizeParam, 'paging.sizeParam'])
  if (p.type === 'next-link' && p.sizeParam) out.push([p.sizeParam, 'paging.sizeParam'])
  if (entity.incremental) out.push([entity.incremental.param, 'incremental.param'])
  if (entity.incremental?.untilParam !== undefined) out.push([entity.incremental.untilParam, 'incremental.untilParam'])
  return out
}
