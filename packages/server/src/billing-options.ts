import type { BillingPolicy } from '@portal-kit/core'
import type Stripe from 'stripe'
import type { CheckoutOffers } from './checkout/checkout-offers.js'
import type { BillingStore } from './stores/billing-store.js'

/** Who pays: a user, or a team in a B2B app. */
export interface BillingAccount {
  id: string
  email?: string | null
  name?: string | null
}

export interface BillingEventContext {
  /**
   * The app's account the event's customer belongs to, when it is linked: after the event applies (so a
   * `customer.created` names the account it links), and for `customer.deleted` the account it frees.
   */
  accountId: string | null
  customerId: string | null
}

export interface BillingLogger {
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/** One price on offer in `plans`. */
export interface BillingPlanOption {
  /** The plan's display name, for the card and the status. */
  name: string
  /**
   * Free days on an account's first subscription when it starts on this plan, over `checkout.trialDays`; `null`
   * starts this plan paid. A trial is offered once per account either way.
   */
  trialDays?: number | null
}

export interface BillingOptions {
  /**
   * A Stripe client, or a function that makes one on first use. Default: `createStripeClient()`
   * (`STRIPE_SECRET_KEY`, `STRIPE_API_BASE`), read on the first request that needs Stripe, so a
   * build without secrets works and the route then answers `not_configured`.
   */
  stripe?: Stripe | (() => Stripe)
  /**
   * Webhook signing secret(s); several while rotating. Default: `STRIPE_WEBHOOK_SECRET`, split on
   * commas, read on the first webhook.
   */
  webhookSecret?: string | readonly string[]
  store: BillingStore
  /** The signed-in paying account for a request, or null (401). */
  getAccount: (req: Request) => Promise<BillingAccount | null> | BillingAccount | null
  /** Where the catch-all route is mounted. Default `/api/billing`. */
  basePath?: string
  /** Where the portal sends customers back to: a path on the app, or a URL on an allowed origin. */
  returnUrl: string
  /** The app's public URL (e.g. `APP_URL`); default: the request's own origin. */
  appUrl?: string
  /** Other origins allowed for return URLs and same-origin checks. */
  allowedOrigins?: readonly string[]
  /** `fetch` (default): events are hints and state is read from Stripe. `payload`: events are applied in order of `created`. */
  sync?: 'fetch' | 'payload'
  policy?: BillingPolicy
  /** A billing portal configuration id (`bpc_...`); Stripe's default configuration otherwise. */
  portalConfiguration?: string
  /**
   * A coupon id the cancel deep link (`subscription_cancel`) offers before the customer confirms: Stripe's retention
   * coupon offer. Accepting applies it to the subscription, which carries on. A coupon Stripe refuses is left out of
   * the flow and logged, so it never blocks a cancellation.
   */
  retentionCoupon?: string
  locale?: (req: Request) => string | undefined
  /** Prices customers may check out, with their display names; without it, any active recurring price of the account. */
  plans?: Readonly<Record<string, BillingPlanOption>>
  /** Called once per event id, inside the same transaction as the state change; a throw makes Stripe retry. */
  onEvent?: (event: Stripe.Event, ctx: BillingEventContext) => Promise<void>
  /**
   * Most subscription list calls `reconcile` starts per second (default 20, under Stripe's 25 per
   * second in test mode, leaving room for the app's own calls); a 429 is still retried by the SDK
   * (`maxNetworkRetries`, with backoff) and past its retries fails the run.
   */
  reconcileRequestsPerSecond?: number
  /** Bearer secret for `/cron/reconcile` (e.g. `CRON_SECRET`); the route answers 404 without it. */
  cronSecret?: string
  /** Minimum seconds between manual syncs of one account. Default 10. */
  syncIntervalSeconds?: number
  /** Largest webhook body accepted. Default 1 MiB. */
  maxWebhookBytes?: number
  /** Webhook timestamp tolerance in seconds. Default 300. */
  webhookToleranceSeconds?: number
  /**
   * Days a processed webhook event id is kept (default 30, beyond Stripe's retries and its 30-day
   * event window); older ones are pruned by the cron route and `portal-kit prune`.
   */
  webhookEventRetentionDays?: number
  /** Apply migrations on first use (default true; set false and run `portal-kit migrate` when deploying). */
  autoMigrate?: boolean
  /**
   * Checkout: where it returns to (default the return URL for both), and what it offers besides the plan:
   * `trialDays` free on an account's first subscription, and Checkout's promotion code field.
   */
  checkout?: CheckoutOffers & { successUrl?: string; cancelUrl?: string }
  logger?: BillingLogger
}
