import type { Cursor, Page, Session } from './connector.contract'

/**
 * Helpers for connector tests, shared by every connector's test kit (connectors may import only the
 * SDK): read an entity to its end, and catch the error a call rejects with.
 */
export async function readAll(session: Session, entity: string, cursor: Cursor | null = null, signal = new AbortController().signal): Promise<Page[]> {
  const pages: Page[] = []
  for await (const page of session.read(entity, cursor, signal)) pages.push(page)
  return pages
}

/** The error a promise rejects with (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    if (err instanceof Error) return err
    throw new Error(`rejected with a non-Error: ${String(err)}`)
  }
  throw new Error('expected a rejection, but the promise resolved')
}
