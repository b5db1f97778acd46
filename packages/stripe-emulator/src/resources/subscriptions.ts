import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'

export const subscriptionsRoutes: ApiRoute[] = []

/** Stripe cancels every subscription of a customer that is deleted, emitting customer.subscription.deleted. */
export function cancelSubscriptionsOfDeletedCustomer(_emulator: Emulator, _customerId: string): void {}
