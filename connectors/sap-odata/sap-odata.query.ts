import type { SapEntity, SapODataConfig } from './sap-odata.config'

/**
 * URLs and query strings as SAP Gateway reads them. The query is built here rather than by the
 * HTTP library: OData wants spaces as %20 (a form encoder writes `+`), and `$` kept readable in
 * option names. Values are percent-encoded whole, so quotes and operators in a $filter survive.
 */

export type Query = ReadonlyArray<readonly [string, string]>

export function queryString(query: Query): string {
  return query.map(([name, value]) => `${encodeURIComponent(name).replace(/^%24/, '$')}=${encodeURIComponent(value)}`).join('&')
}

export function withQuery(url: string, query: Query): string {
  if (query.length === 0) return url
  return `${url}${url.includes('?') ? '&' : '?'}${queryString(query)}`
}

/** `<baseUrl><servicePath>/<service>`: where the service document, $metadata and entity sets live. */
export function serviceUrl(config: Pick<SapODataConfig, 'baseUrl' | 'servicePath'>, entity: Pick<SapEntity, 'service'>): string {
  return `${config.baseUrl.replace(/\/+$/, '')}${config.servicePath}/${entity.service}`
}

export function entitySetUrl(config: Pick<SapODataConfig, 'baseUrl' | 'servicePath'>, entity: Pick<SapEntity, 'service' | 'entitySet'>): string {
  return `${serviceUrl(config, entity)}/${entity.entitySet}`
}

/** An OData v2 string literal: single quotes, an inner quote doubled. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** Several $filter conditions that must all hold; each is parenthesised so `or` inside one cannot leak. */
export function allOf(conditions: ReadonlyArray<string | null | undefined>): string | undefined {
  const present = conditions.filter((c): c is string => typeof c === 'string' && c !== '')
  if (present.length === 0) return undefined
  if (present.length === 1) return present[0]
  return present.map((c) => `(${c})`).join(' and ')
}

/**
 * Adds `sap-client` (and `$format=json`) to a URL the server named, when it left them out: the
 * client decides which data the session sees, so a next link without it would read another client.
 */
export function withSessionParams(url: string, sapClient: string | undefined): string {
  const present = new URL(url).searchParams
  const missing: Array<[string, string]> = []
  if (sapClient !== undefined && !present.has('sap-client')) missing.push(['sap-client', sapClient])
  if (!present.has('$format')) missing.push(['$format', 'json'])
  return withQuery(url, missing)
}
