export type { StoreConformanceOptions } from './run-store-conformance.js'
export { runStoreConformance } from './run-store-conformance.js'
