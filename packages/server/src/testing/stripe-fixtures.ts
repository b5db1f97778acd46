import { readFileSync } from 'node:fs'
import type Stripe from 'stripe'

const path = new URL('../../../../fixtures/stripe/fixtures3.json', import.meta.url)
let resources: Record<string, unknown> | undefined

/** A deep copy of Stripe's own example object of `type` from fixtures/stripe/fixtures3.json. */
export function stripeFixture<T>(type: string): T {
  resources ??= (JSON.parse(readFileSync(path, 'utf8')) as { resources: Record<string, unknown> }).resources
  const fixture = resources[type]
  if (!fixture) throw new Error(`No Stripe fixture for ${type}`)
  return structuredClone(fixture) as T
}

/** Stripe's fixture subscription with its fixture item, the customer and status set, and any overrides. */
export function fixtureSubscription(
  overrides: Partial<Stripe.Subscription> & { id: string; customer: string },
): Stripe.Subscription {
  const sub = stripeFixture<Stripe.Subscription>('subscription')
  const item = stripeFixture<Stripe.SubscriptionItem>('subscription_item')
  item.subscription = overrides.id
  return {
    ...sub,
    items: {
      object: 'list',
      data: [item],
      has_more: false,
      url: `/v1/subscription_items?subscription=${overrides.id}`,
    },
    ...overrides,
  }
}
