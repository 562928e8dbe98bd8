import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { isHubError } from '../../errors/hub-error'
import { zodIssues } from '../../errors/zod-issues'
import type { AdminControls } from '../simulator.contract'
import { ENTITY_NAMES } from '../simulator.types'
import { webhookSettingsSchema } from '../webhook/webhook.settings'
import { readJsonBody } from './request-body.read'
import { errorBody, sendJson } from './response.send'
import { faultSettingsSchema } from './standing.faults'

interface AdminRoute {
  method: 'GET' | 'POST'
  run(controls: AdminControls, body: unknown): Promise<{ status: number; body: unknown }>
}

/** A POST route reads its JSON body; a GET route reads its query parameters (as strings) instead. */
function route<S extends z.ZodType>(method: AdminRoute['method'], schema: S, run: (controls: AdminControls, body: z.infer<S>) => unknown): AdminRoute {
  return {
    method,
    async run(controls, raw) {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) return { status: 400, body: errorBody('bad_request', `invalid ${method === 'GET' ? 'query' : 'body'}`, { issues: zodIssues(parsed.error) }) }
      return { status: 200, body: await run(controls, parsed.data) }
    },
  }
}

const entity = z.enum(ENTITY_NAMES)
const count = z.number().int().min(0).max(1_000_000)
const none = z.object({})
const queryFlag = z.enum(['true', 'false']).transform((flag) => flag === 'true')

/** Controls for a simulator running in another process (the CLI, a benchmark); no auth, same host. */
const ROUTES: Readonly<Record<string, AdminRoute>> = {
  '/admin/stats': route('GET', none, (c) => c.stats()),
  '/admin/mutate': route('POST', z.strictObject({ entity, count }), (c, b) => ({ ids: c.mutate(b.entity, b.count) })),
  '/admin/add': route('POST', z.strictObject({ entity, count }), (c, b) => ({ ids: c.add(b.entity, b.count) })),
  '/admin/patch': route('POST', z.strictObject({ entity, id: z.string().min(1), patch: z.record(z.string(), z.unknown()) }), (c, b) => ({ record: c.patch(b.entity, b.id, b.patch) })),
  '/admin/reset-requests': route('POST', none, (c) => {
    c.resetRequests()
    return { ok: true }
  }),
  '/admin/fail-next': route('POST', z.strictObject({ count, status: z.number().int().min(100).max(599), body: z.unknown().optional(), headers: z.record(z.string(), z.string()).optional() }), (c, b) => {
    c.failNext(b.count, { status: b.status, body: b.body, headers: b.headers })
    return { ok: true }
  }),
  '/admin/delay-next': route('POST', z.strictObject({ count, ms: z.number().int().min(0).max(600_000) }), (c, b) => {
    c.delayNext(b.count, b.ms)
    return { ok: true }
  }),
  '/admin/truncate-next': route('POST', z.strictObject({ count, mode: z.enum(['malformed', 'abort']).optional() }), (c, b) => {
    c.truncateNext(b.count, b.mode)
    return { ok: true }
  }),
  '/admin/churn': route('POST', z.strictObject({ perSecond: z.number().min(0).max(100_000) }), (c, b) => {
    c.churn(b.perSecond)
    return { ok: true }
  }),
  '/admin/faults': route('POST', faultSettingsSchema, (c, b) => {
    c.faults(b)
    return { ok: true, faults: c.stats().faults }
  }),
  // ?windowMs=1000 [&path=/api/v1/stock (a prefix)] [&faulted=false (leave out requests that met a fault)]
  '/admin/max-requests-in-window': route(
    'GET',
    z.strictObject({ windowMs: z.coerce.number().positive().max(86_400_000), path: z.string().optional(), faulted: queryFlag.optional() }),
    (c, q) => ({
      windowMs: q.windowMs,
      max: c.maxRequestsInWindow(q.windowMs, (entry) => (q.path === undefined || entry.path.startsWith(q.path)) && (q.faulted === undefined || (entry.fault !== null) === q.faulted)),
    }),
  ),
  '/admin/commit-late': route('POST', z.strictObject({ entity, count, lagMs: z.number().int().min(0).max(365 * 86_400_000) }), (c, b) => ({ ids: c.commitLate(b.entity, b.count, b.lagMs) })),
  // A body of `null` turns webhooks off.
  '/admin/webhooks': route('POST', webhookSettingsSchema.nullable(), (c, b) => {
    c.webhooks(b)
    return { ok: true, webhooks: c.webhookStats() }
  }),
  '/admin/webhook-stats': route('GET', none, (c) => c.webhookStats()),
  // Answers once every event produced so far is delivered or given up.
  '/admin/flush-webhooks': route('POST', none, async (c) => {
    await c.flushWebhooks()
    return c.webhookStats()
  }),
}

export async function handleAdminRequest(controls: AdminControls, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname
  const target = ROUTES[path.replace(/\/$/, '')]
  if (!target) return sendJson(res, 404, errorBody('not_found', `no admin route ${path}; try ${Object.keys(ROUTES).join(', ')}`))
  if (req.method !== target.method) return sendJson(res, 405, errorBody('method_not_allowed', `${path} takes ${target.method}`), { Allow: target.method })
  const body = target.method === 'POST' ? await readJsonBody(req) : { ok: true as const, value: Object.fromEntries(url.searchParams) }
  if (!body.ok) return sendJson(res, 400, errorBody('bad_request', body.message))
  try {
    const outcome = await target.run(controls, body.value)
    sendJson(res, outcome.status, outcome.body)
  } catch (err) {
    if (isHubError(err)) return sendJson(res, err.status, { error: err.toJSON() })
    sendJson(res, 500, errorBody('internal', err instanceof Error ? err.message : String(err)))
  }
}
