import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Logger } from '../connector-sdk/connector.contract'
import type { Database } from '../store/database'
import { recordAudit } from '../store/audit.repo'
import { at, parseBody } from './webhook-body.parse'
import { clientStateMismatch } from './webhook-event.decode'
import { EventInsertBatcher } from './event-insert.batcher'
import { loadWebhookConfig, type WebhookTarget } from './webhook-target.load'
import { verifySignature } from './signature.verify'
import type { Signature } from '../connections/webhook.config'

export interface WebhookInboxDeps {
  db: Database
  secretKey: Buffer
  logger: Logger
  clock: { now(): Date }
  /** Asks a worker to process the connection's received events (coalesced; see webhook.queue). */
  kick(tenantId: string, connectionId: string): Promise<void>
}

export interface WebhookCall {
  connectionId: string
  headers: IncomingHttpHeaders
  query: Record<string, unknown>
  body: NodeJS.ReadableStream & { resume?(): void }
  remoteAddress?: string
}

export type WebhookAnswer =
  | { status: 202 | 200; json: { receiptId: string; duplicate: boolean } }
  | { status: 200; text: string }
  | { status: 400 | 401 | 404 | 413 | 415; json: { error: { code: string; message: string } } }

/** Headers kept with an event for later steps (topic, ids); never the signature. */
const KEPT = /^(x-[a-z0-9-]*(topic|event|id|type|version|domain)[a-z0-9-]*|content-type)$/
/** Never kept, whatever else the name says (`x-erp-event-signature` names an event too). */
const NEVER_KEPT = /signature|hmac|auth|token|secret|password|api-?key|cookie|credential/

/** The headers worth keeping with an event: not the connection's signature header, nor anything like a credential. */
export function keptHeaders(headers: IncomingHttpHeaders, signature: Signature): Record<string, string> {
  const signatureHeader = 'header' in signature ? signature.header.toLowerCase() : undefined
  const kept: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string' && KEPT.test(k) && !NEVER_KEPT.test(k) && k !== signatureHeader) kept[k] = v
  return kept
}

const CONFIG_TTL_MS = 5000
const KICK_EVERY_MS = 100

class TooLarge extends Error {}

/** The caller hung up before its body arrived: nothing was stored, nothing is answered. */
export class CallerGone extends Error {}

/** The body, up to `max` bytes (plain listeners: cheaper than an async iterator on the hot path). */
function readBody(stream: WebhookCall['body'], max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        cleanup()
        reject(new TooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
    }
    const onError = (err: Error) => {
      cleanup()
      reject(err)
    }
    const onClose = () => {
      cleanup()
      reject(new Error('aborted'))
    }
    const cleanup = () => {
      stream.removeListener('data', onData)
      stream.removeListener('end', onEnd)
      stream.removeListener('error', onError)
      stream.removeListener('close', onClose)
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}

/**
 * `POST /v1/webhooks/:connectionId`: checks a call (size, signature, timestamp, syntax), stores the
 * event durably and answers 202 with its receipt id; a redelivered event is recognised by its id and
 * answered 200 with the first receipt. Every refusal leaves an audit entry and nothing else.
 */
export class WebhookInbox {
  private readonly targets = new Map<string, { at: number; target: Promise<WebhookTarget | null> }>()
  private readonly lastKick = new Map<string, number>()
  private readonly batcher: EventInsertBatcher

  constructor(private readonly deps: WebhookInboxDeps) {
    this.batcher = new EventInsertBatcher(deps.db)
  }

  private target(connectionId: string): Promise<WebhookTarget | null> {
    const now = Date.now()
    const cached = this.targets.get(connectionId)
    if (cached && now - cached.at < CONFIG_TTL_MS) return cached.target
    const target = loadWebhookConfig(this.deps.db, this.deps.secretKey, connectionId)
    this.targets.set(connectionId, { at: now, target })
    target.catch(() => this.targets.delete(connectionId))
    return target
  }

  private async refuse(call: WebhookCall, target: WebhookTarget | null, status: 400 | 401 | 404 | 413 | 415, code: string, reason: string, size?: number): Promise<WebhookAnswer> {
    await recordAudit(this.deps.db, {
      tenantId: target?.tenantId ?? null,
      connectionId: target?.connectionId ?? null,
      action: 'webhook.refused',
      status,
      reason,
      details: { connectionId: call.connectionId, bytes: size ?? null, contentType: call.headers['content-type'] ?? null, remoteAddress: call.remoteAddress ?? null, headers: Object.keys(call.headers).sort() },
    }).catch((err) => this.deps.logger.error({ err: (err as Error).message }, 'could not write the audit entry of a refused webhook'))
    this.deps.logger.warn({ connectionId: call.connectionId, status, reason }, 'webhook refused')
    return { status, json: { error: { code, message: reason } } }
  }

  async receive(call: WebhookCall): Promise<WebhookAnswer> {
    const target = /^[0-9a-f-]{36}$/i.test(call.connectionId) ? await this.target(call.connectionId) : null
    if (!target) {
      call.body.resume?.()
      return this.refuse(call, null, 404, 'not_found', `connection ${call.connectionId} does not exist or takes no webhooks`)
    }
    const { config } = target
    const validationToken = call.query.validationToken
    if (config.signature.scheme === 'business-central' && typeof validationToken === 'string') {
      // Subscribing or renewing: Business Central expects its token back, as text, to prove we are the receiver.
      call.body.resume?.()
      await recordAudit(this.deps.db, { tenantId: target.tenantId, connectionId: target.connectionId, action: 'webhook.handshake', status: 200, reason: 'validation token echoed', details: {} })
      return { status: 200, text: validationToken }
    }
    const declared = Number(call.headers['content-length'])
    if (Number.isFinite(declared) && declared > config.maxBytes) {
      // Not read, only discarded: the answer goes out with `Connection: close`, which ends the upload.
      call.body.resume?.()
      return this.refuse(call, target, 413, 'payload_too_large', `the body is ${declared} bytes; this connection takes at most ${config.maxBytes}`, declared)
    }
    let raw: Buffer
    try {
      raw = await readBody(call.body, config.maxBytes)
    } catch (err) {
      if (err instanceof TooLarge) {
        call.body.resume?.()
        return this.refuse(call, target, 413, 'payload_too_large', `the body is over ${config.maxBytes} bytes, the most this connection takes`)
      }
      throw new CallerGone((err as Error).message)
    }
    const verdict = verifySignature(config.signature, call.headers, raw, this.deps.clock.now().getTime())
    if (!verdict.ok) return this.refuse(call, target, 401, 'unauthenticated', verdict.reason, raw.length)
    const parsed = parseBody(config.format, raw)
    if (!parsed.ok) return this.refuse(call, target, 400, 'validation_failed', parsed.reason, raw.length)
    const mismatch = clientStateMismatch(config, parsed.value)
    if (mismatch) return this.refuse(call, target, 401, 'unauthenticated', mismatch, raw.length)

    const headers = keptHeaders(call.headers, config.signature)
    const stored = await this.batcher.insert({
      tenantId: target.tenantId,
      connectionId: target.connectionId,
      dedupKey: dedupKeyOf(target, call.headers, parsed.value, raw),
      contentType: typeof call.headers['content-type'] === 'string' ? call.headers['content-type'] : null,
      headers,
      body: raw,
    })
    if (!stored.duplicate) this.kick(target)
    return { status: stored.duplicate ? 200 : 202, json: stored }
  }

  /** At most one wake-up per connection every KICK_EVERY_MS from this process; the queue coalesces the rest. */
  private kick(target: WebhookTarget): void {
    const now = Date.now()
    if (now - (this.lastKick.get(target.connectionId) ?? 0) < KICK_EVERY_MS) return
    this.lastKick.set(target.connectionId, now)
    // The event is durable already: a lost wake-up only delays it until the worker's sweep.
    this.deps.kick(target.tenantId, target.connectionId).catch((err) => this.deps.logger.warn({ err: (err as Error).message }, 'could not wake the webhook processor'))
  }

  forget(connectionId: string): void {
    this.targets.delete(connectionId)
  }
}

function dedupKeyOf(target: WebhookTarget, headers: IncomingHttpHeaders, body: unknown, raw: Buffer): string {
  const loc = target.config.eventId
  if (loc) {
    const v = 'header' in loc ? headers[loc.header] : at(body, loc.path)
    const id = Array.isArray(v) ? v[0] : v
    if ((typeof id === 'string' && id !== '') || typeof id === 'number') return `id:${id}`
  }
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`
}
