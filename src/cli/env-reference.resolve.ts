import type { FieldIssue } from '../errors/hub-error'
import { formatPath } from '../errors/zod-issues'

/**
 * `${env:NAME}` in any string of a connection file is replaced by the environment variable NAME, so
 * secrets (and anything else that differs per environment) stay out of the files. A reference may be
 * the whole value or part of it (`"Bearer ${env:TOKEN}"`); `$${env:NAME}` is the literal text
 * `${env:NAME}`. NAME is a shell-style name: letters, digits and `_`, not starting with a digit.
 * A variable that is not set, or set to nothing, is an issue at the value's path — never an empty secret.
 */
const REFERENCE = /\$(\$?)\{env:([^}]*)(\}?)/g
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface ResolvedValue {
  value: unknown
  issues: FieldIssue[]
  /** Paths (`config.auth.token`) whose value came from the environment: never printed. */
  fromEnv: Set<string>
}

export function resolveEnvReferences(input: unknown, env: NodeJS.ProcessEnv): ResolvedValue {
  const issues: FieldIssue[] = []
  const fromEnv = new Set<string>()

  const resolveString = (text: string, path: Array<string | number>): string => {
    let referenced = false
    const out = text.replace(REFERENCE, (whole, escaped: string, name: string, closed: string) => {
      if (escaped) return whole.slice(1)
      const at = formatPath(path)
      if (!closed || !NAME.test(name)) {
        issues.push({ path: at, message: `"${whole}" is not an environment reference; write \${env:NAME} with NAME of letters, digits and _` })
        return whole
      }
      referenced = true
      const value = env[name]
      if (value === undefined) issues.push({ path: at, message: `environment variable ${name} is not set` })
      else if (value === '') issues.push({ path: at, message: `environment variable ${name} is empty` })
      return value ?? ''
    })
    if (referenced) fromEnv.add(formatPath(path))
    return out
  }

  const walk = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') return resolveString(value, path)
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k])
      return out
    }
    return value
  }

  return { value: walk(input, []), issues, fromEnv }
}
