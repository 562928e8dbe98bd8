import { LineChart, type ChartRegion } from '../../ui/chart'

/**
 * ATP over time for one SKU: what can still be promised each day (ATP) and the stock the plan
 * projects (projected), both as steps, with what a campaign needs as a line and its shortfall shaded.
 */
export function AtpChart(props: { sku: string; days: Array<{ date: string; projected: string; atp: string }>; need?: { quantity: number; label: string }; shortfall?: ChartRegion; testId?: string }) {
  return (
    <LineChart
      title={`Available to promise for ${props.sku}, per day`}
      testId={props.testId ?? 'chart'}
      series={[
        // Projected first, so ATP (what matters for a promise) is drawn over it where the two agree.
        { name: 'Projected stock', step: true, dashed: true, tone: 'secondary', points: props.days.map((d) => ({ x: d.date, y: Number(d.projected) })) },
        { name: 'ATP (can be promised)', step: true, tone: 'primary', points: props.days.map((d) => ({ x: d.date, y: Number(d.atp) })) },
      ]}
      threshold={props.need ? { y: props.need.quantity, label: props.need.label } : undefined}
      regions={props.shortfall ? [props.shortfall] : undefined}
    />
  )
}
