import type { JSX } from 'preact'

/**
 * The few looks the shared style sheet has no class for yet, as style objects (set through the DOM,
 * which the console's Content-Security-Policy allows). Candidates for console.css: kpi-grid, kpi-tile,
 * kpi-name, kpi-value, kpi-reason.
 */
type Style = JSX.CSSProperties

/** Four tiles a row on a laptop, so a perspective reads as one line. */
export const kpiGrid: Style = { display: 'grid', gap: '12px', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))' }
export const kpiTile: Style = { display: 'flex', flexDirection: 'column', gap: '4px', marginBottom: 0, minWidth: 0 }
export const kpiName: Style = { fontSize: '14px', fontWeight: 600, textTransform: 'none', letterSpacing: 'normal', color: 'inherit', margin: 0, flex: 1 }
export const kpiValue: Style = { fontSize: '24px', fontWeight: 650, lineHeight: 1.15 }
export const kpiBigValue: Style = { fontSize: '32px', fontWeight: 650, lineHeight: 1.15 }
export const small: Style = { fontSize: '12.5px' }
export const perspectiveHead: Style = { display: 'flex', alignItems: 'baseline', gap: '10px', margin: '18px 0 8px' }
export const row: Style = { display: 'flex', alignItems: 'flex-start', gap: '8px' }
