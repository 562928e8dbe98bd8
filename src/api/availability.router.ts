import { z } from 'zod'
import { ValidationError } from '../errors/hub-error'
import { availabilityOf } from '../scm/availability.query'
import { addDays, availabilityTimelines, dayIn, isTimeZone } from '../scm/atp.query'
import { refreshSkus } from '../sync/refresh-skus.sync'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

const Day = z.iso.date()
const MAX_DAYS = 366
const DEFAULT_DAYS = 30
/** A refresh waits this long for the ERPs at most; what did not come back in time answers from the last sync. */
const REFRESH_TIMEOUT_MS = 15_000

const AvailabilityQuery = z
  .object({
    sku: z.string().trim().min(1).max(200).optional().describe('one SKU: what each ERP says of it, plus its ATP timeline (give sku or skus)'),
    skus: z
      .string()
      .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
      .pipe(z.array(z.string().max(200)).min(1).max(100))
      .optional()
      .describe('several SKUs, comma-separated (at most 100): an ATP timeline per SKU'),
    from: Day.optional().describe('the first day (default today, not before it)'),
    to: Day.optional().describe('the last day (default from + 30 days; a year at most)'),
    location: z.string().trim().min(1).max(200).optional().describe('only this location'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional().describe('an IANA time zone the days are in (default UTC)'),
    refresh: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe("re-read these SKUs' stock from the ERPs first, within each connection's rate budget"),
  })
  .strict()
  .refine((q) => (q.sku === undefined) !== (q.skus === undefined), { message: 'name either sku or skus', path: ['sku'] })

/**
 * Available-to-promise across the ERPs. `?sku=` answers for one SKU (on hand per ERP and location,
 * open production, and its timeline); `?skus=a,b&from=&to=` answers with a timeline per SKU. Dates
 * are calendar days in `timeZone` (default UTC); the range starts today at the earliest and spans
 * at most a year (the look-ahead behind each day's ATP still runs to the last known plan). With
 * `refresh=true` the SKUs' stock is first re-read from every ERP that can read it by SKU.
 */
export function availabilityRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/availability', { name: 'Availability', description: 'Available-to-promise across the ERPs and warehouses.' })
  api.get(
    '/',
    {
      summary: 'Stock and available-to-promise of one SKU or several',
      description: [
        '`?sku=`: on hand, reserved and available per connection and location, open production by planned date, as-of time per source, and the SKU\'s ATP `timeline`.',
        '`?skus=a,b&from=&to=`: ATP per SKU and day (`from` today at the earliest, a year at most; days in `timeZone`, default UTC) per source and in total, with `projected`, `atp` and `promisable`, the launched campaigns\' holds, and each source\'s as-of time.',
        '`refresh=true` re-reads the SKUs\' stock from every ERP that can read by SKU first.',
      ].join('\n\n'),
      access: 'availability:read',
      query: AvailabilityQuery,
      answers: [{ description: 'one SKU\'s availability with its `timeline`, or `{ from, to, today, data }` with a timeline per SKU' }],
    },
    async (_req, res, { query: q }) => {
      const today = dayIn(deps.clock.now(), q.timeZone)
      const from = q.from ?? today
      const to = q.to ?? addDays(from, DEFAULT_DAYS)
      const issues = []
      if (from < today) issues.push({ path: 'query.from', message: `must not be before today (${today}${q.timeZone ? ` in ${q.timeZone}` : ' UTC'}): stock is known from now on` })
      if (to < from) issues.push({ path: 'query.to', message: `must not be before from (${from})` })
      else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_DAYS) issues.push({ path: 'query.to', message: `from..to may span at most ${MAX_DAYS} days` })
      if (issues.length) throw new ValidationError('invalid request query', issues)
      const tenantId = authOf(res).tenantId
      const query = { from, to, location: q.location, timeZone: q.timeZone }
      const skus = q.sku !== undefined ? [q.sku] : q.skus!
      const refreshed = q.refresh ? { refreshed: await refreshSkus(deps.sync, tenantId, skus, AbortSignal.timeout(REFRESH_TIMEOUT_MS)) } : {}
      if (q.sku !== undefined) {
        const [timeline] = await availabilityTimelines(deps.db, tenantId, { ...query, skus }, deps.clock.now())
        res.json({ ...(await availabilityOf(deps.db, tenantId, q.sku)), timeline, ...refreshed })
        return
      }
      res.json({ from, to, today, data: await availabilityTimelines(deps.db, tenantId, { ...query, skus }, deps.clock.now()), ...refreshed })
    },
  )
  return api.router
}
