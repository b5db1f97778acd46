import type { BillingStore, BillingStoreWriter } from '../stores/billing-store.js'

/** The error an injected fault throws, as a dropped connection or a failed statement would. */
export class InjectedStoreFault extends Error {
  override readonly name = 'InjectedStoreFault'
}

export interface StoreWriteFaults {
  /** Probability from 0 to 1 that a write call throws instead of running. */
  rate: number
  /** Writes attempted and faults injected so far. */
  readonly counts: { writes: number; faults: number }
}

const writerMethods: ReadonlySet<string> = new Set<keyof BillingStoreWriter>([
  'claimWebhookEvent',
  'applyWebhookEvent',
  'applyWebhookEventWithAccount',
  'linkCustomer',
  'markCustomerDeleted',
  'markCustomerSynced',
  'upsertSubscriptions',
  'recordPaymentFailure',
  'recordPayment',
  'upsertInvoice',
])

const storeWriteMethods: ReadonlySet<string> = new Set<keyof BillingStore>([
  ...(writerMethods as ReadonlySet<keyof BillingStoreWriter>),
  'linkCustomers',
  'markCustomersSynced',
  'claimSyncSlot',
  'releaseSyncSlot',
  'findCustomerAndReleaseSyncSlot',
  'pruneWebhookEvents',
])

/**
 * A real store whose write calls fail at `rate` (drawn from `random`, so a seed repeats them), inside
 * transactions too, where the failure rolls the transaction back. Reads are never failed. A test kit
 * for proving that a failed write is answered 5xx and repaired by the retry, never half applied.
 */
export function withStoreWriteFaults(
  store: BillingStore,
  options: { rate: number; random: () => number; onFault?: (method: string) => void },
): { store: BillingStore; faults: StoreWriteFaults } {
  const faults: StoreWriteFaults = { rate: options.rate, counts: { writes: 0, faults: 0 } }
  const maybeFail = (method: string) => {
    faults.counts.writes++
    if (faults.rate > 0 && options.random() < faults.rate) {
      faults.counts.faults++
      options.onFault?.(method)
      throw new InjectedStoreFault(`Injected fault in ${method}`)
    }
  }
  const faulty = <T extends object>(target: T, methods: ReadonlySet<string>): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver)
        if (typeof value !== 'function') return value
        const name = String(property)
        if (name === 'transaction') {
          return (fn: (tx: BillingStoreWriter) => Promise<unknown>) =>
            (value as BillingStore['transaction']).call(object, (tx) => fn(faulty(tx, writerMethods)))
        }
        if (!methods.has(name)) return value.bind(object)
        return async (...args: unknown[]) => {
          maybeFail(name)
          return value.apply(object, args)
        }
      },
    })
  return { store: faulty(store, storeWriteMethods), faults }
}
