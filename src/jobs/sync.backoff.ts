import { RateLimited } from '../connector-sdk/connector.errors'

export const BACKOFF_TYPE = 'hub'
const MAX_DELAY_MS = 5 * 60_000

/**
 * Exponential backoff with jitter (half fixed, half random, so retries of many jobs spread out), but
 * an ERP that said when to come back (429 / Retry-After) is obeyed instead.
 */
export function syncBackoff(baseMs: number, random: () => number = Math.random) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    if (err instanceof RateLimited) return err.retryAfterMs + Math.round(random() * 250)
    const exp = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1))
    return Math.round(exp / 2 + random() * (exp / 2))
  }
}
