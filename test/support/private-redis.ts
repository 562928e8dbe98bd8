import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, Socket } from 'node:net'

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const port = (srv.address() as { port: number }).port
  srv.close()
  return port
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket()
    s.once('error', () => resolve(false))
    s.connect(port, '127.0.0.1', () => {
      s.write('PING\r\n')
      s.once('data', (d) => {
        s.destroy()
        resolve(d.toString().startsWith('+PONG'))
      })
    })
  })
}

/**
 * A redis-server of the test's own, on a free port, with nothing persisted: tests that kill Redis
 * must not kill the machine's. `kill()` is SIGKILL (all data gone, as a crashed cache node), `start()`
 * brings an empty one back on the same port.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort())
    await r.start()
    return r
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' })
    const end = Date.now() + 10_000
    while (!(await answers(this.port))) {
      if (Date.now() > end) throw new Error(`redis-server did not answer on port ${this.port}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  async kill(): Promise<void> {
    const c = this.child
    this.child = null
    if (!c || c.exitCode !== null) return
    c.kill('SIGKILL')
    await once(c, 'exit')
  }
}
