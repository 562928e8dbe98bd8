import { z } from 'zod'
import type { KeyedRecord } from '../simulator.types'

/** A keyset position: the (updated_at, id) of the last record served. Opaque to clients. */
export interface CursorPosition {
  updatedAt: string
  id: string
}

const cursorPayload = z.strictObject({ u: z.iso.datetime(), id: z.string().min(1) })

export function encodeCursor(record: KeyedRecord): string {
  return Buffer.from(JSON.stringify({ u: record.updated_at, id: record.id }), 'utf8').toString('base64url')
}

/** Null for anything this simulator did not issue (Node's base64 decoder is lenient, so check first). */
export function decodeCursor(raw: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return null
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  const parsed = cursorPayload.safeParse(json)
  return parsed.success ? { updatedAt: parsed.data.u, id: parsed.data.id } : null
}
