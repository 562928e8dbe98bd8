import { inHubOrder, openConnection, type ConnectionDeps } from '../connections/connection.service'
import { ValidationError } from '../errors/hub-error'
import { createRun } from '../store/sync-run.repo'

/** Implemented by the job queue; the sync use cases only need to hand a run over. */
export interface RunEnqueuer {
  enqueueRun(data: { tenantId: string; connectionId: string; entity: string; trigger: 'manual' | 'schedule'; runId: string }): Promise<string>
  enqueueDocument(data: { tenantId: string; connectionId: string; documentId: string; runId: string }): Promise<string>
}

export interface RequestedRun {
  id: string
  entity: string
  status: 'queued'
}

/** "Sync now": one run per entity, each queued at once; the answer carries the run ids to follow. */
export async function requestSync(deps: ConnectionDeps & { queue: RunEnqueuer }, tenantId: string, connectionId: string, entities?: string[]): Promise<RequestedRun[]> {
  const open = await openConnection(deps, tenantId, connectionId)
  const readable = inHubOrder(Object.entries(open.entities).filter(([, caps]) => caps.can.read).map(([e]) => e))
  const wanted = entities && entities.length ? entities : readable
  const unknown = wanted.filter((e) => !readable.includes(e))
  if (unknown.length) throw new ValidationError('invalid sync request', unknown.map((e) => ({ path: 'entities', message: `connection ${open.row.name} does not read "${e}" (it reads: ${readable.join(', ')})` })))
  const runs: RequestedRun[] = []
  for (const entity of wanted) {
    const run = await createRun(deps.db, { tenantId, connectionId, entity, trigger: 'manual' })
    const jobId = await deps.queue.enqueueRun({ tenantId, connectionId, entity, trigger: 'manual', runId: run.id })
    await deps.db.prisma.syncRun.update({ where: { id: run.id }, data: { jobId } })
    runs.push({ id: run.id, entity, status: 'queued' })
  }
  return runs
}
