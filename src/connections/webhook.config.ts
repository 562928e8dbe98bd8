import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'
import { secret } from '../connector-sdk/secret'

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'must be an HTTP header name' }).transform((h) => h.toLowerCase())
const HubEntity = z.enum(hubEntities as [string, ...string[]])
/** What a webhook event may be about: a hub entity read from the ERP, or a service case the ERP changed. */
const EventEntity = z.enum(['service-case', ...(hubEntities as string[])] as [string, ...string[]])

/**
 * How an ERP proves a webhook call is its own. Three schemes cover what ERPs send:
 * - `hmac-sha256`: an HMAC of the raw body in one header, hex or base64, optionally prefixed
 *   (Shopify: `X-Shopify-Hmac-Sha256`, base64; GitHub style: `sha256=<hex>`);
 * - `timestamped`: `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">` (Stripe style): the time is
 *   signed, so a captured call replayed outside the tolerance window is refused;
 * - `business-central`: no signature; the subscriber echoes a `validationToken` when the subscription
 *   is made or renewed and checks the `clientState` it chose in every notification.
 */
export const SignatureSchema = z.discriminatedUnion('scheme', [
  z.strictObject({
    scheme: z.literal('hmac-sha256'),
    secret: secret(),
    header: headerName.default('x-hub-signature-256'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** Text before the digest, e.g. `sha256=`. */
    prefix: z.string().max(20).default(''),
  }),
  z.strictObject({
    scheme: z.literal('timestamped'),
    secret: secret(),
    header: headerName.default('x-signature'),
    toleranceSeconds: z.number().int().min(1).max(3600).default(300),
  }),
  z.strictObject({
    scheme: z.literal('business-central'),
    clientState: secret(),
  }),
])
export type Signature = z.infer<typeof SignatureSchema>

/** Where a value is: a header, or a dotted path into the event (`''` or `$` is the event itself). */
const Locator = z.union([z.strictObject({ header: headerName }), z.strictObject({ path: z.string() })])

/**
 * How the ERP's names for what changed become hub entities: exact values, or `/regex/` keys tried in
 * order (Business Central's `resource` is a URL such as `…/customers(1234)`).
 */
const EntityRule = z.strictObject({
  from: Locator,
  map: z.record(z.string().min(1), EventEntity),
})

export const WebhookConfigSchema = z.strictObject({
  signature: SignatureSchema,
  /** json (default) or xml bodies; anything else is refused with 400. */
  format: z.enum(['json', 'xml']).default('json'),
  /** The largest body taken; larger ones are refused with 413 before they are read whole. */
  maxBytes: z.number().int().min(256).max(16 * 1024 * 1024).default(1024 * 1024),
  /** Where the ERP puts the event's id (so a redelivery is recognised); without it the body's SHA-256 is the id. */
  eventId: Locator.optional(),
  events: z.strictObject({
    /** A path to an array of events inside the body (Business Central: `value`); default: the body is one event. */
    list: z.string().optional(),
    /** One entity for every event, or a rule that reads it from each. */
    entity: z.union([EventEntity, EntityRule]),
    /**
     * Path of the full record inside the event (`$`: the event is the record, as Shopify sends it).
     * With it the record is applied through the connection's mapping; without it the event only
     * says "this changed" and the hub fetches the entity from the ERP.
     */
    record: z.string().optional(),
    /** Event values that mean "ignore this one", e.g. Business Central's `collection` notices. */
    ignore: z.strictObject({ path: z.string(), values: z.array(z.string()).min(1) }).optional(),
    /**
     * Service cases the ERP announces (e.g. Tryton complaints): where their fields are. A case the hub
     * pushed comes back carrying the hub's idempotency key in `reference` (`erphub:<key>`): it is
     * recognised as the hub's own (an echo) and never pushed again.
     */
    cases: z
      .strictObject({
        id: z.string().default('id'),
        reference: z.string().default('reference'),
        customer: z.string().default('customer'),
        description: z.string().default('description'),
        status: z.strictObject({ path: z.string(), map: z.record(z.string(), z.enum(['open', 'in_progress', 'resolved', 'closed'])) }).optional(),
      })
      .optional(),
  }),
})
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>
export type WebhookConfigInput = z.input<typeof WebhookConfigSchema>

/** Secrets of the webhook section are sealed under this name, apart from the connector config's. */
export function webhookSealId(connectionId: string): string {
  return `${connectionId}/webhook`
}
