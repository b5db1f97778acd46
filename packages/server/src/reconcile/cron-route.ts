import type { ResponseRoute } from '../http/billing-route.js'
import { noStore } from '../http/serve-route.js'
import { pruneWebhookEvents } from '../webhooks/prune-webhook-events.js'
import { reconcile } from './reconcile.js'

/**
 * `GET|POST /cron/reconcile` with `Authorization: Bearer <cronSecret>` (404 without a secret
 * configured): repairs the store from Stripe, then prunes old webhook claims.
 */
export const cronRoute: ResponseRoute<'cron-secret'> = {
  path: '/cron/reconcile',
  methods: ['GET', 'POST'],
  sameOrigin: false,
  auth: 'cron-secret',
  bodyLimit: 0,
  answers: 'response',
  async handle({ ctx }) {
    const report = await reconcile(ctx)
    const pruned = await pruneWebhookEvents(ctx)
    return Response.json({ ...report, webhookEventsPruned: pruned.deleted }, { headers: noStore })
  },
}
