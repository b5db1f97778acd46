export type { PgliteStoreOptions } from './stores/pglite-store.js'
export { pgliteStore } from './stores/pglite-store.js'
