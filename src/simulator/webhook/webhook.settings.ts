import { z } from 'zod'
import { ValidationError } from '../../errors/hub-error'
import { zodIssues } from '../../errors/zod-issues'

/**
 * Where and how the simulator announces its changes. The two schemes are the two families real
 * platforms use: `hmac` signs the raw body alone (Shopify), `timestamped` signs "<t>.<body>" and
 * sends t alongside, so a receiver can also refuse replays of old deliveries (Stripe).
 */
export const webhookSettingsSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  secret: z.string().min(1),
  scheme: z.enum(['hmac', 'timestamped']),
  /** Share of events delivered a second time, byte for byte (at-least-once delivery, as ERPs do it). */
  duplicateRate: z.number().min(0).max(1).default(0),
  /** Events are held in groups of this size and each group is shuffled before sending; 1 keeps change order. */
  reorderWindow: z.number().int().min(1).max(10_000).default(1),
  /** POSTs in flight at once. */
  concurrency: z.number().int().min(1).max(256).default(4),
  /** Further attempts after a failed POST (non-2xx, network error, no answer) before the event is given up. */
  retries: z.number().int().min(0).max(10).default(3),
  /** Restarts the duplicate and reorder RNGs; without it, streams derived from the simulator's seed. */
  seed: z.number().int().optional(),
})

export type WebhookSettings = z.input<typeof webhookSettingsSchema>
export type ResolvedWebhookSettings = z.output<typeof webhookSettingsSchema>
export type WebhookScheme = ResolvedWebhookSettings['scheme']

export function parseWebhookSettings(settings: unknown): ResolvedWebhookSettings {
  const parsed = webhookSettingsSchema.safeParse(settings)
  if (!parsed.success) {
    // Named in the message too: an in-process caller sees it in the thrown error, not an HTTP body.
    const issues = zodIssues(parsed.error)
    throw new ValidationError(`invalid webhook settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  }
  return parsed.data
}

/**
 * What the emitter has done since the simulator started (across reconfigurations). Once
 * flushWebhooks() has settled, produced = delivered + failed.
 */
export interface WebhookStats {
  /** Whether changes currently produce events. */
  enabled: boolean
  /** Where new events go; never the secret. */
  url: string | null
  scheme: WebhookScheme | null
  /** Events made from changes. */
  produced: number
  /** POSTs made: first attempts, retries and duplicates. */
  sent: number
  /** Events acknowledged with a 2xx (each at most once, however often it was sent). */
  delivered: number
  /** Extra byte-identical copies POSTed (per duplicateRate). */
  duplicatesSent: number
  /** Events given up after every retry failed. */
  failed: number
  /** Events produced but not yet delivered (with their duplicate, if any) or given up. */
  pending: number
  /** Ids of the delivered events, in the order they were acknowledged. */
  deliveredIds: string[]
}
