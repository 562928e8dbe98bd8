import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { SimulatorAuth } from '../simulator.options'

type AuthOf<T extends SimulatorAuth['type']> = Extract<SimulatorAuth, { type: T }>

/** Returns why the request is refused, or null when it may pass. */
type AuthCheck<T extends SimulatorAuth['type']> = (auth: AuthOf<T>, headers: IncomingHttpHeaders) => string | null

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function authorization(headers: IncomingHttpHeaders, scheme: string): string | null {
  const match = new RegExp(`^${scheme}\\s+(.+)$`, 'i').exec(headers.authorization ?? '')
  return match ? match[1].trim() : null
}

const CHECKS: { [T in SimulatorAuth['type']]: AuthCheck<T> } = {
  none: () => null,
  bearer: (auth, headers) => {
    const token = authorization(headers, 'Bearer')
    if (token === null) return 'missing bearer token (Authorization: Bearer …)'
    return sameSecret(token, auth.token) ? null : 'invalid bearer token'
  },
  basic: (auth, headers) => {
    const encoded = authorization(headers, 'Basic')
    if (encoded === null) return 'missing basic credentials (Authorization: Basic …)'
    const decoded = Buffer.from(encoded, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return 'malformed basic credentials'
    const userOk = sameSecret(decoded.slice(0, colon), auth.username)
    const passwordOk = sameSecret(decoded.slice(colon + 1), auth.password)
    return userOk && passwordOk ? null : 'invalid username or password'
  },
  'api-key': (auth, headers) => {
    const raw = headers[auth.header.toLowerCase()]
    const value = Array.isArray(raw) ? raw[0] : raw
    if (value === undefined) return `missing API key header ${auth.header}`
    return sameSecret(value, auth.value) ? null : `invalid API key in ${auth.header}`
  },
}

export function checkAuth(auth: SimulatorAuth, headers: IncomingHttpHeaders): string | null {
  return (CHECKS[auth.type] as AuthCheck<SimulatorAuth['type']>)(auth, headers)
}

/** The challenge a 401 carries, so clients learn which scheme to use. */
export const CHALLENGES: Readonly<Record<SimulatorAuth['type'], string | undefined>> = {
  none: undefined,
  bearer: 'Bearer realm="erp-simulator"',
  basic: 'Basic realm="erp-simulator", charset="UTF-8"',
  'api-key': undefined,
}
