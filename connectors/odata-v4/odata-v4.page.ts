import { MalformedResponse, type HttpResponse, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import { linkRefusal, pathOf, resolveLink } from './odata-v4.url'

/** One collection response: its items, and the links to the next page and to the next delta. */
export interface CollectionPage {
  items: JsonObject[]
  nextLink: string | undefined
  deltaLink: string | undefined
}

/**
 * Reads `{ "value": [...], "@odata.nextLink"?, "@odata.deltaLink"? }` (4.01 also spells them
 * `@nextLink` / `@deltaLink`). The body came from the SDK's exact JSON parse, so only its shape is in
 * doubt; a wrong shape is never taken for an empty last page, which would end the run as if complete.
 * Links are resolved (a relative one against the context URL) and must stay on the service's host.
 */
export function readCollection(response: HttpResponse<unknown>, requestUrl: string, serviceRoot: string): CollectionPage {
  const where = `GET ${pathOf(requestUrl)}`
  const body = response.data
  if (!isObject(body)) throw new MalformedResponse(`${where}: expected an OData collection ({"value": [...]}), found ${describe(body)}`)
  const value = body.value
  if (!Array.isArray(value)) throw new MalformedResponse(`${where}: expected an array of records at \`value\`, found ${describe(value)}`)
  const bad = value.findIndex((item) => !isObject(item))
  if (bad >= 0) throw new MalformedResponse(`${where}: value[${bad}] is ${describe(value[bad])}, not a JSON object`)
  const context = stringAt(body, '@odata.context', '@context', where)
  const link = (names: [string, string], what: string) => {
    const raw = stringAt(body, names[0], names[1], where)
    if (raw === undefined || raw === '') return undefined
    const resolved = resolveLink(raw, requestUrl, context)
    if (resolved === undefined) throw new MalformedResponse(`${where}: the ${what} is not a URL`)
    const refusal = linkRefusal(resolved, serviceRoot)
    if (refusal !== undefined) throw new MalformedResponse(`${where}: the ${what} ${refusal}; refusing to follow it`, { details: { link: pathOf(resolved) } })
    return resolved
  }
  return {
    items: value.filter(isObject),
    nextLink: link(['@odata.nextLink', '@nextLink'], '@odata.nextLink'),
    deltaLink: link(['@odata.deltaLink', '@deltaLink'], '@odata.deltaLink'),
  }
}

function stringAt(body: JsonObject, name: string, shortName: string, where: string): string | undefined {
  const value = body[name] ?? body[shortName]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new MalformedResponse(`${where}: ${name} is ${describe(value)}, not a URL`)
  return value
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: JsonValue | unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}
