/**
 * Pipelines a page source: while the caller stores page n, page n+1 is already being fetched and
 * prepared. Reading ahead is safe because nothing is acknowledged by reading: the cursor still moves
 * only when a page is stored, so a crash at worst re-reads the page fetched early.
 */
export async function* readAhead<T, U>(source: AsyncIterable<T>, prepare: (item: T) => U): AsyncGenerator<U> {
  const it = source[Symbol.asyncIterator]()
  const pull = (): Promise<IteratorResult<U, undefined>> =>
    it.next().then((r) => (r.done ? { done: true, value: undefined } : { done: false, value: prepare(r.value) }))
  let pending = pull()
  try {
    for (;;) {
      const result = await pending
      if (result.done) return
      pending = pull()
      // If the caller stops before awaiting it, its failure must not surface as an unhandled rejection.
      pending.catch(() => undefined)
      yield result.value
    }
  } finally {
    await it.return?.().catch(() => undefined)
  }
}
