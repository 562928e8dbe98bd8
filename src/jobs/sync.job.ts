import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'

export const SYNC_QUEUE = 'sync'
export const SYNC_JOB = 'sync'

/** A job either carries the run it works for (manual syncs, resumed runs) or makes one (scheduled). */
export const SyncJobData = z.object({
  tenantId: z.uuid(),
  connectionId: z.uuid(),
  entity: z.enum(hubEntities as [string, ...string[]]),
  /** `webhook`: an ERP said an entity changed without sending the record; the job fetches it. */
  trigger: z.enum(['manual', 'schedule', 'webhook']),
  runId: z.uuid().optional(),
})
export type SyncJobData = z.infer<typeof SyncJobData>

export function schedulerId(connectionId: string, entity: string): string {
  return `${connectionId}.${entity}`
}

export const DOCUMENT_JOB = 'document'

/** Ingest one received document (its run exists already: it was made when the document arrived). */
export const DocumentJobData = z.object({
  tenantId: z.uuid(),
  connectionId: z.uuid(),
  documentId: z.uuid(),
  runId: z.uuid(),
})
export type DocumentJobData = z.infer<typeof DocumentJobData>

export const WATCH_JOB = 'watch'

/** Look at a connection's watched folder once. */
export const WatchJobData = z.object({ tenantId: z.uuid(), connectionId: z.uuid() })
export type WatchJobData = z.infer<typeof WatchJobData>

export function watchSchedulerId(connectionId: string): string {
  return `${connectionId}.watch`
}

export const WEBHOOK_JOB = 'webhook'

/** Process the received webhook events of one connection (coalesced: one job covers every event so far). */
export const WebhookJobData = z.object({ tenantId: z.uuid(), connectionId: z.uuid() })
export type WebhookJobData = z.infer<typeof WebhookJobData>

export const PUSH_JOB = 'push'

/** Drain one connection's outbox into its ERP (coalesced like webhook processing). */
export const PushJobData = z.object({ tenantId: z.uuid(), connectionId: z.uuid() })
export type PushJobData = z.infer<typeof PushJobData>

export const GAPS_JOB = 'gaps'

/** One gap check of every countable incremental entity of a connection. */
export const GapsJobData = z.object({ tenantId: z.uuid(), connectionId: z.uuid() })
export type GapsJobData = z.infer<typeof GapsJobData>

export function gapsSchedulerId(connectionId: string): string {
  return `${connectionId}.gaps`
}

export const IDENTITY_JOB = 'identity'

/**
 * Re-resolve a tenant's customers into golden customers (debounced: one job covers a burst of changes):
 * `incremental` after source customers changed; `full` when asked for (every customer looked at again).
 */
export const IdentityJobData = z.object({ tenantId: z.uuid(), mode: z.enum(['full', 'incremental']).default('incremental') })
export type IdentityJobData = z.infer<typeof IdentityJobData>

export const ANALYTICS_JOB = 'analytics'
/** The scheduler of the CRM analytics (RFM and segments, association rules): one for the hub, every tenant in turn. */
export const ANALYTICS_SCHEDULER = 'hub.analytics'

/** Recompute RFM scores, segments and association rules: one tenant, or every tenant when none is named. */
export const AnalyticsJobData = z.object({ tenantId: z.uuid().optional() })
export type AnalyticsJobData = z.infer<typeof AnalyticsJobData>
