import { createConnection, deleteConnection, updateConnection, type ConnectionDeps } from '../connections/connection.service'
import { HubError, ValidationError } from '../errors/hub-error'
import { fail, stdout, withDatabase, withHub, type CliOutput, type CliRuntime } from './cli.context'
import { formatFileIssue, loadConnectionFiles, type FileIssue } from './connection-files.load'
import { buildConnectionPlan, type ConnectionPlan, type PlanEntry } from './connection-plan.build'
import { formatChange } from './connection.diff'

export interface ApplyOptions {
  file: string
  tenant: string
  dryRun?: boolean
  prune?: boolean
}

const VERB = { create: 'create', update: 'update', unchanged: 'unchanged', delete: 'delete (not in the files)' } as const
const SIGN = { create: '+', update: '~', unchanged: '=', delete: '-' } as const

function describeEntry(e: PlanEntry): string[] {
  const where = e.action === 'delete' ? '' : `  [${e.doc.file}, document ${e.doc.index}]`
  const head = `${SIGN[e.action]} ${e.name} (${e.kind}): ${VERB[e.action]}${where}`
  if (e.action === 'create' || e.action === 'update') return [head, ...e.changes.map((c) => `    ${formatChange(c)}`)]
  return [head]
}

function count(plan: ConnectionPlan, action: PlanEntry['action']): number {
  return plan.entries.filter((e) => e.action === action).length
}

function printIssues(issues: FileIssue[]): void {
  for (const i of issues) process.stderr.write(`${formatFileIssue(i)}\n`)
  process.stderr.write(`erphub: ${issues.length} issue${issues.length === 1 ? '' : 's'}; nothing was written\n`)
}

/** A failed write named like a file issue: the service's ValidationError keeps each field's path. */
function writeIssues(entry: PlanEntry, err: unknown): FileIssue[] {
  const at = entry.action === 'delete' ? { file: `connection ${entry.name}` } : { file: entry.doc.file, index: entry.doc.index }
  if (err instanceof ValidationError) return err.issues.map((i) => ({ ...at, line: entry.action === 'delete' ? undefined : entry.doc.lineOf(i.path), path: i.path, message: i.message }))
  if (err instanceof HubError) return [{ ...at, message: err.message }]
  throw err
}

async function execute(deps: ConnectionDeps, tenantId: string, plan: ConnectionPlan, out: CliOutput): Promise<void> {
  const done = { created: 0, updated: 0, deleted: 0 }
  const failed: FileIssue[] = []
  for (const entry of plan.entries) {
    if (entry.action === 'unchanged') continue
    // Deleting takes the connection's synced data with it: never after something else went wrong.
    if (entry.action === 'delete' && failed.length) {
      out.write(`not deleting ${entry.name}: an earlier change failed\n`)
      continue
    }
    try {
      if (entry.action === 'create') await createConnection(deps, tenantId, entry.body)
      else if (entry.action === 'update') await updateConnection(deps, tenantId, entry.id, entry.body)
      else await deleteConnection(deps, tenantId, entry.id)
      done[entry.action === 'create' ? 'created' : entry.action === 'update' ? 'updated' : 'deleted']++
    } catch (err) {
      const issues = writeIssues(entry, err)
      failed.push(...issues)
      for (const i of issues) process.stderr.write(`${entry.name}: ${entry.action} failed: ${formatFileIssue(i)}\n`)
    }
  }
  out.write(`applied: ${done.created} created, ${done.updated} updated, ${count(plan, 'unchanged')} unchanged, ${done.deleted} deleted${failed.length ? `; ${failed.length} issue${failed.length === 1 ? '' : 's'}` : ''}\n`)
  if (failed.length) fail()
}

/**
 * `erphub connections apply -f <file|dir>`: the files are the tenant's connections. Every document
 * is checked before anything is written (one issue list, exit 1); then each connection is created,
 * updated or left alone, and with --prune the tenant's other connections are deleted.
 */
export async function applyConnections(rt: CliRuntime, o: ApplyOptions, out: CliOutput = stdout): Promise<void> {
  const loaded = loadConnectionFiles(o.file, rt.env)
  const plan = async (deps: ConnectionDeps, tenantId: string): Promise<ConnectionPlan | undefined> => {
    const built = await buildConnectionPlan(deps, tenantId, loaded.documents, { prune: Boolean(o.prune) })
    const issues = [...loaded.issues, ...built.issues]
    if (issues.length) {
      printIssues(issues)
      fail()
      return undefined
    }
    for (const e of built.entries) for (const line of describeEntry(e)) out.write(`${line}\n`)
    if (built.kept.length) out.write(`not in the files, kept (--prune deletes them): ${built.kept.map((k) => k.name).join(', ')}\n`)
    out.write(`plan: ${count(built, 'create')} to create, ${count(built, 'update')} to update, ${count(built, 'unchanged')} unchanged, ${count(built, 'delete')} to delete\n`)
    return built
  }
  if (o.dryRun) {
    await withDatabase(rt, o.tenant, async ({ connections, tenantId }) => {
      if (await plan(connections, tenantId)) out.write('dry run: nothing was written\n')
    })
    return
  }
  await withHub(rt, o.tenant, async (hub, tenantId) => {
    const built = await plan(hub.connections, tenantId)
    if (built) await execute(hub.connections, tenantId, built, out)
  })
}
