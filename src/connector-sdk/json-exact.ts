/**
 * JSON.parse, but exact where it matters for ERP data: a leading UTF-8 byte-order mark is dropped
 * (TripPin and Dataverse send one), and integer literals beyond 2^53 (OData Int64 ids, concurrency
 * tokens) become strings instead of silently rounded numbers. The slow path runs only when the
 * text holds a run of 16 or more digits.
 */
export function parseJsonExact(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (!/\d{16}/.test(body)) return JSON.parse(body)
  return JSON.parse(quoteUnsafeIntegers(body))
}

function quoteUnsafeIntegers(text: string): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      // Skip a string literal, honouring escapes.
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 0x5c /* \ */) i += 2
        else if (d === 0x22) break
        else i++
      }
      i++
      continue
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) i++
        else break
      }
      const literal = text.slice(start, i)
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += text.slice(last, start) + `"${literal}"`
        last = i
      }
      continue
    }
    i++
  }
  return out + text.slice(last)
}
