/**
 * The console's one way to the hub: fetch on this origin with the signed-in key as a bearer token.
 * Every failure becomes an ApiError holding the hub's code, message and field issues, so pages can
 * show which field was wrong and why.
 */

export interface FieldIssue {
  path: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export interface Page<T> {
  data: T[]
  total: number
  limit: number
  offset: number
}

export type Query = Record<string, string | number | boolean | undefined | null>

const KEY_STORAGE = 'erphub.apiKey'
let apiKey: string | null = sessionStorage.getItem(KEY_STORAGE)
const signedOut = new Set<() => void>()

export function currentKey(): string | null {
  return apiKey
}

export function setKey(key: string | null): void {
  apiKey = key
  if (key) sessionStorage.setItem(KEY_STORAGE, key)
  else sessionStorage.removeItem(KEY_STORAGE)
}

/** Called when the hub stops accepting the key (revoked while the page was open). */
export function onSignedOut(listener: () => void): () => void {
  signedOut.add(listener)
  return () => signedOut.delete(listener)
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const text = params.toString()
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, key = apiKey): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (key) headers.Authorization = `Bearer ${key}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(withQuery(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch (err) {
    throw new ApiError(0, 'network', `the hub could not be reached (${err instanceof Error ? err.message : String(err)})`)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    if (!res.ok) throw new ApiError(res.status, 'http', `${res.status} ${res.statusText}`)
    return text as T
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: { issues?: FieldIssue[] } } } | undefined)?.error
    const err = new ApiError(res.status, e?.code ?? 'http', e?.message ?? `${res.status} ${res.statusText}`, e?.details?.issues ?? [], e?.details)
    if (res.status === 401 && key === apiKey && key) for (const listener of signedOut) listener()
    throw err
  }
  return json as T
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}, query?: Query) => request<T>('POST', path, body, query),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
  /** A request with a key that is not (yet) the session's: the sign-in check. */
  withKey: <T>(key: string, path: string) => request<T>('GET', path, undefined, undefined, key),
}

/** The signed-in key's identity, from GET /v1/me. */
export interface Session {
  keyId: string
  keyName: string
  role: string
  tenant: { id: string; slug: string; name: string }
  permissions: string[]
}

export function can(session: Session | null, permission: string): boolean {
  return !!session && session.permissions.includes(permission)
}
