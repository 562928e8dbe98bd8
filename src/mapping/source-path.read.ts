import type { SourcePath } from './source-path.parse'

export type SourceReader = (record: unknown) => unknown

/**
 * Builds a reader for one path, once per mapping. Only own properties are read, so a path such as
 * `constructor` or `__proto__` yields nothing rather than something from the prototype chain.
 */
export function compileSourceReader(path: SourcePath): SourceReader {
  const segments = [...path]
  if (segments.length === 0) return (record) => record
  if (segments.length === 1) {
    const [key] = segments
    return (record) => readKey(record, key)
  }
  return (record) => {
    let current: unknown = record
    for (let i = 0; i < segments.length && current !== undefined; i++) current = readKey(current, segments[i])
    return current
  }
}

function readKey(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
}
