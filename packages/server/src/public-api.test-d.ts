import type { AccessLevel, BillingStatus } from '@portal-kit/core'
import type Stripe from 'stripe'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type Billing,
  type BillingOptions,
  type BillingReturnMarker,
  type BillingStore,
  type CheckoutOffers,
  createBilling,
  createPortalFormAction,
  type GetStatusOptions,
  type PruneReport,
  type ReconcileReport,
  toNextJsHandler,
  type WebhookResult,
} from './index.js'
import { createPortalAction, toNextJsHandler as toNextJsHandlerFromNext, withPortalKit } from './next/index.js'
import { pgliteStore } from './pglite.js'
import { postgresStore } from './postgres.js'

declare const store: BillingStore

describe('createBilling options', () => {
  it('needs a store, getAccount and returnUrl, and nothing else', () => {
    expectTypeOf(createBilling).parameter(0).toEqualTypeOf<BillingOptions>()
    createBilling({ store, getAccount: () => null, returnUrl: '/settings/billing' })
    // @ts-expect-error returnUrl is required
    createBilling({ store, getAccount: () => null })
    // @ts-expect-error store is required
    createBilling({ getAccount: () => null, returnUrl: '/' })
  })

  it('types each option as documented', () => {
    expectTypeOf<BillingOptions['sync']>().toEqualTypeOf<'fetch' | 'payload' | undefined>()
    expectTypeOf<BillingOptions['webhookSecret']>().toEqualTypeOf<string | readonly string[] | undefined>()
    expectTypeOf<BillingOptions['stripe']>().toEqualTypeOf<Stripe | (() => Stripe) | undefined>()
    expectTypeOf<BillingOptions['plans']>().toEqualTypeOf<
      Readonly<Record<string, { name: string; trialDays?: number | null }>> | undefined
    >()
    expectTypeOf<BillingOptions['retentionCoupon']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<BillingOptions['webhookEventRetentionDays']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<NonNullable<BillingOptions['checkout']>>().toEqualTypeOf<
      CheckoutOffers & { successUrl?: string; cancelUrl?: string }
    >()
    expectTypeOf<CheckoutOffers>().toEqualTypeOf<{ trialDays?: number; allowPromotionCodes?: boolean }>()
    expectTypeOf<BillingOptions['getAccount']>().returns.toEqualTypeOf<
      | Promise<{ id: string; email?: string | null; name?: string | null } | null>
      | { id: string; email?: string | null; name?: string | null }
      | null
    >()
    // @ts-expect-error only fetch or payload
    createBilling({ store, getAccount: () => null, returnUrl: '/', sync: 'push' })
  })

  it('takes either store driver', () => {
    expectTypeOf(pgliteStore).returns.toMatchTypeOf<BillingStore>()
    expectTypeOf(postgresStore).returns.toMatchTypeOf<BillingStore>()
  })
})

describe('the server API', () => {
  it('answers BillingStatus and its parts', () => {
    expectTypeOf<Billing['api']['getStatus']>().returns.toEqualTypeOf<Promise<BillingStatus>>()
    expectTypeOf<Billing['api']['getAccess']>().returns.toEqualTypeOf<Promise<AccessLevel>>()
    expectTypeOf<Billing['api']['reconcile']>().returns.toEqualTypeOf<Promise<ReconcileReport>>()
    expectTypeOf<Billing['api']['pruneWebhookEvents']>().returns.toEqualTypeOf<Promise<PruneReport>>()
    expectTypeOf<Billing['api']['handleWebhook']>().returns.toEqualTypeOf<Promise<WebhookResult>>()
    expectTypeOf<BillingStatus['access']>().toEqualTypeOf<AccessLevel>()
    expectTypeOf<NonNullable<BillingStatus['subscription']>['cancelAt']>().toEqualTypeOf<string | null>()
  })

  it("takes a Next.js page's billing_return search param as it comes", () => {
    const getStatus = (null as unknown as Billing).api.getStatus
    const searchParams: Record<string, string | string[] | undefined> = {}
    expectTypeOf(getStatus).toBeCallableWith('acct_1', { billingReturn: searchParams.billing_return })
    expectTypeOf(getStatus).toBeCallableWith('acct_1', { billingReturn: '1796152508167', syncWaitMs: 500 })
    expectTypeOf<GetStatusOptions['billingReturn']>().toEqualTypeOf<BillingReturnMarker>()
  })
})

describe('the route handlers', () => {
  it('are Web Request -> Response functions, also through the Next.js adapter', () => {
    expectTypeOf<Billing['handler']>().toEqualTypeOf<(req: Request) => Promise<Response>>()
    expectTypeOf(toNextJsHandler).returns.toEqualTypeOf<{
      GET: (req: Request) => Promise<Response>
      POST: (req: Request) => Promise<Response>
      HEAD: (req: Request) => Promise<Response>
    }>()
    expectTypeOf(toNextJsHandlerFromNext).toEqualTypeOf(toNextJsHandler)
  })

  it('gives form actions that never return', () => {
    expectTypeOf(createPortalAction).returns.toEqualTypeOf<(formData: FormData) => Promise<never>>()
    expectTypeOf(createPortalFormAction).returns.toEqualTypeOf<(formData: FormData) => Promise<never>>()
    expectTypeOf(withPortalKit({})).toHaveProperty('serverExternalPackages')
  })
})
