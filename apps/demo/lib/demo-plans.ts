/**
 * `{ priceId: { name } }` from DEMO_PLANS, which `pnpm demo` sets after seeding Stripe: the prices
 * Checkout may sell and the plan names the subscription card shows. Unset: any active recurring price,
 * without names.
 */
export function demoPlans(): Record<string, { name: string }> | undefined {
  const raw = process.env.DEMO_PLANS
  if (!raw) return undefined
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>
    const plans: Record<string, { name: string }> = {}
    for (const [priceId, name] of Object.entries(parsed)) if (typeof name === 'string') plans[priceId] = { name }
    return plans
  } catch {
    console.warn('DEMO_PLANS is not JSON; selling any active recurring price.')
    return undefined
  }
}
