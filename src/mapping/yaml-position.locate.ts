import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import { formatPath } from '../errors/zod-issues'
import type { SpecPath } from './mapping-file.error'

export interface YamlPosition {
  line: number
  column: number
  /** The path as the file spells it; an issue inside a scalar (e.g. `from: id` read as `[id]`) names the scalar. */
  key: string
}

/**
 * Finds where a path lives in the YAML text. A path that does not exist (a missing key) points at
 * its nearest existing parent, because that is where the author has to add it.
 */
export function locateInYaml(doc: Document, lines: LineCounter, path: SpecPath, at: 'key' | 'value'): YamlPosition {
  let node: unknown = doc.contents
  let keyNode: Node | undefined
  let depth = 0
  for (const segment of path) {
    const next = childOf(node, segment)
    if (next === undefined) break
    keyNode = next.key
    node = next.value
    depth++
  }
  const complete = depth === path.length
  const valueNode = isNode(node) ? node : undefined
  let offset: number | undefined
  let shownPath: SpecPath = path
  if (complete) {
    offset = at === 'key' ? (keyNode?.range?.[0] ?? valueNode?.range?.[0]) : (valueNode?.range?.[0] ?? keyNode?.range?.[0])
  } else if (isScalar(node)) {
    // The schema looked inside a value the file wrote as a scalar: point at that value.
    offset = valueNode?.range?.[0]
    shownPath = path.slice(0, depth)
  } else {
    offset = keyNode?.range?.[0]
  }
  const { line, col } = lines.linePos(offset ?? 0)
  return { line, column: col, key: formatPath(shownPath) }
}

function childOf(node: unknown, segment: string | number): { key: Node | undefined; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => keyMatches(item.key, String(segment)))
    if (pair === undefined) return undefined
    return { key: isNode(pair.key) ? pair.key : undefined, value: pair.value }
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment]
    if (item === undefined) return undefined
    return { key: isNode(item) ? item : undefined, value: item }
  }
  return undefined
}

/** A key matches by its value or, for keys YAML reads as numbers (`01`), by its text. */
function keyMatches(key: unknown, segment: string): boolean {
  if (!isScalar(key)) return String(key) === segment
  return String(key.value) === segment || key.source === segment
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value)
}
