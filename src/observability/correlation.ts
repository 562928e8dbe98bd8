import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

/**
 * One id follows a piece of work from where it entered the hub (an HTTP request, a webhook call, a
 * scheduled job) through the jobs it queued to every ERP call made for it: the logger adds it to
 * every line written inside (logger.ts), the queue copies it into the jobs it adds (sync.queue.ts)
 * and the worker runs each job under it (sync.worker.ts).
 */
const store = new AsyncLocalStorage<{ correlationId: string }>()

/** An id a caller sent (X-Request-Id), if it looks like one: short, printable, no spaces. */
export function acceptedCorrelationId(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[\w.:@/+=-]{1,100}$/.test(raw) ? raw : undefined
}

export function newCorrelationId(): string {
  return randomUUID()
}

export function withCorrelation<T>(correlationId: string, fn: () => T): T {
  return store.run({ correlationId }, fn)
}

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId
}
