import type { SimWarehouse } from '../simulator.types'

/** Frozen and shared: every stock record of a warehouse points at the same small object. */
export const WAREHOUSES: readonly SimWarehouse[] = Object.freeze([
  Object.freeze({ code: 'WH-BER', name: 'Berlin' }),
  Object.freeze({ code: 'WH-RTM', name: 'Rotterdam' }),
  Object.freeze({ code: 'WH-LYS', name: 'Lyon' }),
])
