import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { BillingError } from '../errors.js'
import { readTextBody } from '../http/read-body.js'

/**
 * Reads the raw body (capped) and verifies its `Stripe-Signature` against each configured secret,
 * so a rotated secret keeps working. Never parses before verifying.
 */
export async function verifyWebhookEvent(ctx: BillingContext, req: Request): Promise<Stripe.Event> {
  const secrets = ctx.webhookSecrets
  const signature = req.headers.get('stripe-signature')
  const body = await readTextBody(req, ctx.options.maxWebhookBytes ?? 1024 * 1024)
  if (!signature) throw new BillingError('invalid_signature', 'Missing Stripe-Signature header.')
  const tolerance = ctx.options.webhookToleranceSeconds ?? 300
  let stale = false
  for (const secret of secrets) {
    try {
      return await ctx.stripe.webhooks.constructEventAsync(body, signature, secret, tolerance)
    } catch (error) {
      if (error instanceof Error && /tolerance/i.test(error.message)) stale = true
    }
  }
  throw new BillingError(
    'invalid_signature',
    stale ? 'The webhook timestamp is outside the tolerance window.' : 'The webhook signature does not match.',
  )
}
