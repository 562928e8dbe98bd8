import { createHmac } from 'node:crypto'

/** `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`, as a Stripe-style ERP signs. */
export function timestampedSignature(secret: string, body: string | Buffer, atSeconds = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${atSeconds}.`).update(body).digest('hex')
  return `t=${atSeconds},v1=${v1}`
}

/** base64 HMAC of the raw body, as Shopify signs (`X-Shopify-Hmac-Sha256`). */
export function hmacBase64(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}
