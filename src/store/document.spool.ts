import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs'
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HubError } from '../errors/hub-error'

export interface SpooledDocument {
  /** Relative to the spool folder. */
  path: string
  sizeBytes: number
  sha256: string
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Streams a document into the spool folder, hashing and counting on the way, and makes it durable
 * (fsync, then an atomic rename) before anyone is told it was received. Past `maxBytes` the write
 * stops and nothing is kept.
 */
export async function spoolStream(spoolDir: string, tenantId: string, body: NodeJS.ReadableStream, maxBytes: number): Promise<SpooledDocument> {
  const dir = join(spoolDir, tenantId)
  await mkdir(dir, { recursive: true })
  const name = randomUUID()
  const temp = join(dir, `.${name}.part`)
  const hash = createHash('sha256')
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > maxBytes) return done(new HubError('payload_too_large', `the document is larger than ${maxBytes} bytes`))
      hash.update(chunk)
      done(null, chunk)
    },
  })
  try {
    await pipeline(body, meter, createWriteStream(temp, { flags: 'wx' }))
    await fsyncFile(temp)
    const final = join(dir, name)
    await rename(temp, final)
    return { path: relative(spoolDir, final), sizeBytes: size, sha256: hash.digest('hex') }
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

/** Takes a file from a watched folder into the spool: moved when on the same disk, else copied and removed. */
export async function spoolFile(spoolDir: string, tenantId: string, source: string, maxBytes: number): Promise<SpooledDocument> {
  const info = await stat(source)
  if (info.size > maxBytes) throw new HubError('payload_too_large', `${source} is larger than ${maxBytes} bytes`)
  const dir = join(spoolDir, tenantId)
  await mkdir(dir, { recursive: true })
  const final = join(dir, randomUUID())
  try {
    await rename(source, final)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    await copyFile(source, `${final}.part`)
    await fsyncFile(`${final}.part`)
    await rename(`${final}.part`, final)
    await rm(source)
  }
  const hash = createHash('sha256')
  await pipeline(createReadStream(final), hash)
  return { path: relative(spoolDir, final), sizeBytes: info.size, sha256: hash.digest('hex') }
}

export function openSpooled(spoolDir: string, path: string): ReadStream {
  const full = resolve(spoolDir, path)
  if (!full.startsWith(resolve(spoolDir) + '/')) throw new HubError('internal', 'a document path points outside the spool folder')
  return createReadStream(full)
}

export async function removeSpooled(spoolDir: string, path: string): Promise<void> {
  await rm(resolve(spoolDir, path), { force: true })
}
