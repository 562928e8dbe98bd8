import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { EnvSchema, type EnvDoc } from '../src/config/config'

/**
 * README.md's configuration reference, rendered from the config schema itself (src/config/config.ts):
 * type and allowed values from each variable's zod schema, the default from its `.default()` (or the
 * `computedDefault` its metadata names, for defaults loadConfig computes), the description and
 * "required when" from its metadata. Run: `npm run docs:config` (writes README.md);
 * `npm run docs:config -- --check` only says whether README.md is up to date (exit 1 when not).
 * test/unit/config.test.ts fails while README.md's block differs from what this renders.
 */

export const START_MARKER = '<!-- config-reference:start -->'
export const END_MARKER = '<!-- config-reference:end -->'

export const README_PATH = join(__dirname, '..', 'README.md')

/** The zod internals read here (zod 4's `_zod.def`), no more than that. */
interface Def {
  type: string
  innerType?: z.ZodType
  defaultValue?: unknown
  entries?: Record<string, string | number>
  checks?: Array<{ _zod: { def: CheckDef } }>
}
interface CheckDef {
  check: string
  format?: string
  pattern?: RegExp
  value?: number
  inclusive?: boolean
  minimum?: number
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

const code = (text: string) => `\`${text}\``

/** Markdown table cells: one line, and a `|` would end the cell. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')

interface Unwrapped {
  inner: z.ZodType
  /** The schema's own default, when it declares one. */
  hasDefault: boolean
  defaultValue?: unknown
  optional: boolean
}

function unwrap(schema: z.ZodType): Unwrapped {
  let inner = schema
  let hasDefault = false
  let defaultValue: unknown
  let optional = false
  for (;;) {
    const def = defOf(inner)
    if (def.type === 'default') {
      hasDefault = true
      defaultValue = def.defaultValue
    } else if (def.type === 'optional') optional = true
    else return { inner, hasDefault, defaultValue, optional }
    inner = def.innerType!
  }
}

function bounds(name: string, checks: CheckDef[]): string[] {
  const out: string[] = []
  for (const c of checks) {
    if (c.check === 'greater_than') out.push(`${c.inclusive ? '≥' : '>'} ${c.value}`)
    else if (c.check === 'less_than') out.push(`${c.inclusive ? '≤' : '<'} ${c.value}`)
    else if (c.check !== 'number_format') throw new Error(`${name}: the reference cannot describe the number check "${c.check}"; teach scripts/config-reference.ts`)
  }
  return out
}

/** The type and allowed values, read from the schema. A schema it cannot describe is an error, never a guess. */
export function describeType(name: string, schema: z.ZodType): string {
  const def = defOf(schema)
  const checks = (def.checks ?? []).map((c) => c._zod.def)
  if (def.type === 'enum') return `one of ${Object.values(def.entries!).map((v) => code(String(v))).join(', ')}`
  if (def.type === 'number') {
    const isInt = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'))
    const [low, high] = [checks.find((c) => c.check === 'greater_than'), checks.find((c) => c.check === 'less_than')]
    const base = isInt ? 'integer' : 'number'
    // Both ends inclusive reads best as a range.
    if (low?.inclusive && high?.inclusive && checks.length === (isInt ? 3 : 2)) return `${base}, ${low.value} to ${high.value}`
    const limits = bounds(name, checks)
    return limits.length ? `${base} ${limits.join(' and ')}` : base
  }
  if (def.type === 'string') {
    const parts: string[] = []
    for (const c of checks) {
      if (c.check === 'string_format' && c.format === 'url') parts.push('URL')
      else if (c.check === 'string_format' && c.format === 'regex') parts.push(`string matching ${code(c.pattern!.source)}`)
      else if (c.check === 'min_length') parts.push(`at least ${c.minimum} characters`)
      else throw new Error(`${name}: the reference cannot describe the string check "${c.check}${c.format ? ` ${c.format}` : ''}"; teach scripts/config-reference.ts`)
    }
    if (parts.length === 0) return 'string'
    return parts[0] === 'URL' || parts[0].startsWith('string') ? parts.join(', ') : `string, ${parts.join(', ')}`
  }
  throw new Error(`${name}: the reference cannot describe a zod "${def.type}"; teach scripts/config-reference.ts`)
}

function docOf(name: string, schema: z.ZodType): EnvDoc {
  const meta = z.globalRegistry.get(schema) as Partial<EnvDoc> | undefined
  if (!meta?.description?.trim()) throw new Error(`${name} has no description: add one with documented(…) in src/config/config.ts`)
  return meta as EnvDoc
}

function describeDefault(name: string, u: Unwrapped, doc: EnvDoc): string {
  if (u.hasDefault && doc.computedDefault) throw new Error(`${name} has a schema default and a computedDefault: keep one`)
  if (u.hasDefault) return code(String(u.defaultValue))
  return doc.computedDefault ?? '—'
}

function describeRequired(u: Unwrapped, doc: EnvDoc): string {
  if (doc.requiredWhen) return doc.requiredWhen
  return u.hasDefault || u.optional ? '—' : 'always'
}

/** The whole block, markers included, exactly as README.md must hold it. */
export function renderConfigReference(schema: z.ZodObject = EnvSchema): string {
  const rows = Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const doc = docOf(name, field)
    const u = unwrap(field)
    return `| ${code(name)} | ${cell(describeType(name, u.inner))} | ${cell(describeDefault(name, u, doc))} | ${cell(describeRequired(u, doc))} | ${cell(doc.description)} |`
  })
  return [
    START_MARKER,
    '<!-- Generated from EnvSchema in src/config/config.ts by `npm run docs:config`: edit the schema, not this table. -->',
    '',
    '| variable | type | default | required when | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    END_MARKER,
  ].join('\n')
}

/** The block README.md holds now, markers included. */
export function currentConfigReference(readme: string): string {
  const start = readme.indexOf(START_MARKER)
  const end = readme.indexOf(END_MARKER)
  if (start < 0 || end < start || readme.indexOf(START_MARKER, start + 1) >= 0) {
    throw new Error(`README.md must hold exactly one ${START_MARKER} … ${END_MARKER} block`)
  }
  return readme.slice(start, end + END_MARKER.length)
}

/** README.md with its block replaced by `block`; nothing else changes. */
export function withConfigReference(readme: string, block: string = renderConfigReference()): string {
  const current = currentConfigReference(readme)
  const start = readme.indexOf(current)
  return readme.slice(0, start) + block + readme.slice(start + current.length)
}

if (require.main === module) {
  const readme = readFileSync(README_PATH, 'utf8')
  const updated = withConfigReference(readme)
  if (process.argv.includes('--check')) {
    console.log(updated === readme ? 'README.md: configuration reference up to date' : 'README.md: configuration reference out of date; run `npm run docs:config`')
    process.exit(updated === readme ? 0 : 1)
  }
  if (updated !== readme) writeFileSync(README_PATH, updated)
  console.log(updated === readme ? 'README.md: configuration reference already up to date' : 'README.md: configuration reference rewritten from src/config/config.ts')
}
