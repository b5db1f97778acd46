import type { ResponseRoute } from '../http/billing-route.js'
import { processWebhookEvent } from './handle-webhook.js'

/** `POST /webhook`: a Stripe event, verified over the raw body before anything reads it, applied once. */
export const webhookRoute: ResponseRoute<'stripe-signature'> = {
  path: '/webhook',
  methods: ['POST'],
  sameOrigin: false,
  auth: 'stripe-signature',
  bodyLimit: (ctx) => ctx.maxWebhookBytes,
  answers: 'response',
  async handle({ ctx, event }) {
    const result = await processWebhookEvent(ctx, event)
    return Response.json({ received: true, duplicate: result.duplicate })
  },
}
