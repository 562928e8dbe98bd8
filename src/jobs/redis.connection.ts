import { Cluster, Command, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'

/** What the hub talks to Redis through: one server (or a primary behind one address), or a Redis Cluster. */
export type RedisConnection = Redis | Cluster

export interface RedisTarget {
  /**
   * `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). On a cluster only its user,
   * password and TLS are used; the nodes come from `cluster.nodes`.
   */
  url: string
  /** Set for a Redis Cluster: the nodes it is discovered from (any of them will do). */
  cluster: { nodes: ReadonlyArray<{ host: string; port: number }> } | null
  /** QUEUE_PREFIX. On a cluster it must hold a hash tag, so that every key of the hub is in one slot. */
  prefix: string
}

/**
 * The hash tag of `prefix` as Redis Cluster reads it: what lies between the first `{` and the next
 * `}`, when that is not empty. Every key starting with `prefix` then hashes to the slot of that tag.
 */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf('{')
  if (open < 0) return null
  const close = prefix.indexOf('}', open + 1)
  return close > open + 1 ? prefix.slice(open + 1, close) : null
}

/** The cluster slot of `key` (CRC16 of its hash tag, or of the whole key), as ioredis routes it. */
export function keySlot(key: string): number {
  return new Command('exists', [key]).getSlot()
}

/**
 * A connection for the queue, a worker, the rate budgets and the API. BullMQ needs
 * `maxRetriesPerRequest: null` on connections its workers block on; on a cluster that option, the
 * credentials and TLS go to every node's connection (`redisOptions`).
 */
export function createRedis(target: RedisTarget): RedisConnection {
  if (!target.cluster) return new Redis(target.url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false })
  if (!hashTagOf(target.prefix)) {
    // BullMQ's scripts and the rate-control scripts each touch several keys; on a cluster they must share a slot (else CROSSSLOT).
    throw new Error(`QUEUE_PREFIX "${target.prefix}" has no Redis hash tag: on a Redis Cluster every key of the hub must be in one slot; use a prefix such as {erphub}`)
  }
  if (target.cluster.nodes.length === 0) throw new Error('a Redis Cluster needs at least one seed node (REDIS_CLUSTER_NODES, or REDIS_URL\'s host:port)')
  const url = new URL(target.url)
  const tls = url.protocol === 'rediss:'
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(tls ? { tls: {} } : {}),
  }
  const options: ClusterOptions = {
    redisOptions,
    // 'ready' only once CLUSTER INFO says cluster_state:ok.
    enableReadyCheck: true,
    // Topology changes (a failover, a reshard) are noticed within this even while no command hits a moved slot.
    slotsRefreshInterval: 5000,
    // With TLS the nodes are reached by the names they announce, so certificates issued for names
    // (a managed cluster's endpoints) verify; ioredis would connect to the resolved IP otherwise.
    ...(tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
  }
  return new Cluster(
    target.cluster.nodes.map((n) => ({ host: n.host, port: n.port })),
    options,
  )
}

/**
 * Calls `rebuild` whenever the Redis holding the hub's keys may have lost some of them since this
 * process last saw it: when the connection is ready again after a disconnect (a restart without
 * persistence, a failover behind one address), and on a cluster also when the slot of `prefix`
 * has moved to another primary (a failover, where the promoted replica may lack the last writes,
 * or a reshard). Not on the first connection: a starting worker rebuilds by itself.
 */
export type RedisLoss = { kind: 'reconnected' } | { kind: 'slot-moved'; slot: number; from: string; to: string }

export function onRedisLoss(connection: RedisConnection, prefix: string, rebuild: (loss: RedisLoss) => void): { stop(): void } {
  let connected = connection.status === 'ready'
  const onReady = () => {
    if (connected) rebuild({ kind: 'reconnected' })
    connected = true
  }
  connection.on('ready', onReady)
  if (!(connection instanceof Cluster)) return { stop: () => void connection.off('ready', onReady) }

  const cluster = connection
  const slot = keySlot(`${prefix}:`)
  const primaryOf = (): string | undefined => cluster.slots[slot]?.[0]
  let primary = primaryOf()
  // 'refresh' follows every reading of the slot table: at connect, after a MOVED, every slotsRefreshInterval.
  const onRefresh = () => {
    const now = primaryOf()
    if (!now) return
    if (primary && now !== primary) rebuild({ kind: 'slot-moved', slot, from: primary, to: now })
    primary = now
  }
  cluster.on('refresh', onRefresh)
  return {
    stop: () => {
      cluster.off('ready', onReady)
      cluster.off('refresh', onRefresh)
    },
  }
}
