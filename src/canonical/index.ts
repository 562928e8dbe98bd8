export * from './canonical.types'
export * from './canonical.registry'
