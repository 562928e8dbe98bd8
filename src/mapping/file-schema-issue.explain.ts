import type { z } from 'zod'
import { arrayElementOf, objectShapeOf, recordValueOf, type SchemaNode } from './canonical-schema.inspect'
import { describeKind } from './coercion.types'
import { didYouMean } from './did-you-mean.suggest'
import type { SpecIssue, SpecPath } from './mapping-file.error'

/**
 * Turns zod's issues about a mapping-file node into messages for the person editing the file: one
 * issue per unknown key with a did-you-mean, "missing required key" instead of "received undefined",
 * and the allowed values for a misspelt setting.
 */
export function explainSchemaIssues(error: z.ZodError, schema: SchemaNode, input: unknown, basePath: SpecPath): SpecIssue[] {
  const out: SpecIssue[] = []
  for (const issue of error.issues) {
    const relative = issue.path.filter((s): s is string | number => typeof s !== 'symbol')
    const path = [...basePath, ...relative]
    const value = valueAt(input, relative)
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = Object.keys(objectShapeAt(schema, relative) ?? {})
        for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"${didYouMean(key, known)}`, at: 'key' })
        break
      }
      case 'invalid_type':
        if (value === undefined) out.push({ path, message: `missing required key "${String(relative.at(-1) ?? '')}"`, at: 'key' })
        else out.push({ path, message: `expected ${expectedWords[issue.expected] ?? issue.expected}, got ${describeKind(value)}`, at: 'value' })
        break
      case 'invalid_value': {
        const allowed = issue.values.map(String)
        const shown = typeof value === 'string' ? `"${value}"` : describeKind(value)
        out.push({ path, message: `unknown value ${shown}; expected one of ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`, at: 'value' })
        break
      }
      default:
        out.push({ path, message: lowerFirst(issue.message), at: 'value' })
    }
  }
  return out
}

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
}

function objectShapeAt(schema: SchemaNode, path: SpecPath): Readonly<Record<string, SchemaNode>> | undefined {
  let current: SchemaNode | undefined = schema
  for (const segment of path) {
    if (current === undefined) return undefined
    current = objectShapeOf(current)?.[String(segment)] ?? recordValueOf(current) ?? arrayElementOf(current)
  }
  return current === undefined ? undefined : objectShapeOf(current)
}

function valueAt(input: unknown, path: SpecPath): unknown {
  let current = input
  for (const segment of path) {
    // A lone value stands for a one-element list (`from: id`), so index 0 of a scalar is the scalar.
    if (segment === 0 && !Array.isArray(current)) continue
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
