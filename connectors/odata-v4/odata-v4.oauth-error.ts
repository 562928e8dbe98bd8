import { z } from '../../src/connector-sdk'
import { responseOf } from './odata-v4.error-body'

/** An RFC 6749 §5.2 error response: `{"error":"invalid_client","error_description":"…"}`. */
export interface OAuthRefusal {
  error: string
  description?: string
}

const refusal = z.object({ error: z.string().min(1), error_description: z.string().optional() })

// Entra ID descriptions run long (trace and correlation ids); the start says what went wrong.
const MAX_DESCRIPTION = 200

/** The OAuth error in an SDK error's body, when the identity provider sent one. */
export function readOAuthError(err: unknown): OAuthRefusal | undefined {
  const response = responseOf(err)
  if (!response) return undefined
  const body = response.body.endsWith('…') ? response.body.slice(0, -1) : response.body
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    // Cut short by the SDK: the error code comes first in every provider's answer.
    const match = /^\s*\{\s*"error"\s*:\s*"([a-z_]+)"/.exec(body)
    return match ? { error: match[1] } : undefined
  }
  const found = refusal.safeParse(parsed)
  if (!found.success) return undefined
  const description = found.data.error_description
  return {
    error: found.data.error,
    ...(description === undefined ? {} : { description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION)}…` : description }),
  }
}
