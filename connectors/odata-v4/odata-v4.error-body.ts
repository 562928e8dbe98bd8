import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient, z, type ConnectorError } from '../../src/connector-sdk'

/**
 * OData error bodies (`{"error":{"code","message","target","details":[…],"innererror":…}}`), read
 * back out of the SDK's errors. The SDK client throws on every status ≥ 400 and keeps only the
 * first 300 characters of the body, in its message (`GET <path> answered 400: <body>`); so the body
 * is parsed whole when it fits and, when it was cut, `code` and `message` are taken from its start
 * (where OData writes them). `innererror` is not copied into the message or details: it holds
 * server stack traces (the SDK's own error, kept as the cause, may still show its start).
 */

export interface ODataErrorInfo {
  code: string
  message: string
  target?: string
  details?: Array<{ code?: string; message?: string; target?: string }>
}

const errorBody = z.object({
  error: z.object({
    code: z.union([z.string(), z.number()]).transform(String),
    message: z.string(),
    target: z.string().optional(),
    details: z.array(z.object({ code: z.union([z.string(), z.number()]).transform(String).optional(), message: z.string().optional(), target: z.string().optional() })).optional(),
  }),
})

const statusDetails = z.object({ status: z.number(), method: z.string().optional(), path: z.string().optional() })

/** The status and body the SDK put in an error, when it was an HTTP error response. */
export function responseOf(err: unknown): { status: number; body: string } | undefined {
  if (!(err instanceof Error)) return undefined
  const details = statusDetails.safeParse((err as { details?: unknown }).details)
  const status = details.success ? details.data.status : statusFromMessage(err.message)
  if (status === undefined) return undefined
  const at = err.message.indexOf(` answered ${status}: `)
  return { status, body: at < 0 ? '' : err.message.slice(at + ` answered ${status}: `.length) }
}

// RateLimited carries no status in its details; its message still says it.
function statusFromMessage(message: string): number | undefined {
  const match = / answered (\d{3}): /.exec(message)
  return match ? Number(match[1]) : undefined
}

const translated = z.object({
  odata: z.object({
    code: z.string(),
    message: z.string(),
    target: z.string().optional(),
    details: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), target: z.string().optional() })).optional(),
  }),
})

/** The OData error an error carries: already read by withODataError, or still in the SDK's message. */
export function odataErrorOf(err: unknown): ODataErrorInfo | undefined {
  const done = translated.safeParse((err as { details?: unknown } | undefined)?.details)
  if (done.success) return dropUndefined(done.data.odata)
  const response = responseOf(err)
  return response ? readODataError(response.body) : undefined
}

/** The OData error in a (possibly cut) body, or undefined when the body is something else. */
export function readODataError(body: string): ODataErrorInfo | undefined {
  const text = body.endsWith('…') ? body.slice(0, -1) : body
  try {
    const parsed = errorBody.safeParse(JSON.parse(text))
    if (parsed.success) return dropUndefined(parsed.data.error)
  } catch {
    // Cut short by the SDK: read what is there.
  }
  if (!/^\s*\{\s*"error"\s*:\s*\{/.test(text)) return undefined
  // Only the error's own fields: the nested details and innererror have codes and messages too.
  const nested = text.search(/"(details|innererror)"\s*:/)
  const own = nested < 0 ? text : text.slice(0, nested)
  const code = stringField(own, 'code')
  const message = stringField(own, 'message')
  if (code === undefined && message === undefined) return undefined
  const target = stringField(own, 'target')
  return { code: code ?? '', message: message ?? '', ...(target === undefined ? {} : { target }) }
}

/** The first `"name": "…"` (or a number) in `text`; a string cut off at the end is returned as far as it goes, with `…`. */
function stringField(text: string, name: string): string | undefined {
  const match = new RegExp(`"${name}"\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)("?)|(-?\\d+))`).exec(text)
  if (!match) return undefined
  if (match[3] !== undefined) return match[3]
  const raw = match[1]
  try {
    return JSON.parse(`"${raw}"`) + (match[2] === '' ? '…' : '')
  } catch {
    return raw + (match[2] === '' ? '…' : '')
  }
}

function dropUndefined(error: z.infer<typeof errorBody>['error'] | z.infer<typeof translated>['odata']): ODataErrorInfo {
  const out: ODataErrorInfo = { code: error.code, message: error.message }
  if (error.target !== undefined) out.target = error.target
  if (error.details !== undefined) out.details = error.details
  return out
}

/**
 * The same error, of the same class (what the hub must do does not change), with the OData code and
 * message in front and in `details.odata`, so a person reads "BadRequest_NotFound: The customer …"
 * instead of a JSON fragment.
 */
export function withODataError(err: ConnectorError, context: { method: string; path: string }): ConnectorError {
  const response = responseOf(err)
  if (!response) return err
  const odata = readODataError(response.body)
  if (!odata) return err
  const message = `${context.method} ${context.path} answered ${response.status}: OData error ${odata.code}: ${odata.message}`
  const details = { status: response.status, method: context.method, path: context.path, odata }
  if (err instanceof RateLimited) return new RateLimited(message, err.retryAfterMs, { cause: err })
  if (err instanceof AuthError) return new AuthError(message, { cause: err, details })
  if (err instanceof Transient) return new Transient(message, { cause: err, details })
  if (err instanceof MalformedResponse) return new MalformedResponse(message, { cause: err, details })
  if (err instanceof ConfigError) return new ConfigError(message, { cause: err, details })
  return err
}
