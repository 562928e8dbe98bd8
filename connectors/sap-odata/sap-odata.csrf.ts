import type { SapClient } from './sap-odata.client'
import { withQuery } from './sap-odata.query'

/**
 * SAP Gateway's CSRF protection: a modifying request must carry the token that a GET with
 * `X-CSRF-Token: Fetch` handed out, together with the session cookies of that GET (the token is
 * bound to the session). The token and cookies are secrets of the session: they are added to the
 * redactor as soon as they arrive and never logged.
 */
export interface CsrfSession {
  /** The headers a POST needs; fetches a token on first use. */
  headers(signal?: AbortSignal): Promise<Record<string, string>>
  /** Forgets the token and cookies (after a 403), so the next `headers()` fetches a fresh pair. */
  reset(): void
}

export function createCsrfSession(client: SapClient, serviceRootUrl: string, sapClient: string | undefined): CsrfSession {
  let token: string | undefined
  let cookies = new Map<string, string>()
  let fetched = false

  async function fetchToken(signal?: AbortSignal): Promise<void> {
    const url = withQuery(`${serviceRootUrl}/`, sapClient === undefined ? [] : [['sap-client', sapClient]])
    const response = await client.request<string>({ url, headers: { 'X-CSRF-Token': 'Fetch' }, responseType: 'text', signal })
    for (const [name, value] of parseSetCookie(response.headers['set-cookie'])) {
      cookies.set(name, value)
      client.redactor.add(value)
    }
    const answered = response.headers['x-csrf-token']
    // A service that does not check tokens answers none (or "Unsafe"); the POST then goes without one.
    token = answered !== undefined && answered !== '' && answered.toLowerCase() !== 'unsafe' ? answered : undefined
    if (token !== undefined) client.redactor.add(token)
    fetched = true
  }

  return {
    async headers(signal) {
      if (!fetched) await fetchToken(signal)
      const out: Record<string, string> = {}
      if (token !== undefined) out['X-CSRF-Token'] = token
      if (cookies.size > 0) out.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
      return out
    },
    reset() {
      token = undefined
      cookies = new Map()
      fetched = false
    },
  }
}

/**
 * `name=value` pairs of Set-Cookie headers. The SDK's client joins repeated headers with ", ", and an
 * `Expires=Wed, 21 Oct 2026 …` attribute holds a comma too, so the text is split only before a
 * `name=` that starts a new cookie; attributes after the first `;` are dropped.
 */
export function parseSetCookie(header: string | undefined): Array<[string, string]> {
  if (header === undefined || header.trim() === '') return []
  const out: Array<[string, string]> = []
  for (const cookie of header.split(/,\s*(?=[^;,=\s]+=)/)) {
    const pair = cookie.split(';')[0].trim()
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    out.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()])
  }
  return out
}
