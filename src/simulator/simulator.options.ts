import { z } from 'zod'
import { ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import { ENTITY_NAMES, type EntityName } from './simulator.types'

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'must be a valid HTTP header name' })

export const simulatorAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }),
  z.strictObject({ type: z.literal('api-key'), header: headerName, value: z.string().min(1) }),
])
export type SimulatorAuth = z.infer<typeof simulatorAuthSchema>

const entityCount = z.number().int().min(0)
const countsSchema = z.strictObject(Object.fromEntries(ENTITY_NAMES.map((name) => [name, entityCount.optional()])) as Record<EntityName, z.ZodOptional<typeof entityCount>>)

export const simulatorOptionsSchema = z.strictObject({
  seed: z.number().int().default(42),
  lines: z.number().int().min(100).max(1_000_000).default(1000),
  counts: countsSchema.default({}),
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  // 'none' and a missing value both mean an open API.
  auth: z.union([z.literal('none'), simulatorAuthSchema]).optional().transform((auth): SimulatorAuth => (auth === undefined || auth === 'none' ? { type: 'none' } : auth)),
  now: z.date().optional(),
  maxPageSize: z.number().int().min(1).max(100_000).default(1000),
})

export type SimulatorOptions = z.input<typeof simulatorOptionsSchema>
export type ResolvedSimulatorOptions = z.output<typeof simulatorOptionsSchema> & { now: Date }

export function parseSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const parsed = simulatorOptionsSchema.safeParse(options)
  if (!parsed.success) throw new ValidationError('invalid simulator options', zodIssues(parsed.error))
  // The default is read here, not in the schema, so "now" is the moment the simulator starts.
  return { ...parsed.data, seed: parsed.data.seed >>> 0, now: parsed.data.now ?? new Date() }
}
