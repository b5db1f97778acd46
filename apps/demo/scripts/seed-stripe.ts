import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type Stripe from 'stripe'

interface PlanSeed {
  lookupKey: string
  product: 'starter' | 'pro'
  amount: number
  interval: 'month' | 'year'
}

const products = { starter: 'Starter', pro: 'Pro' } as const

/** What the demo sells, found again by `lookup_key` on later starts. */
const planSeeds: readonly PlanSeed[] = [
  { lookupKey: 'acme_starter_monthly', product: 'starter', amount: 900, interval: 'month' },
  { lookupKey: 'acme_pro_monthly', product: 'pro', amount: 2900, interval: 'month' },
  { lookupKey: 'acme_pro_yearly', product: 'pro', amount: 29000, interval: 'year' },
]

export interface SeededPlans {
  /** `{ priceId: productName }`, handed to the app as DEMO_PLANS. */
  names: Record<string, string>
  /** `[{ product, prices }]` for the portal's plan switching. */
  portalProducts: { product: string; prices: string[] }[]
}

async function findOrCreateProduct(stripe: Stripe, key: keyof typeof products): Promise<Stripe.Product> {
  for await (const product of stripe.products.list({ limit: 100 })) {
    if (product.metadata?.demo_product === key && product.active) return product
  }
  return stripe.products.create(
    { name: products[key], metadata: { demo_product: key } },
    { idempotencyKey: `acme-demo:product:${key}` },
  )
}

/** Products Starter and Pro with their three prices: created once, found by lookup key afterwards. */
export async function seedPlans(stripe: Stripe): Promise<SeededPlans> {
  const existing = await stripe.prices.list({
    lookup_keys: planSeeds.map((seed) => seed.lookupKey),
    expand: ['data.product'],
    limit: 10,
  })
  const byKey = new Map(existing.data.map((price) => [price.lookup_key, price]))
  const productIds = new Map<string, string>()
  const names: Record<string, string> = {}
  const portal = new Map<string, string[]>()
  for (const seed of planSeeds) {
    let price = byKey.get(seed.lookupKey)
    if (!price) {
      let productId = productIds.get(seed.product)
      if (!productId) {
        productId = (await findOrCreateProduct(stripe, seed.product)).id
        productIds.set(seed.product, productId)
      }
      price = await stripe.prices.create({
        product: productId,
        currency: 'usd',
        unit_amount: seed.amount,
        recurring: { interval: seed.interval },
        lookup_key: seed.lookupKey,
        nickname: `${products[seed.product]} ${seed.interval === 'month' ? 'monthly' : 'yearly'}`,
      })
    }
    const productId = typeof price.product === 'string' ? price.product : price.product.id
    productIds.set(seed.product, productId)
    names[price.id] = products[seed.product]
    portal.set(productId, [...(portal.get(productId) ?? []), price.id])
  }
  return { names, portalProducts: [...portal].map(([product, prices]) => ({ product, prices })) }
}

/** The promotion code the demo's Checkout takes: 20% off for the first 3 months. */
export const demoPromotionCode = 'WELCOME20'

/** The coupon and its code `WELCOME20`: created once, found by code afterwards. */
export async function seedPromotionCode(stripe: Stripe): Promise<Stripe.PromotionCode> {
  const existing = await stripe.promotionCodes.list({ code: demoPromotionCode, active: true, limit: 1 })
  if (existing.data[0]) return existing.data[0]
  const coupon = await stripe.coupons.create(
    { name: 'Welcome', percent_off: 20, duration: 'repeating', duration_in_months: 3 },
    { idempotencyKey: 'acme-demo:coupon:welcome' },
  )
  return stripe.promotionCodes.create(
    { promotion: { type: 'coupon', coupon: coupon.id }, code: demoPromotionCode },
    { idempotencyKey: 'acme-demo:promotion-code:welcome20' },
  )
}

/** The coupon the card's "Cancel subscription" offers before the customer confirms (`retentionCoupon` in lib/billing.ts). */
export const demoRetentionCoupon = 'STAY50'

/** The retention coupon, 50% off for 3 months, under its fixed id: created once, found by id afterwards. */
export async function seedRetentionCoupon(stripe: Stripe): Promise<Stripe.Coupon> {
  const existing = await stripe.coupons.retrieve(demoRetentionCoupon).catch((error: { code?: string }) => {
    if (error.code === 'resource_missing') return null
    throw error
  })
  if (existing) return existing
  return stripe.coupons.create(
    { id: demoRetentionCoupon, name: 'Stay with us', percent_off: 50, duration: 'repeating', duration_in_months: 3 },
    { idempotencyKey: 'acme-demo:coupon:stay50' },
  )
}

/**
 * Pushes `billing-portal.json` (with the seeded products filled in) with the kit's CLI,
 * `portal-kit portal-config push`, as a production deploy would. Answers the configuration id.
 */
export async function pushPortalConfiguration(
  appDir: string,
  plans: SeededPlans,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const config = JSON.parse(await readFile(join(appDir, 'billing-portal.json'), 'utf8'))
  config.features.subscription_update.products = plans.portalProducts
  const file = join(appDir, '.data', 'billing-portal.json')
  await mkdir(join(appDir, '.data'), { recursive: true })
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`)
  const cli = join(appDir, 'node_modules', '@portal-kit', 'server', 'dist', 'cli.js')
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [cli, 'portal-config', 'push', file], { env, cwd: appDir }, (error, stdout, stderr) => {
      if (error) reject(new Error(`portal-kit portal-config push failed: ${(stderr || stdout).trim()}`))
      else resolve(stdout)
    })
  })
  const id = /\b(bpc_\w+)/.exec(output)?.[1]
  if (!id) throw new Error(`portal-kit portal-config push printed no configuration id: ${output.trim()}`)
  return id
}
