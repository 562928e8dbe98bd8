/**
 * The stable error codes of the hub. A code says what the caller must do; its HTTP status lives here
 * too so that one mapper (src/api/error.mapper.ts) turns any HubError into a response.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, retryable: false },
  unauthenticated: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  connector_config: { status: 422, retryable: false },
  connector_auth: { status: 422, retryable: false },
  rate_limited: { status: 503, retryable: true },
  transient: { status: 503, retryable: true },
  malformed_response: { status: 502, retryable: true },
  invalid_document: { status: 422, retryable: false },
  mapping_invalid: { status: 422, retryable: false },
  superseded: { status: 409, retryable: false },
  unavailable: { status: 503, retryable: true },
  internal: { status: 500, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>

export type ErrorCode = keyof typeof errorCatalogue
