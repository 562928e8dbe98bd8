import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { randomBytes } from 'node:crypto'
import { Cluster, Redis } from 'ioredis'
import { loadConfig } from '../../src/config/config'
import type { Logger } from '../../src/connector-sdk/connector.contract'
import { createRedis, hashTagOf, keySlot } from '../../src/jobs/redis.connection'
import { ANALYTICS_SCHEDULER } from '../../src/jobs/sync.job'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, startTestHub, syncNow, type TestHub } from '../support/hub.harness'
import { compareWithSource } from '../support/source-checksum'
import { until } from '../support/until'

const run = promisify(execFile)

/** `redis-cli -p <port> …`, its answer trimmed. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 30_000 })
  return stdout.trim()
}

/** `count` distinct ports the OS has free, all held until every one is known. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < count; i++) {
      const srv = createServer().listen(0, '127.0.0.1')
      servers.push(srv)
      await once(srv, 'listening')
    }
    return servers.map((s) => (s.address() as { port: number }).port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  }
}

interface ClusterNodeLine {
  id: string
  port: number
  master: boolean
  /** The primary's id, for a replica. */
  replicaOf: string | null
  slots: Array<[number, number]>
}

/** CLUSTER NODES as one node sees it. */
async function clusterNodes(port: number): Promise<ClusterNodeLine[]> {
  return (await cli(port, 'cluster', 'nodes')).split('\n').map((line) => {
    const [id, addr, flags, master, , , , , ...slots] = line.split(' ')
    return {
      id,
      port: Number(addr.split('@')[0].split(':').pop()),
      master: flags.split(',').includes('master'),
      replicaOf: master === '-' ? null : master,
      slots: slots.filter((s) => /^\d+(-\d+)?$/.test(s)).map((s) => {
        const [a, b] = s.split('-').map(Number)
        return [a, b ?? a] as [number, number]
      }),
    }
  })
}

/**
 * A Redis Cluster of the test's own: 3 primaries with one replica each, on free ports, nothing
 * persisted, every file in one temporary folder. `stop()` SIGKILLs every server and deletes the folder;
 * it is also run when the test process exits, so no server outlives a crashed run.
 */
class ThrowawayCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'erphub-redis-cluster-'))
  ports: number[] = []
  private readonly children: ChildProcess[] = []
  private readonly onExit = () => {
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL')
  }

  constructor() {
    process.once('exit', this.onExit)
  }

  async start(): Promise<void> {
    // A client port and a cluster bus port (`cluster-port`) per node.
    const ports = await freePorts(12)
    this.ports = ports.slice(0, 6)
    for (const [i, port] of this.ports.entries()) {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--cluster-port', String(ports[6 + i]), '--bind', '127.0.0.1', '--protected-mode', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`), '--cluster-node-timeout', '3000', '--dir', this.dir, '--logfile', join(this.dir, `redis-${port}.log`), '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
        { stdio: 'ignore' },
      )
      this.children.push(child)
    }
    for (const port of this.ports) await until(() => cli(port, 'ping').then((a) => a === 'PONG', () => false), 15_000, `redis-server on port ${port} (log: ${this.log(port)})`)
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 60_000 })
    for (const port of this.ports) {
      await until(async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok') && (await clusterNodes(port)).length === 6, 30_000, `cluster_state:ok on port ${port}`)
    }
    for (const node of await clusterNodes(this.ports[0])) {
      if (node.replicaOf) await until(async () => (await cli(node.port, 'info', 'replication')).includes('master_link_status:up'), 30_000, `the replica on port ${node.port} in sync`)
    }
  }

  /** The primary serving `slot` as `port` sees it, and the replicas of that primary. */
  async ownerOf(slot: number, port = this.ports[0]): Promise<{ primary: ClusterNodeLine; replicas: ClusterNodeLine[] }> {
    const nodes = await clusterNodes(port)
    const primary = nodes.find((n) => n.master && n.slots.some(([a, b]) => slot >= a && slot <= b))
    if (!primary) throw new Error(`no primary serves slot ${slot}`)
    return { primary, replicas: nodes.filter((n) => n.replicaOf === primary.id) }
  }

  async primaries(): Promise<ClusterNodeLine[]> {
    return (await clusterNodes(this.ports[0])).filter((n) => n.master)
  }

  log(port: number): string {
    try {
      return readFileSync(join(this.dir, `redis-${port}.log`), 'utf8').split('\n').slice(-5).join(' | ')
    } catch {
      return 'none'
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (c) => {
        if (c.exitCode !== null || c.signalCode !== null) return
        const exited = once(c, 'exit')
        c.kill('SIGKILL')
        await exited
      }),
    )
    process.off('exit', this.onExit)
    rmSync(this.dir, { recursive: true, force: true })
  }
}

const missing = ['redis-server', 'redis-cli'].filter((bin) => spawnSync(bin, ['--version']).error)

/** Needs redis-server and redis-cli; CI (CI_REQUIRE_TRYTON=1, .ci/run) requires them, a developer's machine may skip. */
function describeWithRedisBinaries(name: string, body: () => void): void {
  if (missing.length === 0) describe(name, body)
  else if (process.env.CI_REQUIRE_TRYTON === '1') {
    describe(name, () => {
      test('needs redis-server and redis-cli', () => {
        throw new Error(`${missing.join(' and ')} not found on PATH: this test starts a throwaway Redis Cluster with them (install the redis-server package)`)
      })
    })
  } else describe.skip(`${name} (skipped: ${missing.join(' and ')} not on PATH)`, body)
}

/** A logger that keeps the warnings (the worker says when it rebuilds the queue, and why). */
function warningsLogger(): Logger & { warnings: Array<{ obj: object; msg?: string }> } {
  const warnings: Array<{ obj: object; msg?: string }> = []
  const logger = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj: object, msg?: string) => void warnings.push({ obj, msg }),
    error: () => undefined,
    child: () => logger,
  }
  return logger
}

describe('Redis Cluster settings', () => {
  const env = { REDIS_CLUSTER: 'true' }
  const issues = (vars: Record<string, string>) => {
    try {
      loadConfig(vars)
    } catch (err) {
      return (err as { issues: Array<{ path: string; message: string }> }).issues
    }
    throw new Error('loadConfig accepted it')
  }

  test('off by default; on, the seeds are REDIS_URL\'s host:port or REDIS_CLUSTER_NODES', () => {
    expect(loadConfig({}).redisCluster).toBeNull()
    expect(loadConfig({ ...env, REDIS_URL: 'rediss://u:p@cache.example:6380' }).redisCluster).toEqual({ nodes: [{ host: 'cache.example', port: 6380 }] })
    expect(loadConfig({ ...env, REDIS_URL: 'redis://[::1]' }).redisCluster).toEqual({ nodes: [{ host: '::1', port: 6379 }] })
    expect(loadConfig({ ...env, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[fd00::3]:7002' }).redisCluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'fd00::3', port: 7002 },
      ],
    })
  })

  test('a bad setting is refused, naming the variable', () => {
    expect(issues({ ...env, QUEUE_PREFIX: 'erphub' })).toEqual([expect.objectContaining({ path: 'QUEUE_PREFIX', message: expect.stringContaining('hash tag') })])
    expect(issues({ ...env, REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2' })).toEqual([expect.objectContaining({ path: 'REDIS_CLUSTER_NODES', message: expect.stringContaining('"10.0.0.2" is not one') })])
    expect(issues({ ...env, REDIS_CLUSTER_NODES: '10.0.0.1:70000' })).toEqual([expect.objectContaining({ path: 'REDIS_CLUSTER_NODES' })])
    expect(issues({ ...env, REDIS_CLUSTER_NODES: '10.0.0.1:7000,' })).toEqual([expect.objectContaining({ path: 'REDIS_CLUSTER_NODES', message: expect.stringContaining('empty') })])
    expect(issues({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toEqual([expect.objectContaining({ path: 'REDIS_CLUSTER_NODES', message: expect.stringContaining('REDIS_CLUSTER=true') })])
    expect(issues({ ...env, REDIS_URL: 'redis://10.0.0.1:7000/2' })).toEqual([expect.objectContaining({ path: 'REDIS_URL', message: expect.stringContaining('database 0 only') })])
    expect(issues({ REDIS_CLUSTER: 'yes' })).toEqual([expect.objectContaining({ path: 'REDIS_CLUSTER' })])
  })

  test('the connection refuses a prefix without a hash tag, and takes user, password and TLS from the URL', async () => {
    expect(hashTagOf('{erphub}')).toBe('erphub')
    expect(hashTagOf('erphub')).toBeNull()
    expect(hashTagOf('{}erphub')).toBeNull()
    expect(() => createRedis({ url: 'redis://127.0.0.1:7000', cluster: { nodes: [{ host: '127.0.0.1', port: 7000 }] }, prefix: 'erphub' })).toThrow(/QUEUE_PREFIX "erphub" has no Redis hash tag/)
    // Port 1 answers nobody: only the options are looked at.
    const c = createRedis({ url: 'rediss://hub%40x:s%3Acret@127.0.0.1:1', cluster: { nodes: [{ host: '127.0.0.1', port: 1 }] }, prefix: '{erphub}' })
    c.on('error', () => undefined)
    try {
      expect(c).toBeInstanceOf(Cluster)
      expect((c as Cluster).options.redisOptions).toMatchObject({ username: 'hub@x', password: 's:cret', tls: {}, maxRetriesPerRequest: null })
    } finally {
      c.disconnect()
    }
    const single = createRedis({ url: 'redis://127.0.0.1:1', cluster: null, prefix: 'erphub' })
    single.on('error', () => undefined)
    expect(single).toBeInstanceOf(Redis)
    single.disconnect()
  })
})

describeWithRedisBinaries('a hub on a Redis Cluster', () => {
  let cluster: ThrowawayCluster
  const prefix = `{erphub-c-${randomBytes(4).toString('hex')}}`
  const slot = keySlot(`${prefix}:sync:meta`)
  const logger = warningsLogger()
  let th: TestHub | undefined
  let sim: Simulator | undefined
  let api: { url: string; as(key?: string): import('axios').AxiosInstance }
  let seedPort: number
  let connectionId: string

  beforeAll(async () => {
    cluster = new ThrowawayCluster()
    await cluster.start()
    // The seed is a primary that does NOT own the hub's slot: a single-node client there would fail.
    seedPort = (await cluster.primaries()).find((p) => !p.slots.some(([a, b]) => slot >= a && slot <= b))!.port
    const config = loadConfig({ ...process.env, REDIS_CLUSTER: 'true', REDIS_URL: `redis://127.0.0.1:${seedPort}` })
    th = await startTestHub({ redisUrl: config.redisUrl, redisCluster: config.redisCluster, queuePrefix: prefix }, { logger })
    sim = await startSimulator({ seed: 5, lines: 400 })
    api = await th.api()
    await th.worker()
  }, 120_000)

  afterAll(async () => {
    await th?.close().catch(() => undefined)
    await sim?.close().catch(() => undefined)
    await cluster?.stop()
  }, 60_000)

  test('the cluster is real: the slot of the prefix is the server\'s, and a single-node client on another primary gets MOVED', async () => {
    expect(Number(await cli(seedPort, 'cluster', 'keyslot', prefix))).toBe(slot)
    expect(Number(await cli(seedPort, 'cluster', 'keyslot', `${prefix}:rl:x:bucket`))).toBe(slot)
    const { primary } = await cluster.ownerOf(slot)
    expect(primary.port).not.toBe(seedPort)
    // What the hub did before cluster support: `new Redis(url)` on the node REDIS_URL names.
    const single = new Redis(seedPort, '127.0.0.1', { maxRetriesPerRequest: 0 })
    try {
      await expect(single.exists(`${prefix}:sync:meta`)).rejects.toThrow(new RegExp(`MOVED ${slot} 127\\.0\\.0\\.1:${primary.port}`))
    } finally {
      single.disconnect()
    }
    // The hub's own connection is a cluster client, seeded with that same node.
    expect(th!.hub.redis).toBeInstanceOf(Cluster)
  })

  test('a sync through the queue and a worker completes with every record of the ERP', async () => {
    const conn = await connectSimulator(th!, sim!.url, { pageSize: 50 })
    connectionId = conn.id
    const runs = await syncNow(th!, conn.id)
    expect(runs.map((r) => [r.entity, r.status])).toEqual(runs.map((r) => [r.entity, 'succeeded']))
    expect(runs).toHaveLength(5)
    for (const [entity, simEntity] of [['customer', 'customers'], ['product', 'products'], ['sales-order', 'sales-orders'], ['inventory-position', 'stock'], ['production-order', 'production-orders']] as const) {
      const { hub, source } = await compareWithSource(th!, conn.id, entity, sim!.records(simEntity) as Array<{ id: string }>)
      expect(source.rows).toBeGreaterThan(0)
      expect({ entity, ...hub }).toEqual({ entity, ...source })
    }
    expect(await th!.hub.db.prisma.salesOrderLine.count({ where: { order: { connectionId: conn.id } } })).toBe(sim!.lineCount())
  }, 60_000)

  test('/health is ok and /metrics answers with the queue depth', async () => {
    const health = await api.as().get('/health')
    expect(health.status).toBe(200)
    expect(health.data).toMatchObject({ status: 'ok', redis: { ok: true }, postgres: { ok: true } })
    const metrics = await api.as().get('/metrics')
    expect(metrics.status).toBe(200)
    const text = String(metrics.data)
    const sample = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `))
      if (!line) throw new Error(`/metrics has no ${series}`)
      return Number(line.slice(series.length + 1))
    }
    expect(sample('erphub_metrics_source_up{source="queue"}')).toBe(1)
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(sample(`erphub_queue_jobs{state="${state}"}`)).toBeGreaterThanOrEqual(0)
    // The five sync jobs of the previous test, kept by BullMQ as completed.
    expect(sample('erphub_queue_jobs{state="completed"}')).toBeGreaterThanOrEqual(5)
  })

  test('every key the hub wrote is in the one slot of its prefix, on the primary that serves it', async () => {
    const { primary } = await cluster.ownerOf(slot)
    const byNode = new Map<number, string[]>()
    for (const p of await cluster.primaries()) {
      const node = new Redis(p.port, '127.0.0.1', { maxRetriesPerRequest: 0 })
      try {
        const keys: string[] = []
        let cursor = '0'
        do {
          const [next, batch] = await node.scan(cursor, 'COUNT', 1000)
          keys.push(...batch)
          cursor = next
        } while (cursor !== '0')
        byNode.set(p.port, keys)
      } finally {
        node.disconnect()
      }
    }
    const keys = byNode.get(primary.port)!
    expect([...byNode].filter(([port, k]) => port !== primary.port && k.length > 0)).toEqual([])
    // The queue, its schedulers and the rate budget of the connection that synced are all there.
    expect(keys).toEqual(expect.arrayContaining([`${prefix}:sync:meta`, `${prefix}:sync:repeat`, `${prefix}:rl:${connectionId}:bucket`]))
    for (const key of keys) expect(key.startsWith(`${prefix}:`)).toBe(true)
    const slots = await Promise.all(keys.map((k) => cli(primary.port, 'cluster', 'keyslot', k)))
    expect(new Set(slots.map(Number))).toEqual(new Set([slot]))
  })

  test('a failover of the primary holding the hub\'s slot: the worker rebuilds its schedulers from PostgreSQL and keeps working', async () => {
    const hub = th!.hub
    const schedulerIds = async () => (await hub.syncQueue.queue.getJobSchedulers(0, -1)).map((s) => s.key)
    expect(await schedulerIds()).toContain(ANALYTICS_SCHEDULER)
    // What a failover can lose (the promoted replica lacks the last writes), done by hand before a clean failover.
    await hub.syncQueue.queue.removeJobScheduler(ANALYTICS_SCHEDULER)
    expect(await schedulerIds()).not.toContain(ANALYTICS_SCHEDULER)
    const { primary, replicas } = await cluster.ownerOf(slot)
    expect(replicas).toHaveLength(1)
    const replica = replicas[0]
    expect(await cli(replica.port, 'cluster', 'failover')).toBe('OK')
    await until(async () => (await cluster.ownerOf(slot, replica.port)).primary.port === replica.port, 30_000, `port ${replica.port} serving slot ${slot}`)

    await until(async () => (await schedulerIds()).includes(ANALYTICS_SCHEDULER), 30_000, 'the analytics scheduler re-created from PostgreSQL')
    expect(logger.warnings).toContainEqual({
      obj: { slot, from: `127.0.0.1:${primary.port}`, to: `127.0.0.1:${replica.port}` },
      msg: "the Redis Cluster moved the hub's slot to another primary: rebuilding the queue from Postgres",
    })
    const [again] = await syncNow(th!, connectionId, ['customer'])
    expect(again.status).toBe('succeeded')
    const health = await api.as().get('/health')
    expect(health.data).toMatchObject({ status: 'ok', redis: { ok: true } })
  }, 90_000)
})
