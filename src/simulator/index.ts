/**
 * A seeded, self-contained simulated ERP served over HTTP: the source the demo, the benchmarks
 * and the integration tests sync from. See simulator.contract.ts for the controls.
 */
export { startSimulator } from './simulator.start'
export { describeSimulator } from './simulator.describe'
export type { Simulator, SimulatorStats, RequestHook, RequestInfo, RequestFilter } from './simulator.contract'
export type { SimulatorOptions, SimulatorAuth } from './simulator.options'
export type { RecordPatch, PatchObject } from './change/record.patch'
export type { InjectedFailure, TruncationMode } from './http/fault.queue'
export type { RequestLogEntry, RequestTotals, InjectedFaultKind } from './http/request.log'
export type { FaultSettings, ResolvedFaultSettings } from './http/standing.faults'
export type { WebhookSettings, WebhookStats, WebhookScheme } from './webhook/webhook.settings'
export { HMAC_HEADER, SIGNATURE_HEADER } from './webhook/webhook.sign'
export { ENTITY_NAMES, SALES_ORDER_STATUSES, PRODUCTION_STATES } from './simulator.types'
export type {
  EntityName,
  EntityCounts,
  EntityRecordMap,
  SimRecord,
  SimCustomer,
  SimAddress,
  SimProduct,
  SimSalesOrder,
  SimOrderLine,
  SalesOrderStatus,
  SimStock,
  SimWarehouse,
  SimProductionOrder,
  ProductionState,
} from './simulator.types'
