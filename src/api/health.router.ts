import { Router } from 'express'
import type { ApiDeps } from './api.deps'

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = Date.now()
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())])
    return { ok: true, latencyMs: Date.now() - started }
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, error: (err as Error).message }
  }
}

/** Unauthenticated on purpose (load balancers call it); it says nothing about tenants. */
export function healthRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', async (_req, res) => {
    const [postgres, redis] = await Promise.all([probe(() => deps.db.pool.query('SELECT 1')), probe(() => deps.redis.ping())])
    const ok = postgres.ok && redis.ok
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, redis })
  })
  return r
}
