import { createHmac } from 'node:crypto'
import type { WebhookScheme } from './webhook.settings'

export const HMAC_HEADER = 'X-Erp-Hmac-Sha256'
export const SIGNATURE_HEADER = 'X-Erp-Signature'

/**
 * The signature header for a raw body. `hmac`: base64 of HMAC-SHA256(secret, body).
 * `timestamped`: `t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, "<t>.<body>")>`; t is real time
 * (not the simulator clock), since receivers compare it with their own clock.
 */
export function signatureHeader(scheme: WebhookScheme, secret: string, body: string, unixSeconds: number): Record<string, string> {
  if (scheme === 'hmac') return { [HMAC_HEADER]: createHmac('sha256', secret).update(body, 'utf8').digest('base64') }
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex')
  return { [SIGNATURE_HEADER]: `t=${unixSeconds},v1=${v1}` }
}
