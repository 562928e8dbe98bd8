import { OrderedPageWrites } from '../../src/sync/ordered-page-writes'
import { readAhead } from '../../src/sync/read-ahead'

const tick = () => new Promise((r) => setImmediate(r))

function deferred<T = void>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('read-ahead', () => {
  test('fetches and prepares the next item while the caller works on the current one', async () => {
    const events: string[] = []
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        events.push(`fetch ${i}`)
        yield i
      }
    }
    for await (const item of readAhead(source(), (i) => (events.push(`prepare ${i}`), i * 10))) {
      await tick()
      events.push(`store ${item}`)
    }
    expect(events).toEqual(['fetch 1', 'prepare 1', 'fetch 2', 'prepare 2', 'store 10', 'fetch 3', 'prepare 3', 'store 20', 'store 30'])
  })

  test('a failure while reading ahead reaches the caller at that item, not as an unhandled rejection', async () => {
    async function* source() {
      yield 1
      throw new Error('ERP went away')
    }
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const item of readAhead(source(), (i) => i)) seen.push(item)
      })(),
    ).rejects.toThrow('ERP went away')
    expect(seen).toEqual([1])
  })
})

describe('ordered page writes', () => {
  test('two pages overlap, but the later one moves its cursor only after the earlier commits', async () => {
    const writes = new OrderedPageWrites<number>(2)
    const log: string[] = []
    const first = deferred()
    await writes.submit(new Set(['a']), async () => {
      log.push('1 data')
      await first.promise
      log.push('1 commit')
      return 1
    }, (n) => void log.push(`done ${n}`))
    const submitted = writes.submit(new Set(['b']), async (after) => {
      log.push('2 data')
      await after()
      log.push('2 commit')
      return 2
    }, (n) => void log.push(`done ${n}`))
    await tick()
    expect(log).toEqual(['1 data', '2 data'])
    first.resolve()
    await submitted
    await writes.drain()
    expect(log).toEqual(['1 data', '2 data', '1 commit', 'done 1', '2 commit', 'done 2'])
  })

  test('a page sharing a record with the page in flight waits for it instead of overlapping', async () => {
    const writes = new OrderedPageWrites<number>(2)
    const log: string[] = []
    const first = deferred()
    await writes.submit(new Set(['a', 'x']), async () => {
      await first.promise
      log.push('1 commit')
      return 1
    }, () => undefined)
    const second = writes.submit(new Set(['x']), async () => {
      log.push('2 started')
      return 2
    }, () => undefined)
    await tick()
    expect(log).toEqual([])
    first.resolve()
    await second
    await writes.drain()
    expect(log).toEqual(['1 commit', '2 started'])
  })

  test('when an earlier page fails, the later one rolls back and the failure is reported', async () => {
    const writes = new OrderedPageWrites<number>(2)
    let secondCommitted = false
    const first = deferred<number>()
    await writes.submit(new Set(['a']), () => first.promise, () => undefined)
    const second = writes.submit(new Set(['b']), async (after) => {
      await after()
      secondCommitted = true
      return 2
    }, () => undefined)
    first.reject(new Error('page 1 failed'))
    await expect(second).rejects.toThrow('page 1 failed')
    await expect(writes.drain()).rejects.toThrow('page 1 failed')
    expect(secondCommitted).toBe(false)
  })
})
