import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { CallerGone, type WebhookAnswer, type WebhookInbox } from '../webhooks/webhook.inbox'

const PREFIX = '/v1/webhooks/'

function send(res: Response, answer: WebhookAnswer): void {
  // Written directly, not through res.json: ERPs read only the status, and the hot path of a webhook
  // burst should not pay for ETags and content negotiation. One write: head and body together.
  const text = 'text' in answer ? answer.text : JSON.stringify(answer.json)
  const headers: Record<string, string | number> = { 'Content-Type': 'text' in answer ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }
  // A refused body may still be arriving: closing the connection ends the upload.
  if (answer.status === 413) headers.Connection = 'close'
  res.writeHead(answer.status, headers).end(text)
}

/**
 * `POST /v1/webhooks/:connectionId`: ERPs authenticate with the connection's signature scheme, not an
 * API key, and the raw bytes are what is signed, so this runs before any body parser or auth.
 */
export function webhooksHandler(inbox: WebhookInbox): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const url = req.url ?? ''
    if (req.method !== 'POST' || !url.startsWith(PREFIX)) return next()
    const q = url.indexOf('?')
    const connectionId = decodeURIComponent(url.slice(PREFIX.length, q < 0 ? undefined : q).replace(/\/$/, ''))
    try {
      send(res, await inbox.receive({ connectionId, headers: req.headers, query: req.query as Record<string, unknown>, body: req, remoteAddress: req.socket.remoteAddress }))
    } catch (err) {
      if (err instanceof CallerGone) return // nobody to answer, nothing stored
      next(err)
    }
  }
}
