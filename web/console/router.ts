import { useEffect, useState } from 'preact/hooks'

/**
 * Hash routing (`#/customers/<id>?tab=orders`): the server serves one page at /console, and a
 * reload or a shared link opens the same view.
 */

export interface Location {
  path: string
  query: URLSearchParams
}

export function currentLocation(): Location {
  const raw = location.hash.replace(/^#/, '') || '/'
  const [path, search = ''] = raw.split('?', 2)
  return { path: path || '/', query: new URLSearchParams(search) }
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(currentLocation)
  useEffect(() => {
    const onChange = () => setLoc(currentLocation())
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return loc
}

export function navigate(to: string): void {
  location.hash = to.startsWith('#') ? to : `#${to}`
}

/** `#/path` with a query, leaving out empty values. */
export function href(path: string, query?: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const text = params.toString()
  return `#${path}${text ? `?${text}` : ''}`
}

/** Matches `/campaigns/:id` against a path; the parameters decoded, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const s = path.split('/').filter(Boolean)
  if (p.length !== s.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i])
    else if (p[i] !== s[i]) return null
  }
  return params
}
