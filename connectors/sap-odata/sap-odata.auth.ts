import type { SapODataConfig } from './sap-odata.config'

/** The headers that authenticate every request: basic credentials and, when configured, the API key. */
export function authHeaders(config: Pick<SapODataConfig, 'auth' | 'apiKey'>): Record<string, string> {
  const headers: Record<string, string> = {}
  if (config.auth.type === 'basic') headers.Authorization = `Basic ${basicCredentials(config.auth.username, config.auth.password)}`
  if (config.apiKey) headers[config.apiKey.header] = config.apiKey.value
  return headers
}

/**
 * Every form in which a configured credential could come back to us (a gateway that echoes the
 * header in an error page, a URL-encoded echo), so it can be blotted out of messages.
 */
export function credentialForms(config: Pick<SapODataConfig, 'auth' | 'apiKey'>): string[] {
  const raw: string[] = []
  if (config.auth.type === 'basic') raw.push(config.auth.password, basicCredentials(config.auth.username, config.auth.password))
  if (config.apiKey) raw.push(config.apiKey.value)
  return raw
}

function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}
