import type { Emulator } from '../emulator.js'
import type { StoredInvoice } from './create-invoice.js'
import type { StoredSubscription } from './subscription.js'

export function subscriptionOfInvoice(emulator: Emulator, invoice: StoredInvoice): StoredSubscription | undefined {
  const ref = invoice.parent?.subscription_details?.subscription
  const id = typeof ref === 'string' ? ref : ref?.id
  return id ? emulator.state.find<StoredSubscription>('subscription', id) : undefined
}
