import type { ErrorRequestHandler } from 'express'
import type { Logger } from '../connector-sdk/connector.contract'
import { HubError } from '../errors/hub-error'

/** Any thrown value as the HubError the client is shown (unknown errors are logged and hidden). */
export function toHubError(err: unknown, logger: Logger, where: { method?: string; path?: string }): HubError {
  let hubError: HubError
  if (err instanceof HubError) hubError = err
  else if ((err as { type?: string })?.type === 'entity.parse.failed') hubError = new HubError('validation_failed', `the request body is not valid JSON: ${(err as Error).message}`)
  else if ((err as { type?: string })?.type === 'entity.too.large') hubError = new HubError('payload_too_large', `the request body is larger than ${(err as { limit?: number }).limit} bytes`)
  else {
    logger.error({ err: (err as Error)?.stack ?? String(err), ...where }, 'unhandled error')
    hubError = new HubError('internal', 'internal error')
  }
  if (hubError.status >= 500) logger.warn({ code: hubError.code, msg: hubError.message, ...where }, 'request failed')
  return hubError
}

/** The one place where errors become HTTP: the status comes from the code catalogue. */
export function errorMapper(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const hubError = toHubError(err, logger, { method: req.method, path: req.path })
    res.status(hubError.status).json({ error: hubError.toJSON() })
  }
}
