/**
 * Reads a dotted path such as `data.items` or `links.next` from parsed JSON; `''` is the value itself.
 * Shared by connectors (where the records are in a response) and the hub (a record's key field).
 */
export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value
  let cur: unknown = value
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[seg]
  }
  return cur
}
