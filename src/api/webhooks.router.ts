import { Router } from 'express'
import type { WebhookInbox } from '../webhooks/webhook.inbox'

/**
 * `POST /v1/webhooks/:connectionId`: ERPs authenticate with the connection's signature scheme, not an
 * API key, and the raw bytes are what is signed, so this route is mounted before any body parser.
 */
export function webhooksRouter(inbox: WebhookInbox): Router {
  const r = Router()
  r.post('/:connectionId', async (req, res) => {
    const answer = await inbox.receive({ connectionId: req.params.connectionId, headers: req.headers, query: req.query as Record<string, unknown>, body: req, remoteAddress: req.socket.remoteAddress })
    if ('text' in answer) {
      res.status(answer.status).type('text/plain').send(answer.text)
      return
    }
    // A refused body may still be arriving: closing the connection saves reading the rest.
    if (answer.status === 413) res.set('Connection', 'close')
    res.status(answer.status).json(answer.json)
  })
  return r
}
