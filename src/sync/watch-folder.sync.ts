import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Watch } from '../connections/connection.schema'
import type { Logger } from '../connector-sdk/connector.contract'
import type { Database } from '../store/database'
import { receiveWatchedFile, type DocumentDeps, type ReceivedDocument } from './receive-document'


/** Files younger than this may still be being written by whoever drops them. */
const SETTLE_MS = 2000

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
}

/**
 * One look at a watched folder: every settled file that matches is moved into the spool and queued
 * as a document, oldest first. A file is taken once: after the move it is no longer in the folder.
 */
export async function pollWatchedFolder(deps: DocumentDeps & { db: Database; logger: Logger; now?: () => number }, tenantId: string, connectionId: string, watch: Watch): Promise<ReceivedDocument[]> {
  const match = globToRegExp(watch.pattern)
  const now = deps.now?.() ?? Date.now()
  const candidates: Array<{ name: string; mtime: number }> = []
  for (const entry of await readdir(watch.dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || !match.test(entry.name)) continue
    const info = await stat(join(watch.dir, entry.name))
    if (now - info.mtimeMs < SETTLE_MS) continue
    candidates.push({ name: entry.name, mtime: info.mtimeMs })
  }
  candidates.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
  const received: ReceivedDocument[] = []
  for (const file of candidates) {
    try {
      received.push(await receiveWatchedFile(deps, tenantId, connectionId, join(watch.dir, file.name), file.name))
    } catch (err) {
      // One unreadable file must not block the others; it stays in the folder for the next look.
      deps.logger.warn({ connectionId, file: file.name, err: (err as Error).message }, 'a watched file could not be taken in')
    }
  }
  return received
}
