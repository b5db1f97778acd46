import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { withStore } from '../errors.js'

/**
 * Logs a completed Checkout that names an account the session's customer is not linked to: a
 * Payment Link, a pricing table, or someone posing as another account. It is recorded and
 * acknowledged like any event, and links nothing.
 */
export async function warnForeignCheckout(ctx: BillingContext, event: Stripe.Event): Promise<void> {
  if (event.type !== 'checkout.session.completed') return
  const session = event.data.object
  const named = session.client_reference_id
  if (!named) return
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null)
  const linked = customerId ? await withStore(() => ctx.store.findCustomer(customerId)) : null
  if (linked?.accountId === named) return
  ctx.logger.warn(`checkout session ${session.id} was not created by the app for the account it names; not linked`, {
    eventId: event.id,
    sessionId: session.id,
    customerId,
  })
}
