import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'

const EntityName = z.enum(hubEntities as [string, ...string[]])

export const ScheduleSchema = z
  .object({
    /** Default interval of every entity's sync. */
    everySeconds: z.number().int().min(5).max(7 * 24 * 3600).optional(),
    /** Per entity: an interval, or null to sync it only on demand. */
    entities: z.partialRecord(EntityName, z.number().int().min(5).max(7 * 24 * 3600).nullable()).optional(),
  })
  .strict()
export type Schedule = z.infer<typeof ScheduleSchema>

export const ConnectionCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.string().min(1),
    config: z.unknown(),
    schedule: ScheduleSchema.optional(),
    /** Mapping file per entity when not `<kind>/<entity>`. */
    mappings: z.partialRecord(EntityName, z.string().min(1)).optional(),
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
  enabled: boolean
  entities: string[]
  createdAt: string
  updatedAt: string
}
