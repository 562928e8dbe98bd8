import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { followRuns } from '../../src/cli/runs.follow'
import { ttyProgressLines, type RunSnapshot } from '../../src/cli/run-progress.render'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { checkStock, createCampaign } from '../../src/crm/campaign/campaign.service'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, startTestHub, type TestHub } from '../support/hub.harness'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')
const TOKEN = 'sim-token-cli'

interface Result {
  code: number
  stdout: string
  stderr: string
}

const ENTITY_COUNT: Record<string, string> = { customer: 'customers', product: 'products', 'sales-order': 'sales-orders', 'inventory-position': 'stock', 'production-order': 'production-orders' }

/**
 * The operator commands against one hub: a worker in this process takes the runs the CLI queues
 * (same database, same queue prefix), the ERP is the simulator.
 */
describe('erphub sync, runs, connections, mappings, customers and campaigns commands', () => {
  let th: TestHub
  let sim: Simulator
  let slug: string
  let good: ConnectionView
  let refused: ConnectionView

  const erphub = (args: string[]): Promise<Result> =>
    run(join(ROOT, 'bin', 'erphub'), args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: th.config.databaseUrl, QUEUE_PREFIX: th.config.queuePrefix, LOG_LEVEL: 'silent' } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    )

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 11, lines: 300, auth: { type: 'bearer', token: TOKEN } })
    slug = (await th.hub.db.prisma.tenant.findUniqueOrThrow({ where: { id: th.tenantId } })).slug
    good = await connectSimulator(th, sim.url, { name: 'sim', pageSize: 40, token: TOKEN })
    refused = await connectSimulator(th, sim.url, { name: 'sim-wrong-token', token: 'not-the-token' })
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  describe('sync and runs', () => {
    test('sync --follow queues one run per entity, prints progress while they run and ends with each run\'s counts', async () => {
      const res = await erphub(['sync', 'sim', '--tenant', slug, '--follow', '--interval', '200'])
      expect(res.stderr).toBe('')
      expect(res.code).toBe(0)
      const runs = await th.hub.db.prisma.syncRun.findMany({ where: { connectionId: good.id } })
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded'])
      for (const r of runs) {
        expect(res.stdout).toContain(`queued sim ${r.entity}: run ${r.id}`)
        expect(r.readCount).toBe(sim.counts()[ENTITY_COUNT[r.entity] as keyof ReturnType<Simulator['counts']>])
        // Not a TTY: plain progress lines, then the summary with the final counts.
        expect(res.stdout).toMatch(new RegExp(`^${r.entity} (queued|running|succeeded): pages \\d+`, 'm'))
        expect(res.stdout).toMatch(new RegExp(`^${r.entity} succeeded in [\\d.]+ m?s: pages ${r.pages}, read ${r.readCount}, inserted ${r.inserted}, updated ${r.updated}, quarantined ${r.quarantined}, unchanged ${r.unchanged}$`, 'm'))
      }
      expect(res.stdout).not.toContain('\x1b[')
      expect(res.stdout.trimEnd().split('\n').at(-1)).toBe('all 5 runs finished without failure')
      expect(await th.hub.db.prisma.customer.count({ where: { connectionId: good.id } })).toBe(sim.counts().customers)
    }, 60_000)

    test('sync --entity queues only that entity; without --follow it says how to follow', async () => {
      const res = await erphub(['sync', 'sim', '--tenant', slug, '--entity', 'customer'])
      expect(res.code).toBe(0)
      expect(res.stdout).toMatch(/^queued sim customer: run [0-9a-f-]{36}$/m)
      expect(res.stdout).not.toMatch(/queued sim product/)
      expect(res.stdout).toContain(`erphub runs --tenant ${slug} --connection sim`)
    })

    test('a run that fails makes sync --follow exit 1 with the run\'s error', async () => {
      const res = await erphub(['sync', 'sim-wrong-token', '--tenant', slug, '--entity', 'product', '--follow', '--interval', '200'])
      expect(res.code).toBe(1)
      expect(res.stdout).toMatch(/^product failed/m)
      expect(res.stdout).toMatch(/^ {4}\[connector_auth\] /m)
      expect(res.stdout).toContain('1 of 1 runs failed')
    }, 60_000)

    test('runs lists recent runs newest first, with counts and the error of a failed one', async () => {
      const res = await erphub(['runs', '--tenant', slug, '--limit', '3'])
      expect(res.code).toBe(0)
      const lines = res.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^RUN\s+CONNECTION\s+ENTITY\s+TRIGGER\s+STATUS\s+REQUESTED\s+DURATION\s+PAGES\s+READ\s+INSERTED\s+UPDATED\s+QUARANTINED$/)
      expect(lines[1]).toMatch(/sim-wrong-token\s+product\s+manual\s+failed/)
      expect(lines[2]).toMatch(/^ {4}\[connector_auth\] /)
      expect(lines.at(-1)).toBe('3 of 7 runs') // five, one customer, one failed product
      const sim = await erphub(['runs', '--tenant', slug, '--connection', 'sim', '--entity', 'product'])
      const products = await th.hub.db.prisma.syncRun.findFirstOrThrow({ where: { connectionId: good.id, entity: 'product' } })
      expect(sim.stdout).toMatch(new RegExp(`^${products.id}\\s+sim\\s+product\\s+manual\\s+succeeded\\s+\\S+ \\S+\\s+\\S+ m?s\\s+${products.pages}\\s+${products.readCount}\\s+${products.inserted}\\s+`, 'm'))
      expect(sim.stdout.trimEnd().split('\n').at(-1)).toBe('1 of 1 runs')
    })

    test('on a TTY the progress is one block redrawn in place: a bar of finished runs and a moving bar per running run', async () => {
      const written: string[] = []
      const ids = (await th.hub.db.prisma.syncRun.findMany({ where: { connectionId: good.id, entity: { not: 'customer' } } })).map((r) => r.id)
      const done = await followRuns(th.hub.db, ids, { isTTY: true, write: (t) => void written.push(t) }, { intervalMs: 10 })
      expect(done.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
      expect(written.join('')).toContain(`\x1b[2K${'█'.repeat(20)} 4/4 runs finished\n`)
      const running: RunSnapshot = { ...done[0], status: 'running' }
      const frames = [0, 1, 2].map((tick) => ttyProgressLines([running, { ...done[1], status: 'queued' }], tick))
      expect(frames[0][0]).toBe(`${'░'.repeat(20)} 0/2 runs finished`)
      expect(frames[0][1]).toContain(`${'█'.repeat(5)}${'░'.repeat(15)} running`)
      expect(frames[1][1]).toContain(`░${'█'.repeat(5)}${'░'.repeat(14)} running`)
      expect(frames[2][2]).toContain(`${'░'.repeat(20)} queued`)
    })
  })

  describe('connections', () => {
    test('list shows name, kind, enabled, entities and schedule', async () => {
      const res = await erphub(['connections', 'list', '--tenant', slug])
      expect(res.code).toBe(0)
      const lines = res.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^NAME\s+KIND\s+ENABLED\s+ENTITIES\s+SCHEDULE$/)
      expect(lines[1]).toMatch(/^sim\s+rest\s+yes\s+customer, product, sales-order, inventory-position, production-order\s+on demand$/)
      expect(lines.at(-1)).toBe('2 connections')
    })

    test('check answers ok for a reachable ERP and exits 1 with the reason when the ERP refuses', async () => {
      const ok = await erphub(['connections', 'check', 'sim', '--tenant', slug])
      expect(ok.code).toBe(0)
      expect(ok.stdout).toMatch(/^ok: sim answered in \d+ ms$/m)
      const no = await erphub(['connections', 'check', refused.id, '--tenant', slug])
      expect(no.code).toBe(1)
      expect(no.stdout).toMatch(/^failed: sim-wrong-token after \d+ ms: .+ \[connector_auth\]$/m)
    })

    test('an unknown connection or tenant is named, exit 1', async () => {
      expect(await erphub(['connections', 'check', 'nope', '--tenant', slug])).toMatchObject({ code: 1, stderr: expect.stringContaining('connection nope was not found') })
      expect(await erphub(['runs', '--tenant', 'no-such-tenant'])).toMatchObject({ code: 1, stderr: expect.stringContaining('tenant no-such-tenant does not exist') })
    })
  })

  describe('mappings', () => {
    let dir: string
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'erphub-mappings-'))
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    test('validate: OK for good files, every issue with line and key for a broken one, exit 1', async () => {
      const ok = await erphub(['mappings', 'validate', 'mappings/rest'])
      expect(ok.code).toBe(0)
      expect(ok.stdout).toContain('ok  mappings/rest/customer.yaml  rest/customer v1: customer → Customer')
      expect(ok.stdout).toMatch(/^8 mapping files, 0 with issues$/m)

      const broken = join(dir, 'broken.yaml')
      writeFileSync(broken, readFileSync(join(ROOT, 'mappings', 'rest', 'sales-order.yaml'), 'utf8').replace('lookup: orderStatus', 'lookpu: orderStatus').replace('as: integer', 'as: integr'))
      const bad = await erphub(['mappings', 'validate', broken, 'mappings/rest/customer.yaml'])
      expect(bad.code).toBe(1)
      expect(bad.stdout).toMatch(/broken\.yaml:11:\d+ fields\.status\.lookpu: unknown key "lookpu" \(did you mean "lookup"\?\)/)
      expect(bad.stdout).toMatch(/broken\.yaml:19:\d+ fields\.lines\.fields\.lineNo\.as: /)
      expect(bad.stdout).toMatch(/^2 mapping files, 1 with issues$/m)
    })

    test('a file in the mappings folder must declare the name its path gives it, as a sync loads it', async () => {
      const res = await erphub(['mappings', 'validate', 'mappings/rest/shopify-customer.yaml'])
      expect(res.code).toBe(0)
      const copy = join(dir, 'elsewhere.yaml')
      writeFileSync(copy, readFileSync(join(ROOT, 'mappings', 'rest', 'shopify-customer.yaml')))
      expect((await erphub(['mappings', 'validate', copy])).code).toBe(0) // outside the folder its own name stands
    })

    test('preview maps a real Shopify customer into the canonical Customer', async () => {
      const res = await erphub(['mappings', 'preview', 'mappings/rest/shopify-customer.yaml', 'test/fixtures/real/shopify-api-ruby/customers.json', '--records', 'customer'])
      expect(res.code).toBe(0)
      const body = res.stdout.split('\n').slice(2, -2).join('\n')
      expect(JSON.parse(body)).toEqual({
        externalId: '207119551',
        name: 'Bob Norman',
        email: 'bob.norman@hostmail.com',
        phone: '555-625-1199',
        street: 'Chestnut Street 92',
        city: 'Louisville',
        postalCode: '40202',
        country: 'US',
        currency: null,
        updatedAt: '2016-03-17T21:04:13.000Z',
      })
      expect(res.stdout).toMatch(/^1 record: 1 mapped, 0 with issues$/m)
    })

    test('preview of a list prints each record\'s result or its issues with their paths, and exits 1', async () => {
      const sample = join(dir, 'sample.json')
      const customer = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/real/shopify-api-ruby/customers.json'), 'utf8')).customer
      writeFileSync(sample, `\uFEFF${JSON.stringify({ customers: [customer, { ...customer, id: null, updated_at: 'yesterday' }] })}`)
      const res = await erphub(['mappings', 'preview', 'rest/shopify-customer', sample, '--records', 'customers'])
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('record 1: ok')
      expect(res.stdout).toContain('record 2: 2 issues')
      expect(res.stdout).toMatch(/^ {4}externalId \(source id\): required value is missing \[required\]$/m)
      expect(res.stdout).toMatch(/^ {4}updatedAt \(source updated_at\): .* — got "yesterday" \[type\]$/m)
      expect(res.stdout).toMatch(/^2 records: 1 mapped, 1 with issues$/m)
    })
  })

  describe('customers and campaigns', () => {
    beforeAll(async () => {
      await resolveTenant(th.hub.db, th.tenantId, { mode: 'full' })
    })

    test('customers show prints a golden customer\'s fields with the source and rule of each, its sources and orders', async () => {
      const golden = await th.hub.db.prisma.goldenCustomer.findFirstOrThrow({ where: { tenantId: th.tenantId, email: { not: null } }, orderBy: { name: 'asc' } })
      const member = await th.hub.db.prisma.customerIdentity.findFirstOrThrow({ where: { goldenId: golden.id }, include: { customer: true } })
      const orders = await th.hub.db.prisma.salesOrder.count({ where: { connectionId: good.id, customerExternalId: member.customer.externalId } })
      const res = await erphub(['customers', 'show', golden.id, '--tenant', slug])
      expect(res.code).toBe(0)
      const lines = res.stdout.split('\n')
      expect(lines[0]).toBe(`Golden customer ${golden.id}: ${golden.name}`)
      expect(lines[1]).toMatch(/^ {2}FIELD\s+VALUE\s+SOURCE\s+RULE$/)
      const lineage = golden.lineage as Record<string, { mappingVersion: number; rule: string }>
      expect(res.stdout).toMatch(new RegExp(`^ {2}email\\s+${golden.email!.replace(/[.+]/g, '\\$&')}\\s+sim ${member.customer.externalId} \\(mapping v${lineage.email.mappingVersion}.*\\)\\s+${lineage.email.rule}$`, 'm'))
      expect(res.stdout).toContain('Source records: 1')
      expect(res.stdout).toMatch(new RegExp(`^ {2}sim {2}${member.customer.externalId} {2}.* linked by matcher`, 'm'))
      expect(res.stdout).toContain(`Orders: ${orders} in all`)
    })

    test('customers show of a source customer prints it as its ERP knows it, with its golden', async () => {
      const member = await th.hub.db.prisma.customerIdentity.findFirstOrThrow({ where: { tenantId: th.tenantId }, include: { customer: true } })
      const res = await erphub(['customers', 'show', member.customerId, '--tenant', slug, '--orders', '1'])
      expect(res.code).toBe(0)
      expect(res.stdout.split('\n')[0]).toBe(`Source customer ${member.customerId}: ${member.customer.name}`)
      expect(res.stdout).toContain(`from sim (rest), external id ${member.customer.externalId}, mapping v${member.customer.mappingVersion}`)
      expect(res.stdout).toContain(`golden customer: ${member.goldenId}`)
      expect(res.stdout).toMatch(new RegExp(`^ {2}name\\s+${member.customer.name.replace(/[.()]/g, '\\$&')}\\s+sim ${member.customer.externalId} \\(mapping v\\d+\\)$`, 'm'))
    })

    test('campaigns check prints per SKU demand, ATP at the promise date, shortfall, earliest feasible date and the largest feasible target count', async () => {
      const { rows } = await th.hub.db.pool.query<{ sku: string; on_hand: string }>(
        `SELECT "sku", sum("on_hand" - "reserved")::text AS on_hand FROM "inventory_position" WHERE "tenant_id" = $1 GROUP BY "sku" HAVING sum("on_hand" - "reserved") > 0 ORDER BY 2::numeric, 1 LIMIT 1`,
        [th.tenantId],
      )
      const today = new Date().toISOString().slice(0, 10)
      const promise = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
      // Every target responding and taking one more than the whole stock: short for sure.
      const campaign = await createCampaign(
        th.hub.cases,
        th.tenantId,
        { name: 'Spring mailing', mailDate: today, promiseDate: promise, controlShare: 0, maxTargets: 10, offers: [{ sku: rows[0].sku, responseRate: 1, quantityPerResponse: String(Number(rows[0].on_hand) + 1) }, { sku: 'NO-SUCH-SKU', responseRate: 0.5, quantityPerResponse: '1' }] },
        'test',
        new Date(),
      )
      const res = await erphub(['campaigns', 'check', campaign.id, '--tenant', slug])
      expect(res.code).toBe(0)
      const expected = await checkStock(th.hub.cases, th.tenantId, campaign.id, new Date())
      expect(expected.feasible).toBe(false)
      const lines = res.stdout.split('\n')
      expect(lines[0]).toBe(`Campaign Spring mailing: ${expected.targets} mailed targets, promise date ${promise} (today ${today})`)
      expect(lines[1]).toMatch(/^ {2}SKU\s+DEMAND\s+ATP AT PROMISE\s+SHORT BY\s+EARLIEST FEASIBLE$/)
      for (const s of expected.skus) {
        const atp = s.known ? s.atpAtPromise : '0 \\(no stock data\\)'
        expect(res.stdout).toMatch(new RegExp(`^ {2}${s.sku}\\s+${s.demand}\\s+${atp}\\s+${s.shortBy}\\s+${s.earliestFeasibleDate ?? 'none in range'}$`, 'm'))
      }
      expect(res.stdout).toContain(`      sim `) // the SKU's ATP per source
      expect(res.stdout).toContain(`short: ${expected.earliestFeasibleDate ? `feasible from ${expected.earliestFeasibleDate} at the earliest` : 'not feasible within the ATP horizon'}`)
      expect(res.stdout).toContain(`largest feasible target count on ${promise}: ${expected.maxFeasibleTargets} of ${expected.targets}`)
    })
  })

  describe('delete', () => {
    test('delete asks for --yes when it cannot ask; with --yes the connection is gone', async () => {
      const asked = await erphub(['connections', 'delete', 'sim-wrong-token', '--tenant', slug])
      expect(asked.code).toBe(1)
      expect(asked.stderr).toContain('add --yes to delete without being asked')
      expect(await th.hub.db.prisma.connection.count({ where: { id: refused.id } })).toBe(1)
      const res = await erphub(['connections', 'delete', 'sim-wrong-token', '--tenant', slug, '--yes'])
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('deleted connection sim-wrong-token (rest)')
      expect(await th.hub.db.prisma.connection.count({ where: { id: refused.id } })).toBe(0)
    })
  })
})
