import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  /** The raw body, exactly as it arrived (signatures are over these bytes). */
  raw: string
  body: { id: string; type: string; entity: string; occurredAt: string; data: { id: string; updated_at: string } & Record<string, unknown> }
}

/** How the receiver answers one POST; the default acknowledges with 200. `hold` never answers. */
export type Respond = (hook: ReceivedWebhook, attempt: number) => number | 'hold'

export interface WebhookReceiver {
  url: string
  /** Every POST that arrived, in arrival order (retries and duplicates included). */
  received: ReceivedWebhook[]
  /** The POSTs that were acknowledged with a 2xx, in arrival order. */
  acknowledged: ReceivedWebhook[]
  close(): Promise<void>
}

/** A tiny node:http endpoint standing in for the hub's webhook intake. */
export async function startReceiver(respond: Respond = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const acknowledged: ReceivedWebhook[] = []
  const attempts = new Map<string, number>()
  const held: ServerResponse[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const hook: ReceivedWebhook = { headers: req.headers, raw, body: JSON.parse(raw) as ReceivedWebhook['body'] }
      received.push(hook)
      const attempt = (attempts.get(hook.body.id) ?? 0) + 1
      attempts.set(hook.body.id, attempt)
      const status = respond(hook, attempt)
      if (status === 'hold') return void held.push(res)
      if (status >= 200 && status < 300) acknowledged.push(hook)
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/erp`,
    received,
    acknowledged,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Checks a Shopify-style signature the way a receiver must: over the raw bytes, in constant time. */
export function verifyHmac(secret: string, raw: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false
  const expected = createHmac('sha256', secret).update(raw, 'utf8').digest()
  const given = Buffer.from(header, 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Checks a Stripe-style `t=…,v1=…` signature; returns t (unix seconds) when it is valid, else null. */
export function verifyTimestamped(secret: string, raw: string, header: string | string[] | undefined): number | null {
  if (typeof header !== 'string') return null
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  if (!match) return null
  const expected = createHmac('sha256', secret).update(`${match[1]}.${raw}`, 'utf8').digest()
  const given = Buffer.from(match[2], 'hex')
  return timingSafeEqual(given, expected) ? Number(match[1]) : null
}
