import { Badge } from '../../ui/components'
import type { KpiStatus } from './scorecard.types'

const LABELS: Record<KpiStatus, string> = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', 'no-data': 'No data' }
const TONES = { 'on-track': 'ok', 'at-risk': 'warn', 'off-track': 'bad', 'no-data': 'muted' } as const

export function statusLabel(status: KpiStatus): string {
  return LABELS[status] ?? status
}

/** A KPI's standing against its target, in words and colour. */
export function StatusBadge(props: { status: KpiStatus }) {
  return (
    <span data-testid="kpi-status" data-status={props.status}>
      <Badge value={statusLabel(props.status)} tone={TONES[props.status] ?? 'muted'} />
    </span>
  )
}

/** What on-track, at-risk and off-track mean (kpi-status.ts): said once per page. */
export const STATUS_RULE = 'On track: meets the target. At risk: misses it by at most 10 % of the target. Off track: misses it by more. No data: nothing to measure, with the reason.'
