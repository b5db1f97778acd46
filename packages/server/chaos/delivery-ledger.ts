import type { WebhookDelivery } from '@portal-kit/stripe-emulator'

export interface DeliveryCounts {
  /** Delivery attempts, drops included. */
  attempts: number
  /** Extra copies chaos sent. */
  duplicates: number
  /** First attempts chaos skipped (each retried later). */
  dropped: number
  /** Attempts after a copy's first: what the emulator retried. */
  retried: number
  /** Attempts the server answered with a non-2xx status or not at all (drops aside). */
  failed: number
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300
const isDrop = (delivery: WebhookDelivery) => delivery.status === null && /dropped by chaos/i.test(delivery.error ?? '')

/** Every delivery attempt of a run, as the emulator reports them, and what they add up to. */
export class DeliveryLedger {
  private readonly deliveries: WebhookDelivery[] = []

  record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery)
  }

  counts(): DeliveryCounts {
    const counts: DeliveryCounts = { attempts: 0, duplicates: 0, dropped: 0, retried: 0, failed: 0 }
    for (const d of this.deliveries) {
      counts.attempts++
      if (d.duplicate && d.attempt === 1) counts.duplicates++
      if (d.attempt > 1) counts.retried++
      if (isDrop(d)) counts.dropped++
      else if (!isSuccess(d.status)) counts.failed++
    }
    return counts
  }

  /**
   * Problems with "every failed delivery was retried until it succeeded": an event never answered
   * 2xx, or a copy (the original or chaos's duplicate) whose last attempt failed (given up).
   */
  unsettled(eventIds: readonly string[]): string[] {
    const lastOfCopy = new Map<string, WebhookDelivery>()
    const succeeded = new Set<string>()
    for (const d of this.deliveries) {
      const copy = `${d.eventId}${d.duplicate ? ' (duplicate)' : ''}`
      const last = lastOfCopy.get(copy)
      if (!last || d.attempt >= last.attempt) lastOfCopy.set(copy, d)
      if (isSuccess(d.status)) succeeded.add(d.eventId)
    }
    const problems: string[] = []
    for (const id of eventIds) if (!succeeded.has(id)) problems.push(`${id} was never answered 2xx`)
    for (const [copy, last] of lastOfCopy) {
      if (!isSuccess(last.status)) {
        problems.push(`${copy} was given up after attempt ${last.attempt} (${last.status ?? last.error})`)
      }
    }
    return problems
  }
}
