import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'

/**
 * SAP Gateway explains a refusal in the body: `{"error":{"code":"…","message":{"lang":"en","value":"…"},
 * "innererror":{…}}}` in JSON, or `<error><code>…</code><message xml:lang="en">…</message></error>`
 * in XML. The SDK's client has already chosen the error class from the status (what the hub must do)
 * and kept the start of the body in the message; this puts SAP's code and text in front, so an
 * operator reads "SAP error SD_VBAK/012: Sold-to party 1 not defined" instead of raw JSON.
 */

export interface SapErrorBody {
  code?: string
  message?: string
}

// The SDK's message is `${method} ${path} answered ${status}: ${body snippet}`.
const ANSWER = /^(\S+) (\S+) answered (\d{3}): ([\s\S]*)$/
// The snippet may be cut at 300 characters, so the JSON is read field by field when it does not parse.
const JSON_CODE = /"code"\s*:\s*"((?:[^"\\]|\\.)*)"/
const JSON_MESSAGE_VALUE = /"message"\s*:\s*\{[^{}]*?"value"\s*:\s*"((?:[^"\\]|\\.)*)"/
const JSON_MESSAGE_TEXT = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/
const XML_CODE = /<(?:\w+:)?code>([^<]*)<\/(?:\w+:)?code>/
const XML_MESSAGE = /<(?:\w+:)?message(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?message>/

/** SAP's code and message from an error body (JSON, possibly truncated, or XML); undefined when it is neither. */
export function parseSapErrorBody(body: string): SapErrorBody | undefined {
  const text = body.trim()
  if (text.startsWith('{')) {
    const code = JSON_CODE.exec(text)?.[1]
    const message = (JSON_MESSAGE_VALUE.exec(text) ?? JSON_MESSAGE_TEXT.exec(text))?.[1]
    if (code === undefined && message === undefined) return undefined
    return { ...(code === undefined ? {} : { code: jsonString(code) }), ...(message === undefined ? {} : { message: jsonString(message) }) }
  }
  if (text.startsWith('<') && /<(?:\w+:)?error[\s>]/.test(text)) {
    const code = XML_CODE.exec(text)?.[1]
    const message = XML_MESSAGE.exec(text)?.[1]
    if (code === undefined && message === undefined) return undefined
    return { ...(code === undefined ? {} : { code: xmlText(code) }), ...(message === undefined ? {} : { message: xmlText(message) }) }
  }
  return undefined
}

/**
 * The same error, same class, with SAP's code and message in front; errors without an SAP body (a
 * timeout, an HTML page) come back unchanged. The original stays as the cause.
 */
export function explainSapError(err: unknown): unknown {
  if (!(err instanceof AuthError || err instanceof ConfigError || err instanceof RateLimited || err instanceof Transient || err instanceof MalformedResponse)) return err
  const answer = ANSWER.exec(err.message)
  if (!answer) return err
  const [, method, path, status, body] = answer
  const sap = parseSapErrorBody(body)
  if (!sap) return err
  const said = [sap.code, sap.message].filter((part) => part !== undefined && part !== '').join(': ')
  const message = `${method} ${path} answered ${status}: SAP error ${said}`
  const details = { ...(isObject(err.details) ? err.details : {}), status: Number(status), ...(sap.code ? { sapCode: sap.code } : {}) }
  if (err instanceof RateLimited) return new RateLimited(message, err.retryAfterMs, { cause: err })
  if (err instanceof AuthError) return new AuthError(message, { cause: err, details })
  if (err instanceof ConfigError) return new ConfigError(message, { cause: err, details })
  if (err instanceof Transient) return new Transient(message, { cause: err, details })
  return new MalformedResponse(message, { cause: err, details })
}

/** The HTTP status an SDK error was raised for, when it says. */
export function statusOf(err: unknown): number | undefined {
  const details = (err as { details?: unknown })?.details
  if (isObject(details) && typeof details.status === 'number') return details.status
  const answer = err instanceof Error ? ANSWER.exec(err.message) : null
  return answer ? Number(answer[3]) : undefined
}

function jsonString(escaped: string): string {
  try {
    return JSON.parse(`"${escaped}"`) as string
  } catch {
    return escaped
  }
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' }

function xmlText(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (entity) => XML_ENTITIES[entity]).trim()
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
