import type { Database } from '../store/database'

/**
 * The tenant's own targets and KPI parameters, in kpi_target. A target is stored under the KPI's id;
 * a parameter under `<kpi id>/<parameter>` (KPI ids never hold a slash), so both override the
 * catalogue's defaults without a table of their own.
 */
export interface TenantSettings {
  targets: Map<string, number>
  /** `<kpi id>` → parameter name → value. */
  parameters: Map<string, Record<string, number>>
}

const PARAMETER_SEPARATOR = '/'

export function parameterKey(kpi: string, name: string): string {
  return `${kpi}${PARAMETER_SEPARATOR}${name}`
}

export async function loadTenantSettings(db: Database, tenantId: string): Promise<TenantSettings> {
  const rows = await db.prisma.kpiTarget.findMany({ where: { tenantId } })
  const settings: TenantSettings = { targets: new Map(), parameters: new Map() }
  for (const row of rows) {
    const cut = row.kpi.indexOf(PARAMETER_SEPARATOR)
    if (cut < 0) settings.targets.set(row.kpi, row.target)
    else {
      const kpi = row.kpi.slice(0, cut)
      settings.parameters.set(kpi, { ...settings.parameters.get(kpi), [row.kpi.slice(cut + 1)]: row.target })
    }
  }
  return settings
}

export async function saveSetting(db: Database, tenantId: string, key: string, value: number): Promise<void> {
  await db.prisma.kpiTarget.upsert({
    where: { tenantId_kpi: { tenantId, kpi: key } },
    create: { tenantId, kpi: key, target: value },
    update: { target: value, updatedAt: new Date() },
  })
}

/** True when there was a setting to remove. */
export async function removeSetting(db: Database, tenantId: string, key: string): Promise<boolean> {
  return (await db.prisma.kpiTarget.deleteMany({ where: { tenantId, kpi: key } })).count > 0
}
