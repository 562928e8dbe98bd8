import type { Simulator } from './simulator.contract'
import { ENTITY_NAMES } from './simulator.types'

/** What a running simulator serves, for the CLI to print. Never shows credentials. */
export function describeSimulator(sim: Simulator): string {
  const stats = sim.stats()
  const width = Math.max(...ENTITY_NAMES.map((name) => name.length))
  const numbers = ENTITY_NAMES.map((name) => stats.counts[name].toLocaleString('en-US'))
  const numberWidth = Math.max(...numbers.map((n) => n.length))
  const rows = ENTITY_NAMES.map((name, i) => {
    const extra = name === 'sales-orders' ? `  (${stats.lines.toLocaleString('en-US')} order lines)` : ''
    return `  ${name.padEnd(width)}  ${numbers[i].padStart(numberWidth)}  ${sim.url}/api/v1/${name}${extra}`
  })
  return [
    `ERP simulator listening on ${sim.url} (seed ${sim.seed}, auth: ${sim.authType}${stats.churnPerSecond > 0 ? `, churn: ${stats.churnPerSecond}/s` : ''})`,
    ...rows,
    `  paging: ?limit=&cursor= (default), ?page=&per_page=, ?offset=&limit=; filter: ?updated_since=<ISO 8601>`,
    `  controls: ${sim.url}/admin/stats (GET), /admin/mutate, /admin/add, /admin/patch, /admin/churn … (POST JSON)`,
    `  faults:   POST /admin/fail-next, /admin/delay-next, /admin/truncate-next (one-shot); POST /admin/faults {errorRate, rateLimitRate, retryAfterSeconds, timeoutRate, timeoutMs, seed} (standing, 0 = off)`,
    `  late:     POST /admin/commit-late {entity, count, lagMs} (changes stamped lagMs in the past)`,
    `  rate:     GET /admin/max-requests-in-window?windowMs=1000[&path=/api/v1/…][&faulted=false]`,
    `  webhooks: POST /admin/webhooks {url, secret, scheme: hmac|timestamped, duplicateRate, reorderWindow, concurrency, retries, seed} (null = off), GET /admin/webhook-stats, POST /admin/flush-webhooks`,
    ...(stats.webhooks.enabled ? [`  webhooks → ${stats.webhooks.url} (${stats.webhooks.scheme})`] : []),
  ].join('\n')
}
