import { createHash, timingSafeEqual } from 'node:crypto'
import { HubError } from '../errors/hub-error'
import type { HubMetrics } from '../observability/metrics'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

export interface MetricsRouterOptions {
  metrics: Pick<HubMetrics, 'contentType' | 'render'>
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`; unset, /metrics is open. */
  token?: string
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Compared as digests, so neither the length nor the content of the token leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return m !== null && timingSafeEqual(digest(m[1]), digest(token))
}

/**
 * `GET /metrics` in the Prometheus text format, for operators (every tenant, labelled by slug): no
 * API key, which belongs to one tenant, but an optional token of its own. Each scrape reads the
 * shared state afresh (src/observability/metrics.ts), so any api process answers the same.
 */
export function metricsRouter(options: MetricsRouterOptions): CataloguedRouter {
  const api = routeGroup('/metrics', { name: 'Metrics', description: 'The whole hub in Prometheus text, for operators.' })
  api.get(
    '/',
    {
      summary: 'Prometheus metrics',
      description: 'Every tenant, labelled by slug, computed at scrape time from PostgreSQL and Redis. No API key; with METRICS_TOKEN set, `Authorization: Bearer <token>`.',
      access: 'public',
      answers: [{ description: 'the Prometheus text exposition format', mediaType: 'text/plain' }],
      errors: { 401: 'METRICS_TOKEN is set and the token is missing or wrong' },
    },
    async (req, res) => {
      if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"')
        throw new HubError('unauthenticated', 'the metrics token is missing or wrong')
      }
      const body = await options.metrics.render()
      res.status(200).set('Content-Type', options.metrics.contentType).set('Cache-Control', 'no-store').send(body)
    },
  )
  return api.router
}
