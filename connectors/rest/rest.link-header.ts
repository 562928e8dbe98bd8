/**
 * Reads the target of `rel="next"` from an RFC 8288 `Link` header, e.g. Shopify's
 * `<https://shop/admin/api/2024-01/customers.json?limit=50&page_info=abc>; rel="next"`.
 * Scanned rather than split at commas: a URI or a quoted param may itself hold `,` or `;`, and
 * `rel` may be unquoted or list several relation types (`rel="next last"`).
 */
export function nextLinkFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const link of scanLinks(header)) {
    const rel = link.params.get('rel')
    if (rel !== undefined && rel.toLowerCase().split(/\s+/).includes('next')) return link.uri
  }
  return undefined
}

interface Link {
  uri: string
  params: Map<string, string>
}

function scanLinks(text: string): Link[] {
  const links: Link[] = []
  let i = 0
  const skip = (chars: RegExp) => {
    while (i < text.length && chars.test(text[i])) i++
  }
  while (i < text.length) {
    skip(/[\s,]/)
    if (text[i] !== '<') break // not a link-value: stop rather than guess
    const end = text.indexOf('>', i)
    if (end < 0) break
    const link: Link = { uri: text.slice(i + 1, end).trim(), params: new Map() }
    i = end + 1
    for (;;) {
      skip(/\s/)
      if (text[i] !== ';') break
      i++
      skip(/\s/)
      const nameStart = i
      skip(/[^\s=;,]/)
      const name = text.slice(nameStart, i).toLowerCase()
      skip(/\s/)
      let value = ''
      if (text[i] === '=') {
        i++
        skip(/\s/)
        value = text[i] === '"' ? readQuoted() : readToken()
      }
      // RFC 8288 §3.3: only the first occurrence of `rel` counts.
      if (name && !link.params.has(name)) link.params.set(name, value)
    }
    links.push(link)
  }
  return links

  function readQuoted(): string {
    let out = ''
    for (i++; i < text.length && text[i] !== '"'; i++) out += text[i] === '\\' ? text[++i] ?? '' : text[i]
    i++
    return out
  }

  function readToken(): string {
    const start = i
    skip(/[^;,]/)
    return text.slice(start, i).trim()
  }
}
