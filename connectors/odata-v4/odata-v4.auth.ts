import type { Clock, HttpClient } from '../../src/connector-sdk'
import type { ODataAuth } from './odata-v4.config'
import type { Redactor } from './odata-v4.redact'
import { createTokenSource } from './odata-v4.token'

/** How a data call is authenticated, and whether a 401 is worth one more try. */
export interface Authorizer {
  headers(signal?: AbortSignal): Promise<Record<string, string>>
  /** After a 401 with `headers`: true when fresh credentials were arranged (a new token), so the call may be retried once. */
  refused(headers: Record<string, string>): boolean
}

export function createAuthorizer(auth: ODataAuth, deps: { http: HttpClient; clock: Clock; timeoutMs: number; redactor: Redactor }): Authorizer {
  switch (auth.type) {
    case 'none':
      return { headers: async () => ({}), refused: () => false }
    case 'bearer':
      return { headers: async () => ({ Authorization: `Bearer ${auth.token}` }), refused: () => false }
    case 'basic': {
      const value = `Basic ${basicCredentials(auth.username, auth.password)}`
      return { headers: async () => ({ Authorization: value }), refused: () => false }
    }
    case 'oauth2-client-credentials': {
      const tokens = createTokenSource(auth, deps)
      return {
        headers: async (signal) => ({ Authorization: `Bearer ${await tokens.token(signal)}` }),
        // A token can be revoked or expire early (clock skew): a new one is fetched once.
        refused: (headers) => {
          tokens.invalidate(headers.Authorization.slice('Bearer '.length))
          return true
        },
      }
    }
  }
}

/** The configured secrets, in every form a server could echo them. */
export function configuredSecrets(auth: ODataAuth): string[] {
  if (auth.type === 'bearer') return [auth.token]
  if (auth.type === 'basic') return [auth.password, basicCredentials(auth.username, auth.password)]
  if (auth.type === 'oauth2-client-credentials') return [auth.clientSecret]
  return []
}

function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}
