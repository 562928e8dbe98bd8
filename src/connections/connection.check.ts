import type { Clock, Logger } from '../connector-sdk/connector.contract'
import type { HttpClient } from '../connector-sdk/http.client'
import { HubError } from '../errors/hub-error'
import { openConnection, type ConnectionDeps } from './connection.service'

export interface CheckResult {
  ok: boolean
  latencyMs: number
  error?: { code: string; message: string; retryable: boolean }
}

/** A failed check is an answer, not an API error: the IT user needs to see why the ERP refused. */
/**
 * `http` is the client for this connection (the api passes one in the interactive lane of its budget,
 * so a person's check goes ahead of bulk syncs).
 */
export async function checkConnection(deps: ConnectionDeps & { http: (row: { id: string; limits: unknown }) => HttpClient; logger: Logger; clock: Clock }, tenantId: string, id: string, timeoutMs = 15_000): Promise<CheckResult> {
  const open = await openConnection(deps, tenantId, id)
  const started = Date.now()
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const session = await open.connector.connect(open.config, { http: deps.http(open.row), logger: deps.logger.child({ connectionId: id, connector: open.row.kind }), clock: deps.clock })
    try {
      await session.check(signal)
    } finally {
      await session.close().catch(() => undefined)
    }
    return { ok: true, latencyMs: Date.now() - started }
  } catch (err) {
    const e = err instanceof HubError ? err : new HubError('transient', signal.aborted ? `the check timed out after ${timeoutMs} ms` : String((err as Error)?.message ?? err))
    return { ok: false, latencyMs: Date.now() - started, error: { code: e.code, message: e.message, retryable: e.retryable } }
  }
}
