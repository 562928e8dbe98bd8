import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AdminControls, RequestHook } from '../simulator.contract'
import type { SimulatorAuth } from '../simulator.options'
import { handleAdminRequest } from './admin.routes'
import { routeApiRequest, type ApiContext, type ApiResponse } from './api.routes'
import { CHALLENGES, checkAuth } from './auth.check'
import type { FaultQueue } from './fault.queue'
import type { RequestLog } from './request.log'
import { errorBody, sendBody, sendJson } from './response.send'

export interface SimulatorServerDeps {
  api: ApiContext
  auth: SimulatorAuth
  faults: FaultQueue
  log: RequestLog
  hooks: () => readonly RequestHook[]
  admin: AdminControls
}

/**
 * An API request passes, in order: the test's hooks, an injected delay, an injected failure,
 * authentication, the route, and an injected truncation of the response. Each is logged once.
 */
async function handleApi(deps: SimulatorServerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET'
  const path = url.pathname
  const query = Object.fromEntries(url.searchParams)
  const finish = (response: ApiResponse, raw?: string) => {
    const truncation = response.status < 400 ? deps.faults.truncations.take() : undefined
    sendBody(res, response.status, raw ?? response.json ?? JSON.stringify(response.body), response.headers, truncation)
    deps.log.add({ method, path, query, status: response.status, records: response.records })
  }

  try {
    for (const hook of deps.hooks()) await hook({ method, path, query: { ...query } })
  } catch (err) {
    return finish({ status: 500, body: errorBody('hook_failed', err instanceof Error ? err.message : String(err)), records: 0 })
  }
  const delay = deps.faults.delays.take()
  if (delay) await sleep(delay)

  const failure = deps.faults.failures.take()
  if (failure) {
    const body = failure.body ?? errorBody('injected_failure', `injected HTTP ${failure.status}`)
    const raw = typeof body === 'string' ? body : JSON.stringify(body)
    sendBody(res, failure.status, raw, failure.headers)
    deps.log.add({ method, path, query, status: failure.status, records: 0 })
    return
  }

  const refusal = checkAuth(deps.auth, req.headers)
  if (refusal !== null) {
    const challenge = CHALLENGES[deps.auth.type]
    return finish({ status: 401, body: errorBody('unauthorized', refusal), headers: challenge ? { 'WWW-Authenticate': challenge } : {}, records: 0 })
  }
  finish(routeApiRequest(deps.api, { method, path, query, origin: `http://${req.headers.host ?? url.host}` }))
}

export function createSimulatorServer(deps: SimulatorServerDeps): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://erp-simulator')
    const isAdmin = url.pathname === '/admin' || url.pathname.startsWith('/admin/')
    const handled = isAdmin ? handleAdminRequest(deps.admin, req, res, url.pathname) : handleApi(deps, req, res, url)
    handled.catch((err: unknown) => {
      if (res.headersSent) res.destroy()
      else sendJson(res, 500, errorBody('internal', err instanceof Error ? err.message : String(err)))
    })
  })
}
