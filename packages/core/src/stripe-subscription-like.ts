/**
 * The part of a Stripe subscription that billing status depends on. Structural, so a
 * `Stripe.Subscription` from any recent SDK fits without core depending on `stripe`.
 */
export interface StripeSubscriptionLike {
  id: string
  status: string
  created: number
  cancel_at_period_end: boolean
  cancel_at: number | null
  trial_end: number | null
  ended_at?: number | null
  /** Only on API versions before 2025-03-31; current ones put it on each item. */
  current_period_end?: number | null
  current_period_start?: number | null
  items: { data: ReadonlyArray<StripeSubscriptionItemLike> }
}

export interface StripeSubscriptionItemLike {
  quantity?: number | null
  current_period_end?: number | null
  current_period_start?: number | null
  price: StripePriceLike
}

export interface StripePriceLike {
  id: string
  product: string | { id: string; name?: string | null; deleted?: unknown }
  unit_amount: number | null
  currency: string
  nickname?: string | null
  recurring: { interval: string; interval_count?: number } | null
}
