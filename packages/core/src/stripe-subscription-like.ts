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
  /**
   * Ids, or objects when read with `expand: ['discounts.source.coupon']` (`data.discounts.source.coupon` on a list).
   * Only a discount with its coupon expanded counts; payload webhooks carry ids alone.
   */
  discounts?: ReadonlyArray<string | StripeDiscountLike>
}

export interface StripeDiscountLike {
  id: string
  start: number
  /** When a `repeating` coupon's discount ends. */
  end: number | null
  /** Since API version 2025-09-30 the coupon is here, an id unless expanded. */
  source?: { coupon: string | StripeCouponLike | null } | null
  /** Before API version 2025-09-30, always expanded. */
  coupon?: StripeCouponLike | null
}

export interface StripeCouponLike {
  id: string
  name?: string | null
  percent_off: number | null
  /** In `currency`'s minor unit. */
  amount_off: number | null
  currency: string | null
  duration: string
  currency_options?: Readonly<Record<string, { amount_off: number }>> | null
  applies_to?: { products: ReadonlyArray<string> } | null
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
