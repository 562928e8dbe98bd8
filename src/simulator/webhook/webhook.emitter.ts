import http from 'node:http'
import https from 'node:https'
import { recordJson } from '../http/api.routes'
import { createRandom, deriveSeed, type Random } from '../random/seeded.random'
import type { EntityName, KeyedRecord } from '../simulator.types'
import { signatureHeader } from './webhook.sign'
import { parseWebhookSettings, type ResolvedWebhookSettings, type WebhookSettings, type WebhookStats } from './webhook.settings'

export type ChangeKind = 'created' | 'updated'

/** A partial reorder group is sent after this long, so a quiet simulator does not hold events forever. */
const HOLD_MS = 100
/** Backoff before retry n (1-based): 50, 100, 200 … ms; short, because the receiver is a test's. */
const BACKOFF_MS = 50
/** A receiver that accepts the connection but never answers counts as a failed attempt after this. */
const ATTEMPT_TIMEOUT_MS = 5000

interface Target {
  url: URL
  secret: string
  scheme: ResolvedWebhookSettings['scheme']
  retries: number
}

interface WebhookEvent {
  id: string
  body: string
  target: Target
  /** Decided when the event is made, so which events repeat does not depend on network timing. */
  duplicate: boolean
  /** Settles once the event is delivered (and its copy sent, if any) or given up. */
  settled: Promise<void>
  settle: () => void
}

interface Delivery {
  event: WebhookEvent
  /** Whether this is the extra copy of an already delivered event. */
  copy: boolean
  attempt: number
}

interface Configuration {
  settings: ResolvedWebhookSettings
  /** The URL for reports, with any user:password in it masked. */
  shownUrl: string
  target: Target
  duplicates: Random
  reorder: Random
  held: WebhookEvent[]
  holdTimer?: NodeJS.Timeout
}

/**
 * Turns every stored change into a signed webhook POST, the way an ERP pushes changes to a
 * subscriber: at least once (with retries, and optional duplicates), not necessarily in order
 * (optional reordering, and `concurrency` POSTs racing). The body is fixed when the event is made
 * and the headers (with the signature) when it is first sent, so retries and duplicates are
 * byte-identical and share the signature.
 */
export class WebhookEmitter {
  private config: Configuration | null = null
  private concurrency = 4
  private seq = 0
  private readonly ready: Delivery[] = []
  private readonly headers = new Map<WebhookEvent, Record<string, string>>()
  private inFlight = 0
  /** Events not yet delivered or given up, wherever they are (held, queued, in flight, backing off). */
  private readonly unfinished = new Set<WebhookEvent>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly requests = new Set<http.ClientRequest>()
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }
  private closed = false
  private readonly counts = { produced: 0, sent: 0, delivered: 0, duplicatesSent: 0, failed: 0 }
  private readonly deliveredIds: string[] = []

  constructor(private readonly defaultSeed: number) {}

  /**
   * Sends the changes from now on to a (new) receiver, or stops making events (null). Events made
   * before still go where they were made for; a partly filled reorder group is sent as it is.
   */
  configure(settings: WebhookSettings | null): void {
    if (this.closed) throw new Error('the simulator is closed')
    const resolved = settings === null ? null : parseWebhookSettings(settings)
    this.releaseHeld()
    if (resolved === null) {
      this.config = null
      return
    }
    const seed = resolved.seed ?? this.defaultSeed
    const url = new URL(resolved.url)
    const shown = new URL(url)
    if (shown.username !== '' || shown.password !== '') [shown.username, shown.password] = ['***', '']
    this.config = {
      settings: resolved,
      shownUrl: shown.toString(),
      target: { url, secret: resolved.secret, scheme: resolved.scheme, retries: resolved.retries },
      duplicates: createRandom(deriveSeed(seed, 'webhook-duplicates')),
      reorder: createRandom(deriveSeed(seed, 'webhook-reorder')),
      held: [],
    }
    this.concurrency = resolved.concurrency
    this.pump()
  }

  /** Called for every stored change; makes its event when webhooks are on. */
  produce(entity: EntityName, record: KeyedRecord, kind: ChangeKind): void {
    const config = this.config
    if (!config || this.closed) return
    const id = `evt_${++this.seq}`
    // The record exactly as a list page serves it (same serialisation, same cached string).
    const body = `{"id":${JSON.stringify(id)},"type":${JSON.stringify(`${entity}.${kind}`)},"entity":${JSON.stringify(entity)},"occurredAt":${JSON.stringify(record.updated_at)},"data":${recordJson(record)}}`
    const duplicate = config.settings.duplicateRate > 0 && config.duplicates.chance(config.settings.duplicateRate)
    let settle!: () => void
    const settled = new Promise<void>((resolve) => (settle = resolve))
    const event: WebhookEvent = { id, body, target: config.target, duplicate, settled, settle }
    this.counts.produced++
    this.unfinished.add(event)
    config.held.push(event)
    if (config.held.length >= config.settings.reorderWindow) this.releaseHeld()
    else if (!config.holdTimer) {
      config.holdTimer = setTimeout(() => this.releaseHeld(), HOLD_MS)
      config.holdTimer.unref()
    }
  }

  /**
   * Resolves once every event produced so far is delivered or given up (or the simulator closed).
   * Events made meanwhile (churn keeps running) are not waited for, so a flush always ends.
   */
  async flush(): Promise<void> {
    this.releaseHeld()
    await Promise.all([...this.unfinished].map((event) => event.settled))
  }

  stats(): WebhookStats {
    return {
      enabled: this.config !== null,
      url: this.config?.shownUrl ?? null,
      scheme: this.config?.settings.scheme ?? null,
      ...this.counts,
      pending: this.unfinished.size,
      deliveredIds: this.deliveredIds.slice(),
    }
  }

  /** Stops making and sending events: drops what is waiting, aborts POSTs in flight, frees the sockets. */
  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.config?.holdTimer) clearTimeout(this.config.holdTimer)
    this.config = null
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.ready.length = 0
    for (const request of this.requests) request.destroy()
    this.requests.clear()
    this.agents.http.destroy()
    this.agents.https.destroy()
    for (const event of this.unfinished) event.settle()
    this.unfinished.clear()
  }

  /** Shuffles the held group (a real reorder only for groups of 2 or more) and queues it for sending. */
  private releaseHeld(): void {
    const config = this.config
    if (!config || config.held.length === 0) return
    if (config.holdTimer) clearTimeout(config.holdTimer)
    config.holdTimer = undefined
    const group = config.reorder.shuffle(config.held.splice(0))
    for (const event of group) this.ready.push({ event, copy: false, attempt: 1 })
    this.pump()
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.concurrency && this.ready.length > 0) this.send(this.ready.shift()!)
  }

  private send(delivery: Delivery): void {
    const { event } = delivery
    let headers = this.headers.get(event)
    if (!headers) {
      const signature = signatureHeader(event.target.scheme, event.target.secret, event.body, Math.floor(Date.now() / 1000))
      headers = { 'Content-Type': 'application/json', 'X-Erp-Event-Id': event.id, ...signature }
      this.headers.set(event, headers)
    }
    this.inFlight++
    this.counts.sent++
    if (delivery.copy) this.counts.duplicatesSent++
    void this.post(event.target.url, headers, event.body).then((ok) => {
      this.inFlight--
      if (this.closed) return
      this.settleDelivery(delivery, ok)
      this.pump()
    })
  }

  private settleDelivery(delivery: Delivery, ok: boolean): void {
    const { event } = delivery
    if (delivery.copy) {
      // A copy is a single extra attempt: its fate does not change whether the event arrived.
      return this.finish(event)
    }
    if (ok) {
      this.counts.delivered++
      this.deliveredIds.push(event.id)
      // Sent again later, as an ERP does when it did not see the first acknowledgement.
      if (event.duplicate) this.ready.push({ event, copy: true, attempt: 1 })
      else this.finish(event)
      return
    }
    if (delivery.attempt <= event.target.retries) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer)
          this.ready.push({ ...delivery, attempt: delivery.attempt + 1 })
          this.pump()
        },
        BACKOFF_MS * 2 ** (delivery.attempt - 1),
      )
      this.timers.add(timer)
      return
    }
    this.counts.failed++
    this.finish(event)
  }

  private finish(event: WebhookEvent): void {
    this.headers.delete(event)
    this.unfinished.delete(event)
    event.settle()
  }

  /** One POST; true for a 2xx answer, false for anything else (never rejects). */
  private post(url: URL, headers: Record<string, string>, body: string): Promise<boolean> {
    return new Promise((resolve) => {
      const bytes = Buffer.from(body, 'utf8')
      const secure = url.protocol === 'https:'
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(bytes.length) },
        agent: secure ? this.agents.https : this.agents.http,
        timeout: ATTEMPT_TIMEOUT_MS,
      })
      this.requests.add(request)
      const finish = (ok: boolean) => {
        this.requests.delete(request)
        resolve(ok)
      }
      let answered = false
      request.on('response', (response) => {
        answered = true
        const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300
        // An answer cut off mid-body is not an acknowledgement.
        response.on('close', () => finish(ok && response.complete))
        response.resume()
      })
      request.on('timeout', () => request.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)))
      request.on('error', () => finish(false))
      request.on('close', () => {
        if (!answered) finish(false)
      })
      request.end(bytes)
    })
  }
}
