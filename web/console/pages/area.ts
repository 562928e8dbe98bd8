import type { JSX } from 'preact'
import type { Session } from '../api'

/**
 * The console is made of areas (marketing, service, IT, management), each a list of pages behind
 * hash routes and the navigation to them. A page or link shows only to keys whose role holds its
 * permission; the hub checks again on every call.
 */

export interface RouteContext {
  params: Record<string, string>
  query: URLSearchParams
  session: Session
}

export interface ConsoleRoute {
  /** `/campaigns/:id` */
  pattern: string
  permission: string
  render: (ctx: RouteContext) => JSX.Element
}

export interface NavItem {
  label: string
  /** `#/campaigns` */
  href: string
  permission: string
}

export interface ConsoleArea {
  id: 'marketing' | 'service' | 'it' | 'management'
  label: string
  nav: NavItem[]
  routes: ConsoleRoute[]
}
