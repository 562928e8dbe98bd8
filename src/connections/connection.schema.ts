import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'
import { KNOWN_COUNTRIES } from '../identity/normalise/countries'

const EntityName = z.enum(hubEntities as [string, ...string[]])

export const ScheduleSchema = z
  .object({
    /** Default interval of every entity's sync. */
    everySeconds: z.number().int().min(5).max(7 * 24 * 3600).optional(),
    /** Per entity: an interval, or null to sync it only on demand. */
    entities: z.partialRecord(EntityName, z.number().int().min(5).max(7 * 24 * 3600).nullable()).optional(),
    /**
     * A periodic gap check of every incremental entity whose connector can count: ERP and hub counts
     * compared per bucket over the last `days`, differing buckets re-read (src/sync/gap-check.sync.ts).
     */
    gapCheck: z
      .object({
        everyMinutes: z.number().int().min(5).max(7 * 24 * 60),
        bucketMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
        days: z.number().int().min(1).max(366).default(7),
      })
      .strict()
      .optional(),
  })
  .strict()
export type Schedule = z.infer<typeof ScheduleSchema>

export const WatchSchema = z
  .object({
    /** An absolute folder the hub can read and write (files are moved out of it once taken). */
    dir: z.string().startsWith('/', 'must be an absolute path'),
    /** A file name pattern with `*` and `?`, e.g. `*.xml`; default: every file. */
    pattern: z.string().min(1).default('*'),
    everySeconds: z.number().int().min(5).max(3600).default(30),
  })
  .strict()
export type Watch = z.infer<typeof WatchSchema>

/** This ERP's request budget, shared by every job that calls it; absent values take the hub's defaults. */
export const LimitsSchema = z
  .object({
    ratePerSecond: z.number().positive().max(100_000).optional(),
    burst: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
export type Limits = z.infer<typeof LimitsSchema>

export const ConnectionCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.string().min(1),
    config: z.unknown(),
    schedule: ScheduleSchema.optional(),
    /** Mapping file per entity when not `<kind>/<entity>`. */
    mappings: z.record(z.string(), z.string().min(1)).optional(),
    /** Document connections only: a folder whose new files are taken in. null removes it. */
    watch: WatchSchema.nullable().optional(),
    /** How the ERP's webhooks are verified and read (see src/webhooks/webhook.config.ts). null removes it. */
    webhook: z.unknown().optional(),
    limits: LimitsSchema.nullable().optional(),
    /** Golden customers: a higher priority's values win over a lower one's (the master ERP for customers). */
    identityPriority: z.number().int().min(-1000).max(1000).optional(),
    /** The ERP's own country (ISO 3166-1 alpha-2): national phone numbers and tax ids without a prefix are read as its. null removes it. */
    defaultCountry: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine((c) => KNOWN_COUNTRIES.has(c), { message: 'must be an ISO 3166-1 alpha-2 country code erphub knows (e.g. DE, AT, GB, US)' })
      .nullable()
      .optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
export type ConnectionCreate = z.infer<typeof ConnectionCreateSchema>

export const ConnectionUpdateSchema = ConnectionCreateSchema.omit({ kind: true }).partial().strict()
export type ConnectionUpdate = z.infer<typeof ConnectionUpdateSchema>

/** A connection as the API shows it: secrets masked. */
export interface ConnectionView {
  id: string
  name: string
  kind: string
  config: unknown
  schedule: Schedule
  mappings: Record<string, string>
  watch: Watch | null
  /** Secrets masked; null when the connection takes no webhooks. */
  webhook: unknown
  /** Where the ERP sends its webhooks, relative to the hub's base URL. */
  webhookPath: string | null
  limits: Limits | null
  identityPriority: number
  defaultCountry: string | null
  enabled: boolean
  entities: string[]
  createdAt: string
  updatedAt: string
}
