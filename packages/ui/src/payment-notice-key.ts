import type { BillingStatus } from '@portal-kit/core'

/**
 * The key of a failed-payment notice, or null for any other status. `PastDueBanner` records it when
 * it renders and the card reads it, so a page that renders both says the failure once.
 */
export function paymentNoticeKey(status: BillingStatus | null | undefined): string | null {
  const kind = status?.notice?.kind
  return kind === 'payment_failed' || kind === 'action_required' ? `${kind}:${status?.access}` : null
}
