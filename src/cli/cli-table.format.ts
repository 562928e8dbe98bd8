/** Plain-text columns for the terminal: each column as wide as its widest cell, two spaces apart. */
export function formatTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)]
}

/** A duration for people: `850 ms`, `12.4 s`, `3 min 5 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-'
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** An interval in seconds for people: `45 s`, `15 min`, `2 h`, `1 d 6 h`. */
export function formatInterval(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`
  if (seconds < 3600 || seconds % 3600 !== 0) return `${seconds / 60} min`
  if (seconds < 86_400 || seconds % 86_400 !== 0) return `${seconds / 3600} h`
  return `${seconds / 86_400} d`
}
