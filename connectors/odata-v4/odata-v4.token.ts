import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient, z, type Clock, type HttpClient, type HttpRequest } from '../../src/connector-sdk'
import type { ODataAuth } from './odata-v4.config'
import { readOAuthError } from './odata-v4.oauth-error'
import type { Redactor } from './odata-v4.redact'

type ClientCredentials = Extract<ODataAuth, { type: 'oauth2-client-credentials' }>

/** An access token for the data calls, fetched when needed and kept until shortly before it expires. */
export interface TokenSource {
  token(signal?: AbortSignal): Promise<string>
  /** The server refused `token` (a 401): the next call fetches a new one, unless another caller already has. */
  invalidate(token: string): void
}

// Azure AD answers `expires_in` as a number (v2 endpoint) or a numeric string (v1 endpoint).
const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
})

/** Refresh this long before the server's expiry (or at half the lifetime of a short-lived token). */
export const REFRESH_MARGIN_MS = 60_000

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4), as Microsoft Entra ID serves them for Business
 * Central and Dataverse. One token per session, shared by concurrent calls (one request in flight at
 * a time); a token without `expires_in` is kept until the server refuses it.
 */
export function createTokenSource(auth: ClientCredentials, deps: { http: HttpClient; clock: Clock; timeoutMs: number; redactor: Redactor }): TokenSource {
  let cached: { token: string; refreshAt: number } | undefined
  let pending: Promise<string> | undefined

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const response = await requestToken(auth, deps, signal)
    const parsed = tokenResponse.safeParse(response)
    if (!parsed.success) {
      throw new MalformedResponse(`POST ${safeUrl(auth.tokenUrl)} answered without a usable access token (${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')})`)
    }
    const { access_token: token, token_type: type, expires_in: expiresIn } = parsed.data
    // Register before anything else can echo it.
    deps.redactor.add(token)
    if (type !== undefined && type.toLowerCase() !== 'bearer') {
      throw new AuthError(`POST ${safeUrl(auth.tokenUrl)} issued a ${JSON.stringify(type.slice(0, 40))} token; only bearer tokens can be used`)
    }
    const now = deps.clock.now().getTime()
    const lifetimeMs = expiresIn === undefined ? Infinity : expiresIn * 1000
    cached = { token, refreshAt: now + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) }
    return token
  }

  return {
    async token(signal) {
      if (cached && deps.clock.now().getTime() < cached.refreshAt) return cached.token
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined
      })
      return pending
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined
    },
  }
}

/**
 * The token request. The body is form-encoded as RFC 6749 requires; see the connector's docs for the
 * SDK change this needs (its client sends every body as JSON today).
 */
export function tokenRequest(auth: ClientCredentials, timeoutMs: number, signal?: AbortSignal): HttpRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret })
  if (auth.scope !== undefined) form.set('scope', auth.scope)
  return {
    method: 'POST',
    url: auth.tokenUrl,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
    timeoutMs,
    signal,
  }
}

async function requestToken(auth: ClientCredentials, deps: { http: HttpClient; timeoutMs: number; redactor: Redactor }, signal?: AbortSignal): Promise<unknown> {
  try {
    const response = await deps.http.request<unknown>(tokenRequest(auth, deps.timeoutMs, signal))
    return response.data
  } catch (err) {
    if (signal?.aborted && err === signal.reason) throw err
    throw deps.redactor.error(classifyTokenFailure(err, auth.tokenUrl))
  }
}

/**
 * A refused token request is the credentials' fault (invalid_client, unauthorized_client,
 * invalid_scope …) whatever 4xx the identity provider chose; throttling and outages stay retryable.
 */
function classifyTokenFailure(err: unknown, tokenUrl: string): unknown {
  if (err instanceof RateLimited || err instanceof Transient || err instanceof MalformedResponse) return err
  if (err instanceof AuthError || err instanceof ConfigError) {
    const refusal = readOAuthError(err)
    const why = refusal ? `: ${refusal.error}${refusal.description ? ` (${refusal.description})` : ''}` : ''
    return new AuthError(`the token endpoint ${safeUrl(tokenUrl)} refused the client credentials${why}`, { cause: err, details: { tokenUrl: safeUrl(tokenUrl), ...(refusal ? { oauth: refusal } : {}) } })
  }
  return err
}

function safeUrl(url: string): string {
  const u = new URL(url)
  return `${u.origin}${u.pathname}`
}
