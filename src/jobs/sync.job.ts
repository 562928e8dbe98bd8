import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'

export const SYNC_QUEUE = 'sync'
export const SYNC_JOB = 'sync'

/** A job either carries the run it works for (manual syncs, resumed runs) or makes one (scheduled). */
export const SyncJobData = z.object({
  tenantId: z.uuid(),
  connectionId: z.uuid(),
  entity: z.enum(hubEntities as [string, ...string[]]),
  trigger: z.enum(['manual', 'schedule']),
  runId: z.uuid().optional(),
})
export type SyncJobData = z.infer<typeof SyncJobData>

export function schedulerId(connectionId: string, entity: string): string {
  return `${connectionId}.${entity}`
}
