import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AdminControls, RequestHook } from '../simulator.contract'
import type { SimulatorAuth } from '../simulator.options'
import { handleAdminRequest } from './admin.routes'
import { routeApiRequest, type ApiContext, type ApiResponse } from './api.routes'
import { CHALLENGES, checkAuth } from './auth.check'
import type { FaultQueue, InjectedFailure } from './fault.queue'
import { preciseNow, type InjectedFaultKind, type RequestLog } from './request.log'
import { errorBody, sendBody, sendJson } from './response.send'
import type { StandingFaults } from './standing.faults'

export interface SimulatorServerDeps {
  api: ApiContext
  auth: SimulatorAuth
  faults: FaultQueue
  standing: StandingFaults
  log: RequestLog
  hooks: () => readonly RequestHook[]
  admin: AdminControls
  /** Aborted when the simulator closes, so a request held by an injected timeout lets go at once. */
  closing: AbortSignal
}

/**
 * Holds a request that is to time out: until `ms` pass, the client gives up, or the simulator
 * closes, whichever comes first (a client that already left has nothing left to time out).
 */
async function hang(res: ServerResponse, ms: number, closing: AbortSignal): Promise<void> {
  const gone = new AbortController()
  const onClose = () => gone.abort()
  res.once('close', onClose)
  try {
    await sleep(ms, undefined, { signal: AbortSignal.any([gone.signal, closing]) })
  } catch {
    // Aborted: the client or the simulator went first.
  } finally {
    res.off('close', onClose)
  }
}

/**
 * An API request passes, in order: the test's hooks, an injected delay, an injected failure (a
 * queued one first, else a standing one drawn at the faults() rates), authentication, the route,
 * and an injected truncation of the response. Each is logged once, with its arrival time.
 */
async function handleApi(deps: SimulatorServerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const at = preciseNow()
  const method = req.method ?? 'GET'
  const path = url.pathname
  const query = Object.fromEntries(url.searchParams)
  let fault: InjectedFaultKind | null = null
  const log = (status: number, records: number) => deps.log.add({ method, path, query, status, records, at, fault })
  const finish = (response: ApiResponse, raw?: string) => {
    const truncation = response.status < 400 ? deps.faults.truncations.take() : undefined
    if (truncation) fault = 'truncate-next'
    sendBody(res, response.status, raw ?? response.json ?? JSON.stringify(response.body), response.headers, truncation)
    log(response.status, response.records)
  }
  const fail = (failure: InjectedFailure) => {
    const body = failure.body ?? errorBody('injected_failure', `injected HTTP ${failure.status}`)
    sendBody(res, failure.status, typeof body === 'string' ? body : JSON.stringify(body), failure.headers)
    log(failure.status, 0)
  }

  try {
    for (const hook of deps.hooks()) await hook({ method, path, query: { ...query } })
  } catch (err) {
    return finish({ status: 500, body: errorBody('hook_failed', err instanceof Error ? err.message : String(err)), records: 0 })
  }
  const delay = deps.faults.delays.take()
  if (delay !== undefined) {
    fault = 'delay-next'
    if (delay > 0) await sleep(delay)
  }

  const failure = deps.faults.failures.take()
  if (failure) {
    fault = 'fail-next'
    return fail(failure)
  }
  // A request a queued fault already picked out is left to it: the one-shots a test aims at one
  // precise request must not be masked by a random fault drawn for the same request.
  const standing = fault === null && !deps.faults.truncations.pending() ? deps.standing.draw() : undefined
  if (standing) {
    fault = standing.kind
    if (standing.kind !== 'timeout') return fail(standing.failure)
    await hang(res, standing.ms, deps.closing)
    res.destroy()
    return log(0, 0)
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
    const handled = isAdmin ? handleAdminRequest(deps.admin, req, res, url) : handleApi(deps, req, res, url)
    handled.catch((err: unknown) => {
      if (res.headersSent) res.destroy()
      else sendJson(res, 500, errorBody('internal', err instanceof Error ? err.message : String(err)))
    })
  })
}
