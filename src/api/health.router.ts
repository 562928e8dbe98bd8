import type { ApiDeps } from './api.deps'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

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
export function healthRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/health', { name: 'Health', description: 'Whether the hub can reach PostgreSQL and Redis.' })
  api.get(
    '/',
    {
      summary: 'PostgreSQL and Redis reachability',
      access: 'public',
      answers: [
        { description: '`{ status: "ok", postgres, redis }`, each `{ ok, latencyMs }`' },
        { status: 503, description: '`{ status: "degraded", postgres, redis }`: one of them is down (its `error` says why)' },
      ],
    },
    async (_req, res) => {
      const [postgres, redis] = await Promise.all([probe(() => deps.db.pool.query('SELECT 1')), probe(() => deps.redis.ping())])
      const ok = postgres.ok && redis.ok
      res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, redis })
    },
  )
  return api.router
}
