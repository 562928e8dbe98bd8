/**
 * The `rest` connector configuration that reads the built-in ERP simulator: keyset cursor paging
 * (stable while the ERP changes records) and `updated_since` for incremental syncs. Used by the demo,
 * the benchmark and the integration tests, so all three exercise the same configuration.
 */
export function simulatorConnectionConfig(baseUrl: string, options: { token?: string; pageSize?: number } = {}) {
  const entity = (path: string) => ({
    path,
    paging: { type: 'cursor' as const },
    incremental: { param: 'updated_since', field: 'updated_at', untilParam: 'updated_before' },
    // Counts per time window, for the gap check (src/sync/gap-check.sync.ts).
    count: { path: `${path}/count`, totalPath: 'count' },
    pageSize: options.pageSize ?? 1000,
  })
  return {
    baseUrl,
    auth: options.token ? { type: 'bearer' as const, token: options.token } : { type: 'none' as const },
    entities: {
      customer: entity('/api/v1/customers'),
      product: entity('/api/v1/products'),
      'sales-order': entity('/api/v1/sales-orders'),
      'inventory-position': entity('/api/v1/stock'),
      'production-order': entity('/api/v1/production-orders'),
    },
  }
}
