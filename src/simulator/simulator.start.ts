import type { AddressInfo } from 'node:net'
import { ChurnLoop } from './change/churn.loop'
import { DatasetChanges } from './change/dataset.changes'
import type { RecordPatch } from './change/record.patch'
import { SimulatorClock } from './change/simulator.clock'
import { resolveCounts } from './generate/dataset.sizes'
import { generateDataset } from './generate/dataset.generate'
import { FaultQueue, type InjectedFailure, type TruncationMode } from './http/fault.queue'
import { createListQueryParser } from './http/list-query.parse'
import { RequestLog } from './http/request.log'
import { createSimulatorServer } from './http/simulator.server'
import { StandingFaults } from './http/standing.faults'
import { createRandom, deriveSeed } from './random/seeded.random'
import type { RequestHook, Simulator, SimulatorStats } from './simulator.contract'
import { parseSimulatorOptions, type SimulatorOptions } from './simulator.options'
import { ENTITY_NAMES, type EntityName, type EntityRecordMap } from './simulator.types'
import { countsOf } from './store/dataset.state'
import { WebhookEmitter } from './webhook/webhook.emitter'

const DEFAULT_PAGE_SIZE = 100

/**
 * Generates the dataset, then serves it on node:http until close(). Rejects (with a ValidationError)
 * on options that cannot make a valid dataset, before anything listens.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts = parseSimulatorOptions(options)
  const counts = resolveCounts(opts.lines, opts.counts)
  const state = generateDataset({ seed: opts.seed, lines: opts.lines, counts, now: opts.now })

  const newest = Math.max(0, ...ENTITY_NAMES.map((name) => Date.parse(state.tables[name].last()?.updated_at ?? '1970-01-01T00:00:00Z')))
  const clock = new SimulatorClock(opts.now.getTime(), Date.now(), newest)
  const webhooks = new WebhookEmitter(deriveSeed(opts.seed, 'webhooks'))
  const changes = new DatasetChanges(state, clock, createRandom(deriveSeed(opts.seed, 'changes')), (entity, record, kind) => webhooks.produce(entity, record, kind))
  const churn = new ChurnLoop((entity, count) => changes.mutate(entity, count), createRandom(deriveSeed(opts.seed, 'churn')))
  const faults = new FaultQueue()
  const standing = new StandingFaults(deriveSeed(opts.seed, 'faults'))
  const closing = new AbortController()
  const log = new RequestLog()
  let hooks: RequestHook[] = []
  let url = ''
  let closed: Promise<void> | undefined

  const sim: Simulator = {
    get url() {
      return url
    },
    seed: opts.seed,
    now: opts.now,
    authType: opts.auth.type,
    close: () => {
      // Idempotent: an afterAll and a finally may both close the same simulator.
      closed ??= new Promise<void>((resolve, reject) => {
        churn.stop()
        faults.clear()
        standing.set({})
        webhooks.close()
        // Lets go of requests held by an injected timeout, which would otherwise hold close() open.
        closing.abort()
        hooks = []
        server.close((err) => (err ? reject(err) : resolve()))
        // Keep-alive sockets (and requests a test left paused) would hold close() open.
        server.closeAllConnections()
      })
      return closed
    },
    counts: () => countsOf(state),
    lineCount: () => state.lineCount,
    records: <E extends EntityName>(entity: E): EntityRecordMap[E][] => state.tables[entity].snapshot(),
    record: <E extends EntityName>(entity: E, id: string): EntityRecordMap[E] | undefined => state.tables[entity].get(id),
    mutate: (entity, count) => changes.mutate(entity, count),
    patch: <E extends EntityName>(entity: E, id: string, patch: RecordPatch<EntityRecordMap[E]>) => changes.patch(entity, id, patch),
    add: (entity, count) => changes.add(entity, count),
    requests: () => log.list(),
    resetRequests: () => log.reset(),
    failNext: (count: number, failure: InjectedFailure) => faults.failures.push(count, failure),
    delayNext: (count: number, ms: number) => faults.delays.push(count, ms),
    truncateNext: (count: number, mode: TruncationMode = 'malformed') => faults.truncations.push(count, mode),
    onRequest: (hook) => {
      hooks = [...hooks, hook]
      return () => {
        hooks = hooks.filter((h) => h !== hook)
      }
    },
    churn: (perSecond) => churn.set(perSecond),
    faults: (settings) => void standing.set(settings),
    maxRequestsInWindow: (windowMs, filter) => log.maxInWindow(windowMs, filter),
    commitLate: (entity, count, lagMs) => changes.commitLate(entity, count, lagMs),
    webhooks: (settings) => webhooks.configure(settings),
    webhookStats: () => webhooks.stats(),
    flushWebhooks: () => webhooks.flush(),
    stats: (): SimulatorStats => ({
      url,
      seed: opts.seed,
      now: new Date(clock.peek()).toISOString(),
      counts: countsOf(state),
      lines: state.lineCount,
      requests: log.totals(),
      churnPerSecond: churn.rate,
      faults: standing.current(),
      webhooks: webhooks.stats(),
    }),
  }

  const server = createSimulatorServer({
    api: { tables: state.tables, parseQuery: createListQueryParser({ default: Math.min(DEFAULT_PAGE_SIZE, opts.maxPageSize), max: opts.maxPageSize }) },
    auth: opts.auth,
    faults,
    standing,
    log,
    hooks: () => hooks,
    admin: sim,
    closing: closing.signal,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  url = `http://${host}:${address.port}`
  return sim
}
