import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

export type CollectionMethod = 'charge_automatically' | 'send_invoice'

/** How a subscription's invoices are paid: charged (the default), or sent for payment within `days_until_due` days. */
export interface CollectionTerms {
  method: CollectionMethod
  daysUntilDue: number | null
}

/**
 * `collection_method` and `days_until_due` of a create, or of an update over the subscription's `current` terms:
 * `send_invoice` needs the days (a new request, or those it already has), charging automatically takes none and
 * clears them.
 */
export function collectionTerms(
  requested: { collectionMethod?: CollectionMethod; daysUntilDue?: number },
  current: CollectionTerms = { method: 'charge_automatically', daysUntilDue: null },
): CollectionTerms {
  const method = requested.collectionMethod ?? current.method
  if (method === 'charge_automatically') {
    if (requested.daysUntilDue !== undefined) {
      throw invalidRequest(
        'Subscriptions with `collection_method=charge_automatically` cannot have `days_until_due`.',
        'days_until_due',
      )
    }
    return { method, daysUntilDue: null }
  }
  const daysUntilDue = requested.daysUntilDue ?? (current.method === 'send_invoice' ? current.daysUntilDue : null)
  if (daysUntilDue === null) throw missingParam('days_until_due')
  if (daysUntilDue < 0 || daysUntilDue > 730) {
    throw invalidRequest('days_until_due must be between 0 and 730.', 'days_until_due')
  }
  return { method, daysUntilDue }
}
