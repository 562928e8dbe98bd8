import type { RestAuth } from './rest.config'

/** The headers that authenticate every request. */
export function authHeaders(auth: RestAuth): Record<string, string> {
  if (auth.type === 'bearer') return { Authorization: `Bearer ${auth.token}` }
  if (auth.type === 'basic') return { Authorization: `Basic ${basicCredentials(auth.username, auth.password)}` }
  if (auth.type === 'api-key') return { [auth.header]: auth.value }
  return {}
}

/**
 * Every form in which a credential could come back to us (an ERP that echoes the token in an error
 * body, a proxy that echoes the header), so it can be blotted out of messages before they leave.
 */
export function credentialForms(auth: RestAuth): string[] {
  const raw =
    auth.type === 'bearer' ? [auth.token]
    : auth.type === 'basic' ? [auth.password, basicCredentials(auth.username, auth.password)]
    : auth.type === 'api-key' ? [auth.value]
    : []
  const forms = new Set<string>()
  for (const value of raw) {
    forms.add(value)
    forms.add(encodeURIComponent(value))
  }
  // Longest first, so a form containing another is blotted out whole.
  return [...forms].filter((f) => f !== '').sort((a, b) => b.length - a.length)
}

function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}
