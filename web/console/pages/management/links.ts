import { can, type Session } from '../../api'
import { matchPath } from '../../router'
import type { ConsoleRoute } from '../area'
import { itArea } from '../it'
import { marketingArea } from '../marketing'
import { serviceArea } from '../service'

/**
 * Links from a KPI's rows to the things they name (a golden customer, a service case, a campaign, a
 * knowledge article), when another area of the console has a page for it that this key may open.
 * A manager, who may not read customers, sees the id without a link rather than a page that refuses.
 */
export type LinkKind = 'customer' | 'case' | 'campaign' | 'article'

const PATHS: Record<LinkKind, string[]> = {
  customer: ['/customers/:id', '/golden/:id'],
  case: ['/cases/:id'],
  campaign: ['/campaigns/:id'],
  article: ['/knowledge/:id', '/articles/:id', '/kb/:id'],
}

function routes(): ConsoleRoute[] {
  // Read when a link is made, not when this module loads: the areas import one another freely.
  return [marketingArea, serviceArea, itArea].flatMap((a) => a.routes)
}

export function consoleLink(session: Session, kind: LinkKind, id: string): string | undefined {
  for (const pattern of PATHS[kind]) {
    const path = pattern.replace(':id', encodeURIComponent(id))
    const route = routes().find((r) => matchPath(r.pattern, path))
    if (route) return can(session, route.permission) ? `#${path}` : undefined
  }
  return undefined
}
