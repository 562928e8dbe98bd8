import { AuthError, ConfigError, ConnectorError, MalformedResponse, RateLimited, z, type ConnectorContext, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import type { TrytonConfig } from './tryton.config'
import { faultError } from './tryton.errors'
import { redactError } from './tryton.redact'
import { createRpcTransport, type Answer } from './tryton.rpc'

/**
 * The connector's session with trytond: it logs in once (lazily, so `connect()` itself never fails
 * on credentials), fetches the user's company from `res.user.get_preferences`, and sends every model
 * call with `Authorization: Session base64(login:user_id:key)` and the context dict as the last
 * param. A 401 on a call means the session key expired or was revoked: it logs in again once and
 * repeats the call; a second 401 is an AuthError.
 */

export interface CallOptions {
  signal?: AbortSignal
  /** Added to the session context (company, language) for this call, e.g. `locations` for stock. */
  context?: JsonObject
}

export interface TrytonClient {
  /** Calls `method` and returns its result; a Tryton fault is thrown as its typed error. */
  call(method: string, params: JsonValue[], options?: CallOptions): Promise<unknown>
  /** Like `call`, but hands back a Tryton fault instead of throwing it: the caller tells one record's fault from the others. */
  attempt(method: string, params: JsonValue[], options?: CallOptions): Promise<Answer>
  /** The session context every call carries (company, language); logs in if needed. */
  context(signal?: AbortSignal): Promise<JsonObject>
  /** Logs out if logged in; never throws (the server forgets the key after max_age anyway). */
  close(): Promise<void>
}

interface SessionState {
  header: string
  context: JsonObject
}

const loginResult = z.tuple([z.int(), z.string().min(1)])
const preferences = z.looseObject({ company: z.int().nullish() })
const LOGOUT_TIMEOUT_MS = 5000

export function createTrytonClient(config: TrytonConfig, ctx: ConnectorContext): TrytonClient {
  const endpoint = `${config.url.replace(/\/+$/, '')}/${encodeURIComponent(config.database)}/`
  const rpc = createRpcTransport(ctx.http, endpoint)
  const logger = ctx.logger.child({ database: config.database })
  let session: Promise<SessionState> | undefined
  const secrets = new Set<string>([config.password])

  const redact = <E>(err: E): E => redactError(err, [...secrets])

  async function login(signal?: AbortSignal): Promise<SessionState> {
    let answer: Answer
    try {
      answer = await rpc.exchange('common.db.login', [config.login, { password: config.password }, config.language], { timeoutMs: config.loginTimeoutMs, signal })
    } catch (err) {
      throw loginFailure(err, signal)
    }
    if (!answer.ok) {
      // LoginException: Tryton wants another login parameter (e.g. a second factor) the hub cannot give.
      throw answer.fault.kind === 'LoginException'
        ? new AuthError(`Tryton asks the login "${config.login}" for another parameter: ${answer.fault.message}`, { details: { kind: answer.fault.kind } })
        : faultError('common.db.login', answer.fault)
    }
    const parsed = loginResult.safeParse(answer.result)
    if (!parsed.success) throw new MalformedResponse(`POST ${endpoint} (common.db.login) did not answer [user id, session key]`)
    const [userId, key] = parsed.data
    const token = Buffer.from(`${config.login}:${userId}:${key}`).toString('base64')
    secrets.add(key).add(token)
    const header = `Session ${token}`

    const prefs = await exchange('model.res.user.get_preferences', [true, {}], header, signal)
    const company = preferences.safeParse(prefs)
    if (!company.success) throw new MalformedResponse(`POST ${endpoint} (res.user.get_preferences) did not answer a preferences object`)
    if (company.data.company == null) throw new ConfigError(`the Tryton user "${config.login}" has no current company: set one in Tryton (User > Preferences)`)
    logger.debug({ login: config.login, company: company.data.company }, 'logged in to Tryton')
    return { header, context: { company: company.data.company, language: config.language } }
  }

  function loginFailure(err: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted && err === signal.reason) return err
    const status = statusOf(err)
    if (err instanceof AuthError) {
      return new AuthError(`Tryton refused the login "${config.login}" on database "${config.database}" (HTTP ${status ?? '401'}): check the login and password`, { details: { status } })
    }
    if (err instanceof RateLimited) {
      return new RateLimited(`Tryton throttles logins of "${config.login}" after repeated failures (HTTP 429)`, Math.max(err.retryAfterMs, config.loginRetryAfterMs))
    }
    if (err instanceof ConfigError && status === 404) {
      return new ConfigError(`Tryton has no database "${config.database}" at ${config.url} (HTTP 404)`, { details: { status } })
    }
    return err
  }

  /** One call with a given session header; a fault is thrown typed. */
  async function exchange(method: string, params: JsonValue[], header: string, signal?: AbortSignal): Promise<unknown> {
    const answer = await rpc.exchange(method, params, { headers: { Authorization: header }, timeoutMs: config.timeoutMs, signal })
    if (!answer.ok) throw faultError(method, answer.fault)
    return answer.result
  }

  function currentSession(signal?: AbortSignal): Promise<SessionState> {
    if (!session) {
      const started = login(signal)
      session = started
      // A failed login is not cached: the next call tries again.
      started.catch(() => {
        if (session === started) session = undefined
      })
    }
    return session
  }

  async function send(method: string, params: JsonValue[], options: CallOptions): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const state = currentSession(options.signal)
      const { header, context } = await state
      try {
        return await rpc.exchange(method, [...params, { ...context, ...options.context }], { headers: { Authorization: header }, timeoutMs: config.timeoutMs, signal: options.signal })
      } catch (err) {
        if (attempt === 1 && err instanceof AuthError && statusOf(err) === 401) {
          // The key expired (max_age) or was revoked: one fresh login, unless another call already made one.
          if (session === state) session = undefined
          logger.info({ method }, 'Tryton session expired; logging in again')
          continue
        }
        throw err
      }
    }
  }

  async function guarded<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      // The reason of an abort is the caller's own value: hand it back untouched.
      if (signal?.aborted && err === signal.reason) throw err
      throw redact(err)
    }
  }

  return {
    call(method, params, options = {}) {
      return guarded(options.signal, async () => {
        const answer = await send(method, params, options)
        if (!answer.ok) throw faultError(method, answer.fault)
        return answer.result
      })
    },
    attempt(method, params, options = {}) {
      return guarded(options.signal, () => send(method, params, options))
    },
    context(signal) {
      return guarded(signal, async () => ({ ...(await currentSession(signal)).context }))
    },
    async close() {
      const current = session
      session = undefined
      if (!current) return
      try {
        const { header } = await current
        await rpc.exchange('common.db.logout', [], { headers: { Authorization: header }, timeoutMs: Math.min(config.timeoutMs, LOGOUT_TIMEOUT_MS) })
      } catch (err) {
        logger.debug({ err: String(redact(err)) }, 'Tryton logout failed (ignored)')
      }
    },
  }
}

/** The HTTP status the SDK client recorded on an error, when it has one. */
function statusOf(err: unknown): number | undefined {
  const details = z.object({ status: z.int() }).safeParse(err instanceof ConnectorError ? err.details : undefined)
  return details.success ? details.data.status : undefined
}

