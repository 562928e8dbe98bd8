import { MalformedResponse, z, type JsonObject, type WriteOutcome } from '../../src/connector-sdk'
import type { TrytonClient } from './tryton.client'
import { faultError } from './tryton.errors'
import { readRows } from './tryton.rows'
import { externalId } from './tryton.write'

/**
 * `complaint-status` → moves a `sale.complaint` to the state that stands for a hub case status,
 * through the workflow's buttons (Tryton refuses writing `state` directly):
 *
 *   hub status    Tryton state   buttons from draft
 *   open          draft          —
 *   in_progress   waiting        wait
 *   resolved      approved       wait, approve   (Tryton then processes it to done by its queue)
 *   closed        cancelled      cancel
 *
 * The path is the shortest one over the workflow's transitions (below, as sale_complaint declares
 * them), so a case reopened after it was resolved goes done → draft → waiting. Moving to the state a
 * complaint already has is `unchanged`: the write is idempotent by nature, whatever its key. A button
 * Tryton does not let this user press (approving needs the complaint administrator group) is a
 * `rejected` outcome with Tryton's words, for a person to act on, not an error to retry.
 */
export const complaintStatusInput = z.strictObject({
  complaint: externalId,
  status: z.enum(['open', 'in_progress', 'resolved', 'closed']),
})

const TARGET: Record<z.infer<typeof complaintStatusInput>['status'], string> = { open: 'draft', in_progress: 'waiting', resolved: 'approved', closed: 'cancelled' }

/** state → [button, next state]: sale_complaint's transitions with the button that makes each. */
const BUTTONS: Record<string, Array<[string, string]>> = {
  draft: [['wait', 'waiting'], ['cancel', 'cancelled']],
  waiting: [['draft', 'draft'], ['approve', 'approved'], ['reject', 'rejected'], ['cancel', 'cancelled']],
  approved: [['process', 'done'], ['draft', 'draft']],
  done: [['draft', 'draft']],
  rejected: [['draft', 'draft']],
  cancelled: [['draft', 'draft']],
}

/** The buttons that lead from `from` to `to`, fewest first; null when none do. */
export function buttonPath(from: string, to: string): string[] | null {
  if (from === to) return []
  // Approved complaints are processed to done by Tryton's queue: done counts as having got there.
  if (to === 'approved' && from === 'done') return []
  const queue: Array<{ state: string; path: string[] }> = [{ state: from, path: [] }]
  const seen = new Set([from])
  while (queue.length) {
    const { state, path } = queue.shift()!
    for (const [button, next] of BUTTONS[state] ?? []) {
      if (seen.has(next)) continue
      if (next === to) return [...path, button]
      seen.add(next)
      queue.push({ state: next, path: [...path, button] })
    }
  }
  return null
}

const ACCESS = /is not allowed|not allowed to/i

export async function writeComplaintStatus(client: TrytonClient, records: JsonObject[], signal: AbortSignal): Promise<WriteOutcome[]> {
  const out: WriteOutcome[] = []
  for (const record of records) {
    signal.throwIfAborted()
    const parsed = complaintStatusInput.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      out.push({ status: 'rejected', reason: `${issue.path.join('.')}: ${issue.message}`, path: issue.path.join('.') })
      continue
    }
    const { complaint, status } = parsed.data
    const method = 'model.sale.complaint.search_read'
    const [row] = readRows(await client.call(method, [[['id', '=', complaint]], 0, 1, null, ['state']], { signal }), method)
    if (!row) {
      out.push({ status: 'rejected', reason: `complaint ${complaint} does not exist in Tryton`, path: 'complaint' })
      continue
    }
    if (typeof row.state !== 'string') throw new MalformedResponse(`Tryton answered ${method} without the complaint's state`)
    const path = buttonPath(row.state, TARGET[status])
    if (path === null) {
      out.push({ status: 'rejected', reason: `Tryton's workflow has no way from ${row.state} to ${TARGET[status]}`, path: 'status' })
      continue
    }
    if (path.length === 0) {
      out.push({ status: 'unchanged', externalId: String(complaint) })
      continue
    }
    let refused: string | null = null
    for (const button of path) {
      const answer = await client.attempt(`model.sale.complaint.${button}`, [[complaint]], { signal })
      if (answer.ok) continue
      if (answer.fault.kind === 'UserError' && ACCESS.test(answer.fault.message)) {
        refused = `Tryton refused the ${button} button: ${answer.fault.message}`
        break
      }
      throw faultError(`model.sale.complaint.${button}`, answer.fault)
    }
    out.push(refused ? { status: 'rejected', reason: refused, path: 'status' } : { status: 'updated', externalId: String(complaint) })
  }
  return out
}
