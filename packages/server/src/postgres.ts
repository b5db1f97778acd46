export type { PostgresStoreOptions } from './stores/postgres-store.js'
export { postgresStore } from './stores/postgres-store.js'
