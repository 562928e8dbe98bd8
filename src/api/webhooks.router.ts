import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Logger } from '../connector-sdk/connector.contract'
import { CallerGone, type WebhookAnswer, type WebhookInbox } from '../webhooks/webhook.inbox'
import { toHubError } from './error.mapper'

const PREFIX = '/v1/webhooks/'

/** True for the requests `handleWebhook` serves. */
export function isWebhookCall(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '').startsWith(PREFIX)
}

function send(res: ServerResponse, answer: WebhookAnswer): void {
  // Written directly: ERPs read only the status, and a webhook burst should not pay for ETags and
  // content negotiation. One write: head and body together.
  const text = 'text' in answer ? answer.text : JSON.stringify(answer.json)
  const headers: Record<string, string | number> = { 'Content-Type': 'text' in answer ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }
  // A refused body may still be arriving: closing the connection ends the upload.
  if (answer.status === 413) headers.Connection = 'close'
  res.writeHead(answer.status, headers).end(text)
}

/**
 * `POST /v1/webhooks/:connectionId` on the bare node:http request: ERPs authenticate with the
 * connection's signature scheme, not an API key, and the raw bytes are what is signed, so no body
 * parser or auth runs first. The API server hands these calls here before express (the hot path of a
 * webhook burst); what is not an answer (a bug, a database down) is mapped as express would.
 */
export async function handleWebhook(inbox: WebhookInbox, req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<void> {
  const url = req.url ?? ''
  const q = url.indexOf('?')
  const connectionId = decodeURIComponent(url.slice(PREFIX.length, q < 0 ? undefined : q).replace(/\/$/, ''))
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)))
  try {
    send(res, await inbox.receive({ connectionId, headers: req.headers, query, body: req, remoteAddress: req.socket.remoteAddress }))
  } catch (err) {
    if (err instanceof CallerGone) return // nobody to answer, nothing stored
    const e = toHubError(err, logger, { method: 'POST', path: url.split('?')[0] })
    if (!res.headersSent) {
      const text = JSON.stringify({ error: e.toJSON() })
      res.writeHead(e.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text)
    }
  }
}

/** The same, as express middleware (for an app served without the fast path). */
export function webhooksHandler(inbox: WebhookInbox, logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isWebhookCall(req)) return next()
    void handleWebhook(inbox, req, res, logger)
  }
}
