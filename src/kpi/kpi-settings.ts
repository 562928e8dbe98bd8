import { z } from 'zod'
import { NotFoundError, ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import type { Database } from '../store/database'
import { findKpi, KPIS } from './kpi.catalogue'
import { loadTenantSettings, parameterKey, removeSetting, saveSetting } from './kpi-target.store'
import type { KpiDefinition } from './kpi.types'
import { parametersOf, targetOf } from './scorecard'

/** Targets and parameters a tenant sets for itself; the catalogue keeps the defaults. */

function kpiOrThrow(id: string): KpiDefinition {
  const kpi = findKpi(id)
  if (!kpi) throw new NotFoundError('KPI', id)
  return kpi
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {})
  if (!result.success) throw new ValidationError('invalid request body', zodIssues(result.error))
  return result.data
}

export const TargetBody = z.object({ target: z.number().finite() }).strict()

export async function setKpiTarget(db: Database, tenantId: string, kpiId: string, body: unknown) {
  const kpi = kpiOrThrow(kpiId)
  const { target } = parse(TargetBody, body)
  await saveSetting(db, tenantId, kpi.id, target)
  return { kpi: kpi.id, target, defaultTarget: kpi.target }
}

/** Back to the catalogue's default target. */
export async function resetKpiTarget(db: Database, tenantId: string, kpiId: string) {
  const kpi = kpiOrThrow(kpiId)
  await removeSetting(db, tenantId, kpi.id)
  return { kpi: kpi.id, target: kpi.target, defaultTarget: kpi.target }
}

export async function setKpiParameters(db: Database, tenantId: string, kpiId: string, body: unknown) {
  const kpi = kpiOrThrow(kpiId)
  const declared = Object.entries(kpi.parameters ?? {})
  if (!declared.length) throw new ValidationError(`${kpi.id} has no parameters`, [{ path: '(root)', message: `${kpi.id} has no parameters to set` }])
  const schema = z
    .object(Object.fromEntries(declared.map(([name, p]) => [name, z.number().finite().min(p.min ?? -Infinity).optional()])))
    .strict()
  const values = parse(schema, body) as Record<string, number | undefined>
  for (const [name, value] of Object.entries(values)) if (value !== undefined) await saveSetting(db, tenantId, parameterKey(kpi.id, name), value)
  return { kpi: kpi.id, parameters: parametersOf(kpi, await loadTenantSettings(db, tenantId)) }
}

/** The catalogue with the tenant's targets and parameters: what each KPI means and aims at. */
export async function listKpis(db: Database, tenantId: string) {
  const settings = await loadTenantSettings(db, tenantId)
  return {
    data: KPIS.map((kpi) => ({
      id: kpi.id,
      perspective: kpi.perspective,
      name: kpi.name,
      unit: kpi.unit,
      direction: kpi.direction,
      scope: kpi.scope,
      ...targetOf(kpi, settings),
      defaultTarget: kpi.target,
      ...(kpi.parameters ? { parameters: parametersOf(kpi, settings), parameterDefinitions: kpi.parameters } : {}),
      definition: kpi.definition,
    })),
  }
}
