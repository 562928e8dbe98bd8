/**
 * Source paths name a value inside a raw ERP record: `customer.address.city`, `lines.0.sku` or
 * `lines[0].sku`. Numeric segments index arrays; both spellings mean the same and print as `[0]`.
 * A key that itself contains `.`, `[` or `]` cannot be addressed (no ERP we map needs it yet).
 */
export type SourcePath = readonly string[]

export type SourcePathParse = { ok: true; path: SourcePath } | { ok: false; message: string }

const segmentPattern = /^([^.[\]]+)((?:\[\d+\])*)$/
const indexPattern = /\[(\d+)\]/g
const numericPattern = /^\d+$/

export function parseSourcePath(text: string): SourcePathParse {
  if (text.trim() === '') return { ok: false, message: 'a path cannot be empty' }
  const segments: string[] = []
  for (const part of text.split('.')) {
    const match = segmentPattern.exec(part)
    if (match === null) {
      return { ok: false, message: `"${text}" is not a path: use dotted names such as customer.address.city or lines[0].sku` }
    }
    segments.push(match[1])
    for (const index of match[2].matchAll(indexPattern)) segments.push(index[1])
  }
  return { ok: true, path: segments }
}

/** The path as people read it: `lines[2].quantity`; the empty path is the record itself. */
export function formatSourcePath(path: SourcePath): string {
  let out = ''
  for (const segment of path) {
    if (numericPattern.test(segment)) out += `[${segment}]`
    else out += out === '' ? segment : `.${segment}`
  }
  return out === '' ? '(root)' : out
}

/** Joins an already formatted prefix (`lines[2]`) and a relative path (`product.code`). */
export function joinSourcePath(prefix: string, relative: string): string {
  if (prefix === '' || prefix === '(root)') return relative
  if (relative === '(root)') return prefix
  return relative.startsWith('[') ? `${prefix}${relative}` : `${prefix}.${relative}`
}
