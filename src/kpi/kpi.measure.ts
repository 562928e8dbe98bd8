import type { KpiContext, KpiDefinition, KpiMeasure, RowsQuery } from './kpi.types'

/** The five placeholders every KPI query shares ($1 … $5, see RowsQuery), then the KPI's own. */
export function baseParams(ctx: KpiContext, extra: unknown[] = []): unknown[] {
  const { period } = ctx
  return [ctx.tenantId, period.from, period.to, period.previous.from, period.previous.to, ...extra]
}

/**
 * `(rows) AS r` as a FROM clause that names $1 … $5 with their types: PostgreSQL wants every
 * placeholder it is sent to appear in the statement, and not every KPI needs the previous period.
 */
export function fromRows(q: RowsQuery): string {
  return `(${q.sql}) AS r CROSS JOIN (SELECT $1::uuid, $2::timestamptz, $3::timestamptz, $4::timestamptz, $5::timestamptz) AS kpi_params(tenant_id, period_from, period_to, previous_from, previous_to)`
}

export interface RowsBasis {
  /** The drill-down rows (placeholders as in RowsQuery). */
  sql: (ctx: KpiContext) => string
  orderBy: string
  /** SQL aggregates over the rows (alias `r`); a scalar subquery may stand in for either. */
  numerator: string
  denominator: string
  /** The KPI's own placeholder values, from $6 on. */
  extraParams?: (ctx: KpiContext) => unknown[]
  /** From numerator and denominator (the denominator is never 0 here); default: their quotient. */
  value?: (numerator: number, denominator: number) => number
  /** Why there is no value when the denominator is 0 or missing. */
  empty: (ctx: KpiContext) => string
}

/**
 * compute and rows from one query: the value is an aggregate over exactly the rows a drill-down
 * shows, so the two can never tell different stories.
 */
export function overRows(basis: RowsBasis): Pick<KpiDefinition, 'compute' | 'rows'> {
  const rows = (ctx: KpiContext): RowsQuery => ({ sql: basis.sql(ctx), params: baseParams(ctx, basis.extraParams?.(ctx) ?? []), orderBy: basis.orderBy })
  return {
    rows,
    async compute(ctx: KpiContext): Promise<KpiMeasure> {
      const q = rows(ctx)
      const { rows: [agg] } = await ctx.db.pool.query<{ numerator: number | null; denominator: number | null }>(
        `SELECT (${basis.numerator})::float8 AS numerator, (${basis.denominator})::float8 AS denominator FROM ${fromRows(q)}`,
        q.params,
      )
      const numerator = agg?.numerator ?? null
      const denominator = agg?.denominator ?? null
      if (numerator === null || !denominator) return { value: null, numerator, denominator, reason: basis.empty(ctx) }
      return { value: (basis.value ?? ((n, d) => n / d))(numerator, denominator), numerator, denominator }
    },
  }
}

/** A KPI the hub's data cannot measure yet: no value, never a made-up one, and the reason why. */
export function unmeasurable(reason: string): Pick<KpiDefinition, 'compute' | 'rows'> {
  return {
    rows: () => null,
    compute: async () => ({ value: null, numerator: null, denominator: null, reason }),
  }
}
