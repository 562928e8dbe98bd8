import type { ServerResponse } from 'node:http'
import type { TruncationMode } from './fault.queue'

const JSON_TYPE = 'application/json; charset=utf-8'

/** Sends a body, possibly damaged as a test asked (see TruncationMode). */
export function sendBody(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, truncation?: TruncationMode): void {
  const bytes = Buffer.from(body, 'utf8')
  // Lower-cased so a test's "content-type" replaces the default instead of doubling it.
  const all: Record<string, string> = { 'content-type': JSON_TYPE }
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value
  if (truncation === 'malformed') {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2))
    res.writeHead(status, { ...all, 'content-length': String(half.length) })
    res.end(half)
    return
  }
  res.writeHead(status, { ...all, 'content-length': String(bytes.length) })
  if (truncation === 'abort') {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy())
    return
  }
  res.end(bytes)
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncation?: TruncationMode): void {
  sendBody(res, status, JSON.stringify(body), headers, truncation)
}

export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  return { error: { code, message, ...extra } }
}
