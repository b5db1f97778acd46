import { requirePrice } from '../catalog/price.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import type { InvoiceLineInput } from './create-invoice.js'
import { productName } from './subscription-items.js'
import { requireQuantity } from './subscription-prices.js'

/** `add_invoice_items[]` of a new subscription: one-time prices billed once, on its first invoice. */
export interface OneTimeItemInput {
  price: string
  quantity?: number
}

/**
 * The first invoice's lines for `add_invoice_items`, checked as Stripe checks them: an active one-time price in the
 * subscription's currency. Each becomes an invoice item of the subscription, worded by its product's name.
 */
export function oneTimeItemLines(
  emulator: Emulator,
  items: readonly OneTimeItemInput[],
  at: { now: number; currency: string; param: string },
): Omit<InvoiceLineInput, 'invoiceItem'>[] {
  return items.map((item, i) => {
    const param = `${at.param}[${i}][price]`
    const price = requirePrice(emulator, item.price, param)
    if (!price.active) {
      throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param)
    }
    if (price.type !== 'one_time') {
      throw invalidRequest(
        'The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.',
        param,
      )
    }
    if (price.currency !== at.currency) {
      throw invalidRequest(
        `The price currency (${price.currency}) must match the subscription currency (${at.currency}).`,
        param,
      )
    }
    const quantity = requireQuantity(item.quantity, `${at.param}[${i}][quantity]`)
    return {
      price,
      quantity,
      amount: (price.unit_amount ?? 0) * quantity,
      description: productName(emulator, price),
      period: { start: at.now, end: at.now },
      subscriptionItem: null,
      proration: false,
    }
  })
}
