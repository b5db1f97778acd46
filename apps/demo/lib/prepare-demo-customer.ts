import { createStripeClient } from '@portal-kit/server'
import { billing } from './billing'
import { emulatorInUse } from './emulator-in-use'
import type { DemoUser } from './session'

/**
 * On the emulator, gives a newly signed-in account a Stripe customer on its own test clock, so the demo
 * controls can move its time (renewals, failed payments). The kit's `ensureCustomer` finds it by
 * `metadata.accountId` and links it; on Stripe itself the kit creates the customer on first use.
 */
export async function prepareDemoCustomer(user: DemoUser): Promise<void> {
  if (!emulatorInUse()) return
  const stripe = createStripeClient()
  const found = await stripe.customers.search({ query: `metadata['accountId']:'${user.accountId}'`, limit: 1 })
  if (!found.data[0]) {
    const clock = await stripe.testHelpers.testClocks.create(
      { frozen_time: Math.floor(Date.now() / 1000), name: `Acme Notes: ${user.accountId}` },
      { idempotencyKey: `demo:clock:${user.accountId}` },
    )
    await stripe.customers.create(
      {
        email: user.email,
        name: user.team ?? user.name,
        test_clock: clock.id,
        metadata: { accountId: user.accountId },
      },
      { idempotencyKey: `demo:customer:${user.accountId}` },
    )
  }
  await billing.api.ensureCustomer({ id: user.accountId, email: user.email, name: user.team ?? user.name })
}
