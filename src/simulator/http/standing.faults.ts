import { z } from 'zod'
import { ValidationError } from '../../errors/hub-error'
import { zodIssues } from '../../errors/zod-issues'
import { createRandom, type Random } from '../random/seeded.random'
import type { InjectedFailure } from './fault.queue'
import { errorBody } from './response.send'

const rate = z.number().min(0).max(1)

/**
 * Faults that keep happening at a rate, as on a loaded production ERP, rather than the one-shot
 * failNext/delayNext/truncateNext a test queues for one precise request. Each API request draws
 * once from a seeded RNG: the same settings and the same sequence of requests give the same faults
 * on every run, so a "lost nothing under faults" test that fails can be replayed.
 */
export const faultSettingsSchema = z
  .strictObject({
    /** Share of requests answered 500, 502 or 503 with an ERP-style error body. */
    errorRate: rate.default(0),
    /** Share of requests answered 429 with `Retry-After: retryAfterSeconds`. */
    rateLimitRate: rate.default(0),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    /** Share of requests that get no answer: held timeoutMs, then the connection is dropped. */
    timeoutRate: rate.default(0),
    timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
    /** Restarts the fault RNG; without it, a stream derived from the simulator's seed. */
    seed: z.number().int().optional(),
  })
  // One draw is split into bands, so each rate is exactly the share of requests it hits; bands
  // that add up to more than everything cannot be honoured.
  .refine((s) => s.errorRate + s.rateLimitRate + s.timeoutRate <= 1, { error: 'errorRate + rateLimitRate + timeoutRate must not exceed 1', path: ['errorRate'] })

export type FaultSettings = z.input<typeof faultSettingsSchema>
export type ResolvedFaultSettings = z.output<typeof faultSettingsSchema>

export function parseFaultSettings(settings: unknown): ResolvedFaultSettings {
  const parsed = faultSettingsSchema.safeParse(settings)
  if (!parsed.success) {
    // Named in the message too: an in-process caller sees it in the thrown error, not an HTTP body.
    const issues = zodIssues(parsed.error)
    throw new ValidationError(`invalid fault settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  }
  return parsed.data
}

/** What a drawn fault does to a request: answer it with a failure, or leave it hanging. */
export type StandingFault = { kind: 'random-error' | 'rate-limit'; failure: InjectedFailure } | { kind: 'timeout'; ms: number }

/** What real ERPs and the gateways in front of them say when they fail under load. */
const SERVER_ERRORS: readonly InjectedFailure[] = [
  { status: 500, body: errorBody('internal_error', 'Unexpected error in posting routine: deadlock detected while waiting for resource; transaction rolled back') },
  { status: 502, body: errorBody('bad_gateway', 'The application server did not answer the gateway') },
  { status: 503, body: errorBody('service_unavailable', 'All application server work processes are busy; try again later') },
]

export class StandingFaults {
  private settings: ResolvedFaultSettings = faultSettingsSchema.parse({})
  private rng: Random

  constructor(private readonly defaultSeed: number) {
    this.rng = createRandom(defaultSeed)
  }

  /** Replaces every setting (what is left out is off) and restarts the RNG, so a run can be repeated. */
  set(settings: FaultSettings): ResolvedFaultSettings {
    this.settings = parseFaultSettings(settings)
    this.rng = createRandom(this.settings.seed ?? this.defaultSeed)
    return this.current()
  }

  current(): ResolvedFaultSettings {
    return { ...this.settings }
  }

  /** The fault for one request, or undefined; draws nothing while every rate is 0. */
  draw(): StandingFault | undefined {
    const { errorRate, rateLimitRate, timeoutRate, retryAfterSeconds, timeoutMs } = this.settings
    if (errorRate + rateLimitRate + timeoutRate === 0) return undefined
    const r = this.rng.next()
    if (r < errorRate) return { kind: 'random-error', failure: this.rng.pick(SERVER_ERRORS) }
    if (r < errorRate + rateLimitRate) {
      const body = errorBody('rate_limited', `API request limit exceeded; retry after ${retryAfterSeconds} s`)
      return { kind: 'rate-limit', failure: { status: 429, body, headers: { 'Retry-After': String(retryAfterSeconds) } } }
    }
    if (r < errorRate + rateLimitRate + timeoutRate) return { kind: 'timeout', ms: timeoutMs }
    return undefined
  }
}
