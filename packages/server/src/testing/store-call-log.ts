import type { BillingStore } from '../stores/billing-store.js'

/** `store` behind a proxy that records the name of each method called on it, in call order. */
export function withStoreCallLog(store: BillingStore): { store: BillingStore; calls: string[] } {
  const calls: string[] = []
  const logged = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { store: logged, calls }
}
