import { InvalidArgumentError, type Command } from 'commander'
import { checkStock, getCampaign, type CampaignDeps } from '../crm/campaign/campaign.service'
import { HubError } from '../errors/hub-error'
import { isTimeZone } from '../scm/atp.query'
import { formatTable } from './cli-table.format'
import { withDatabase, type CliRuntime } from './cli.context'

type Check = Awaited<ReturnType<typeof checkStock>>

function timeZoneArg(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError('--time-zone must be an IANA time zone such as Europe/Berlin')
  return value
}

export function describeStockCheck(name: string, c: Check): string[] {
  const out = [`Campaign ${name}: ${c.targets} mailed targets, promise date ${c.promiseDate} (today ${c.today})`]
  const rows = c.skus.map((s) => [s.sku, s.demand, s.known ? s.atpAtPromise : '0 (no stock data)', s.shortBy, s.earliestFeasibleDate ?? 'none in range'])
  const table = formatTable(['SKU', 'DEMAND', 'ATP AT PROMISE', 'SHORT BY', 'EARLIEST FEASIBLE'], rows)
  out.push(`  ${table[0]}`)
  c.skus.forEach((s, i) => {
    out.push(`  ${table[i + 1]}`)
    for (const src of c.atp.find((a) => a.sku === s.sku)?.sources ?? []) out.push(`      ${src.connection} ${src.location} (${src.basis}): ATP ${src.atpAtPromise ?? '-'} on ${c.promiseDate}`)
  })
  if (c.feasible) out.push(`feasible: the stock covers the expected demand on ${c.promiseDate}`)
  else {
    out.push(`short: ${c.earliestFeasibleDate ? `feasible from ${c.earliestFeasibleDate} at the earliest` : 'not feasible within the ATP horizon'}`)
    out.push(`largest feasible target count on ${c.promiseDate}: ${c.maxFeasibleTargets} of ${c.targets}`)
  }
  return out
}

/** `erphub campaigns check <id>`: the campaign's stock check, as POST /v1/campaigns/:id/stock-check (the snapshot is kept with the campaign). */
export function registerCampaigns(program: Command, rt: CliRuntime): void {
  const campaigns = program.command('campaigns').description('direct-mail campaigns')
  campaigns
    .command('check <id>')
    .description('check the mailed targets\' expected demand per SKU against ATP on the promise date: shortfall, earliest feasible date, largest feasible target count')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--time-zone <zone>', 'the days\' time zone (default UTC)', timeZoneArg)
    .option('--json', 'print the check as the API returns it')
    .action(async (id: string, o: { tenant: string; timeZone?: string; json?: boolean }) => {
      await withDatabase(rt, o.tenant, async ({ connections, tenantId }) => {
        const deps: CampaignDeps = {
          ...connections,
          kickPush: async () => {
            throw new HubError('internal', 'a stock check pushes nothing')
          },
        }
        const check = await checkStock(deps, tenantId, id, new Date(), { timeZone: o.timeZone })
        if (o.json) return console.log(JSON.stringify(check, null, 2))
        const campaign = await getCampaign(deps, tenantId, id)
        for (const line of describeStockCheck(campaign.name, check)) console.log(line)
      })
    })
}
