/**
 * Lets page transactions overlap (PostgreSQL works on later pages while an earlier one commits,
 * using every core) while keeping commits in page order. Two pages that share a record never
 * overlap: their row locks would make the later page wait on the earlier one, which in turn waits
 * only for its own turn, so they simply run one after the other.
 */
export class OrderedPageWrites<T> {
  private inFlight: Array<{ done: Promise<T>; keys: ReadonlySet<string> }> = []
  private readonly all: Promise<unknown>[] = []

  constructor(private readonly depth = 2) {}

  /**
   * Starts `write` for the next page once fewer than `depth` earlier pages are in flight; `write`
   * receives `after`, to await before it moves the cursor. Resolves when the page has started;
   * `onDone` runs in page order as pages commit.
   */
  async submit(keys: ReadonlySet<string>, write: (after: () => Promise<unknown>) => Promise<T>, onDone: (result: T) => void | Promise<void>): Promise<void> {
    const clash = this.inFlight.findLast((p) => [...keys].some((k) => p.keys.has(k)))
    if (clash) await clash.done
    const previous = this.inFlight.at(-1)
    const after = () => previous?.done ?? Promise.resolve()
    const done = write(after).then(async (result) => {
      await onDone(result)
      return result
    })
    done.catch(() => undefined) // observed through drain() or a later submit; never unhandled
    this.all.push(done)
    this.inFlight.push({ done, keys })
    while (this.inFlight.length >= this.depth) await this.inFlight.shift()!.done
  }

  /** Waits for every page started; rejects with the first failure. */
  async drain(): Promise<void> {
    const results = await Promise.allSettled(this.all)
    const failed = results.find((r) => r.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  }
}
