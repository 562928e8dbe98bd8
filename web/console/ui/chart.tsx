import { fmtDay, fmtNumber } from './format'

/**
 * A line chart drawn as SVG, with no library: series over calendar days or times, an optional
 * threshold line (what is needed, a KPI's target) and shaded regions (a shortfall). Every point has a
 * tooltip; the chart is labelled for screen readers and carries test ids for the browser tests.
 */

export interface ChartPoint {
  /** `YYYY-MM-DD` or an ISO time. */
  x: string
  y: number
}

export interface ChartSeries {
  name: string
  points: ChartPoint[]
  /** Holds its value until the next point (stock over time), instead of a straight line between. */
  step?: boolean
  dashed?: boolean
  tone?: 'primary' | 'secondary' | 'muted'
}

export interface ChartRegion {
  from: string
  /** Inclusive: a region of one day is one day wide. */
  to: string
  label: string
}

export interface ChartProps {
  series: ChartSeries[]
  title: string
  threshold?: { y: number; label: string }
  regions?: ChartRegion[]
  height?: number
  testId?: string
  /** Days (the default when every x is `YYYY-MM-DD`) or times. */
  xKind?: 'day' | 'time'
  /** A sparkline for a tile: no axis labels or legend, little padding (tooltips and the threshold line stay). */
  compact?: boolean
}

const W = 760
const PAD_FULL = { top: 16, right: 16, bottom: 34, left: 56 }
const PAD_COMPACT = { top: 6, right: 6, bottom: 6, left: 6 }
const DAY_MS = 86_400_000

const isDay = (x: string) => /^\d{4}-\d{2}-\d{2}$/.test(x)
const toMs = (x: string) => (isDay(x) ? Date.UTC(+x.slice(0, 4), +x.slice(5, 7) - 1, +x.slice(8, 10)) : new Date(x).getTime())

/** About `count` round steps covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1
    min -= pad
    max += pad
  }
  const raw = (max - min) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const ticks: number[] = []
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)))
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step)
  return ticks
}

export function LineChart(props: ChartProps) {
  const compact = !!props.compact
  const PAD = compact ? PAD_COMPACT : PAD_FULL
  const height = props.height ?? (compact ? 120 : 260)
  const all = props.series.flatMap((s) => s.points)
  if (all.length === 0) return <p class="empty">No data to chart.</p>
  const dayAxis = props.xKind ? props.xKind === 'day' : all.every((p) => isDay(p.x))
  const xs = all.map((p) => toMs(p.x))
  const xMin = Math.min(...xs)
  // A day axis ends after the last day, so the last step is drawn as wide as the others.
  const xMax = Math.max(...xs) + (dayAxis ? DAY_MS : 0)
  const ys = all.map((p) => p.y).concat(props.threshold ? [props.threshold.y] : [], [0])
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys))
  const yMin = yTicks[0]
  const yMax = yTicks[yTicks.length - 1]
  const plotW = W - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const sx = (ms: number) => PAD.left + (xMax === xMin ? plotW / 2 : ((ms - xMin) / (xMax - xMin)) * plotW)
  const sy = (v: number) => PAD.top + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH

  // At most six labels, on whole days for a day axis, so they never run into each other.
  const spanDays = (xMax - xMin) / DAY_MS
  const xTickCount = Math.max(1, Math.min(6, dayAxis ? Math.floor(spanDays) : 6))
  const rawStep = (xMax - xMin) / xTickCount
  const xStep = dayAxis ? Math.max(1, Math.round(rawStep / DAY_MS)) * DAY_MS : rawStep
  const xTicks: number[] = []
  for (let t = xMin; t <= xMax + 1; t += xStep) xTicks.push(t)
  const sameYear = new Date(xMin).getUTCFullYear() === new Date(xMax).getUTCFullYear()
  const dayLabel = new Intl.DateTimeFormat(undefined, sameYear ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
  const xLabel = (ms: number) => (dayAxis ? dayLabel.format(new Date(ms)) : new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' }))

  const path = (s: ChartSeries) => {
    const pts = [...s.points].sort((a, b) => toMs(a.x) - toMs(b.x))
    let d = ''
    pts.forEach((p, i) => {
      const x = sx(toMs(p.x))
      const y = sy(p.y)
      if (i === 0) d += `M${x},${y}`
      else d += s.step ? `H${x}V${y}` : `L${x},${y}`
      if (s.step && i === pts.length - 1 && dayAxis) d += `H${sx(toMs(p.x) + DAY_MS)}`
    })
    return d
  }

  return (
    <figure class={compact ? 'chart chart-compact' : 'chart'} data-testid={props.testId ?? 'chart'}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={props.title} preserveAspectRatio="xMidYMid meet">
        <title>{props.title}</title>
        {(props.regions ?? []).map((r) => {
          const x1 = sx(toMs(r.from))
          const x2 = sx(toMs(r.to) + (dayAxis ? DAY_MS : 0))
          return (
            <g key={`${r.from}-${r.to}`} class="chart-region" data-testid="chart-region">
              <rect x={x1} y={PAD.top} width={Math.max(2, x2 - x1)} height={plotH}>
                <title>{r.label}</title>
              </rect>
              {!compact && (
                <text x={x1 + 4} y={PAD.top + 12}>
                  {r.label}
                </text>
              )}
            </g>
          )
        })}
        {yTicks.map((t) => (
          <g key={`y${t}`} class="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} />
            {!compact && (
              <text x={PAD.left - 6} y={sy(t) + 4} text-anchor="end">
                {fmtNumber(t)}
              </text>
            )}
          </g>
        ))}
        {!compact && xTicks.map((t, i) => (
          <text key={`x${i}`} class="chart-axis" x={sx(t)} y={height - 10} text-anchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
            {xLabel(t)}
          </text>
        ))}
        {yMin < 0 && <line class="chart-zero" x1={PAD.left} x2={W - PAD.right} y1={sy(0)} y2={sy(0)} />}
        {props.threshold && (
          <g class="chart-threshold" data-testid="chart-threshold">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(props.threshold.y)} y2={sy(props.threshold.y)} />
            {compact ? (
              <title>{props.threshold.label}</title>
            ) : (
              <text x={W - PAD.right - 4} y={sy(props.threshold.y) - 4} text-anchor="end">
                {props.threshold.label}
              </text>
            )}
          </g>
        )}
        {props.series.map((s, i) => (
          <g key={s.name} class={`chart-series tone-${s.tone ?? (i === 0 ? 'primary' : 'secondary')}`} data-testid="chart-series">
            <path d={path(s)} fill="none" stroke-dasharray={s.dashed ? '5 4' : undefined} />
            {s.points.map((p) => (
              <circle key={p.x} cx={sx(toMs(p.x) + (s.step && dayAxis ? DAY_MS / 2 : 0))} cy={sy(p.y)} r={compact ? 6 : s.points.length > 60 ? 1.5 : 3}>
                <title>
                  {s.name}, {dayAxis ? fmtDay(p.x) : new Date(p.x).toLocaleString()}: {fmtNumber(p.y)}
                </title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {props.series.length > 1 && !compact && (
        <figcaption class="chart-legend">
          {props.series.map((s, i) => (
            <span key={s.name} class={`tone-${s.tone ?? (i === 0 ? 'primary' : 'secondary')}`}>
              <i /> {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  )
}
