import type { z } from 'zod'
import type { FieldIssue } from './hub-error'

/** `['lines', 3, 'quantity']` → `lines[3].quantity`; the empty path is `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? String(seg) : `.${String(seg)}`
  }
  return out === '' ? '(root)' : out
}

/** Flattens a zod error into one issue per offending value, keeping each path. */
export function zodIssues(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const base = [...prefix, ...issue.path]
    // An unrecognized key is reported on its parent; naming the key itself is what the user needs.
    if (issue.code === 'unrecognized_keys') {
      return { path: formatPath([...base, ...issue.keys.slice(0, 1)]), message: issue.message, code: issue.code }
    }
    return { path: formatPath(base), message: issue.message, code: issue.code }
  })
}
