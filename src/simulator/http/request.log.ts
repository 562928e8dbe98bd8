export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  status: number
  /** Records in the response's `data` (0 for errors and health checks). */
  records: number
}

export interface RequestTotals {
  total: number
  records: number
  byStatus: Record<string, number>
}

/** The API requests served since the last reset (admin calls are not logged: they are the test's own). */
export class RequestLog {
  private entries: RequestLogEntry[] = []

  add(entry: RequestLogEntry): void {
    this.entries.push(entry)
  }

  list(): RequestLogEntry[] {
    return this.entries.slice()
  }

  reset(): void {
    this.entries = []
  }

  totals(): RequestTotals {
    const byStatus: Record<string, number> = {}
    let records = 0
    for (const entry of this.entries) {
      byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1
      records += entry.records
    }
    return { total: this.entries.length, records, byStatus }
  }
}
