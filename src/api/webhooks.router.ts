import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { z } from 'zod'
import type { Logger } from '../connector-sdk/connector.contract'
import { SignatureSchema } from '../connections/webhook.config'
import { CallerGone, type WebhookAnswer, type WebhookInbox } from '../webhooks/webhook.inbox'
import { toHubError } from './error.mapper'
import { routeGroup, type RouteGroupInfo } from './openapi/route.catalogue'

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

/** What the inbox reads of the query: Business Central's subscription handshake. */
const WebhookQuery = z.object({ validationToken: z.string().optional() })

/** The webhook route in the catalogue: served by `handleWebhook` before express, so listed rather than mounted. */
export function webhooksCatalogue(): RouteGroupInfo {
  const api = routeGroup('/v1/webhooks', { name: 'Webhooks', description: "ERPs announcing changes as they happen, signed by their connection's scheme." })
  const schemes = SignatureSchema.options.map((o) => `\`${o.shape.scheme.value}\``).join(', ')
  api.external('post', '/:connectionId', {
    summary: 'Receive an ERP webhook',
    description: `Signed by the connection's webhook signature scheme (${schemes}; see the connection's \`webhook\` settings), over the raw bytes. Answered once the event is in PostgreSQL. Business Central's \`?validationToken=\` is echoed as text.`,
    access: 'signature',
    query: WebhookQuery,
    rawBody: { description: "the ERP's event, JSON or XML as the connection's `webhook.format` says", mediaTypes: ['application/json', 'application/xml'] },
    answers: [
      { status: 202, description: '`{ receiptId, duplicate: false }`: the event is stored' },
      { status: 200, description: '`{ receiptId, duplicate: true }` for an event already received, or the validation token echoed as text/plain' },
    ],
    errors: {
      400: 'malformed JSON or XML, or XML with a DTD',
      401: 'bad, missing or stale signature',
      404: 'no such connection, or it takes no webhooks',
      413: "over the connection's `maxBytes`",
    },
  })
  return api.router.catalogue
}
