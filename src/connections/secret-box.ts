import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { HubError } from '../errors/hub-error'

const VERSION = 'v1'
const IV_BYTES = 12

/**
 * AES-256-GCM with a random 96-bit IV per value. The associated data binds a ciphertext to where it
 * belongs (connection id + field path), so a sealed value copied elsewhere does not decrypt.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
}

export function open(key: Buffer, sealed: string, associatedData: string): string {
  const [version, iv, tag, ct] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new HubError('internal', 'a stored secret has an unknown format')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(associatedData, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
  } catch (cause) {
    // Wrong key (ERPHUB_SECRET_KEY changed) or tampered data; never include the ciphertext.
    throw new HubError('internal', 'a stored secret cannot be decrypted: is ERPHUB_SECRET_KEY the key it was sealed with?', { cause })
  }
}
