import { once } from 'node:events'
import { createServer } from 'node:net'
import type { HubConfig } from '../src/config/config'

/** `--name <positive number>` from the command line, or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`)
  return v
}

export async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const port = (srv.address() as { port: number }).port
  srv.close()
  return port
}

/** The benchmarks' own database (`erphub_bench` next to the configured one), unless BENCH_DATABASE_URL says otherwise. */
export function benchDatabaseUrl(base: HubConfig): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL
  const u = new URL(base.databaseUrl)
  u.pathname = '/erphub_bench'
  return u.toString()
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
