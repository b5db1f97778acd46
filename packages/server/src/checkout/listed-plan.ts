import type { BillingOptions, BillingPlanOption } from '../billing-options.js'

/**
 * The `plans` entry of a price, looked up by own keys only: `constructor`, `__proto__` and every
 * other inherited name are unknown plans.
 */
export function listedPlan(plans: BillingOptions['plans'], priceId: string): BillingPlanOption | undefined {
  return plans && Object.hasOwn(plans, priceId) ? plans[priceId] : undefined
}
