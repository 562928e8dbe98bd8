import type { z } from 'zod'
import { findSecretPaths, type SecretPath } from '../connector-sdk/secret'
import { open, seal } from './secret-box'

/** What the API shows in place of a secret; sending it back on update keeps the stored secret. */
export const SECRET_MASK = '********'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
interface SealedValue {
  $secret: string
}

function isSealed(v: unknown): v is SealedValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as SealedValue).$secret === 'string' && Object.keys(v).length === 1
}

function pathKey(connectionId: string, path: SecretPath): string {
  return `${connectionId}:${path.join('.')}`
}

function mapLeaves(value: Json, fn: (v: Json, path: SecretPath) => Json, path: SecretPath = []): Json {
  const replaced = fn(value, path)
  if (replaced !== value) return replaced
  if (Array.isArray(value)) return value.map((v, i) => mapLeaves(v, fn, [...path, i]))
  if (value !== null && typeof value === 'object') {
    const out: { [k: string]: Json } = {}
    for (const [k, v] of Object.entries(value)) out[k] = mapLeaves(v, fn, [...path, k])
    return out
  }
  return value
}

function setAt(target: Json, path: SecretPath, value: Json): void {
  let cur = target as Record<string | number, Json>
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, Json>
  cur[path[path.length - 1]] = value
}

/** The config as stored: every secret field (per the connector's schema) replaced by a sealed envelope. */
export function sealConfig(schema: z.ZodType, config: unknown, key: Buffer, connectionId: string): Json {
  const stored = structuredClone(config) as Json
  for (const path of findSecretPaths(schema, config)) {
    const plain = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], config) as string
    setAt(stored, path, { $secret: seal(key, plain, pathKey(connectionId, path)) })
  }
  return stored
}

/** The plaintext config, for the connector only. */
export function openConfig(stored: Json, key: Buffer, connectionId: string): Json {
  return mapLeaves(stored, (v, path) => (isSealed(v) ? open(key, v.$secret, pathKey(connectionId, path)) : v))
}

/** The config as the API shows it: secrets masked. */
export function maskConfig(stored: Json): Json {
  return mapLeaves(stored, (v) => (isSealed(v) ? SECRET_MASK : v))
}

/**
 * An updated config is sent whole; where it holds the mask, the secret stored at the same path is
 * kept (so a GET → edit → PUT round trip never needs the secret). A mask with nothing stored behind it
 * is an issue, never a secret of eight asterisks.
 */
export function unmaskConfig(update: Json, currentPlain: Json): { config: Json; issues: Array<{ path: string; message: string }> } {
  const issues: Array<{ path: string; message: string }> = []
  const config = mapLeaves(update, (v, path) => {
    if (v !== SECRET_MASK) return v
    const kept = path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), currentPlain)
    if (typeof kept === 'string') return kept
    issues.push({ path: path.join('.'), message: 'holds the secret mask but no secret is stored here; send the value' })
    return v
  })
  return { config, issues }
}
