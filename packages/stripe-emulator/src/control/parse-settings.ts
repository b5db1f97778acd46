import type { EmulatorSettings } from '../emulator.js'
import type { WebhookDeliverySettings } from '../events/webhook-dispatcher.js'

function asObject(input: unknown, what: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new Error(`${what} must be a JSON object.`)
  return input as Record<string, unknown>
}

function wholeNumber(key: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : Number.NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`)
  }
  return n
}

/** Validates a partial `EmulatorSettings` from untrusted input (the `/_emulator/settings` body). */
export function parseEmulatorSettings(input: unknown): Partial<EmulatorSettings> {
  const out: Partial<EmulatorSettings> = {}
  for (const [key, value] of Object.entries(asObject(input, 'Settings'))) {
    if (value === undefined) continue
    switch (key) {
      case 'businessName':
        if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
          throw new Error('businessName must be a non-empty string of at most 200 characters.')
        }
        out.businessName = value
        break
      case 'paymentRetryDays': {
        if (!Array.isArray(value) || value.length > 10) {
          throw new Error('paymentRetryDays must be an array of at most 10 day numbers, e.g. [3, 5, 7].')
        }
        const days = value.map((d, i) => wholeNumber(`paymentRetryDays[${i}]`, d, 1, 365))
        if (days.some((d, i) => i > 0 && d <= (days[i - 1] as number))) {
          throw new Error('paymentRetryDays must be in increasing order.')
        }
        out.paymentRetryDays = days
        break
      }
      case 'afterFinalFailure':
        if (value !== 'cancel' && value !== 'unpaid' && value !== 'past_due') {
          throw new Error('afterFinalFailure must be "cancel", "unpaid" or "past_due".')
        }
        out.afterFinalFailure = value
        break
      case 'trialWillEndDays':
        out.trialWillEndDays = wholeNumber('trialWillEndDays', value, 0, 30)
        break
      case 'invoiceFinalizationGraceHours':
        out.invoiceFinalizationGraceHours = wholeNumber('invoiceFinalizationGraceHours', value, 0, 720)
        break
      default:
        throw new Error(
          `Unknown setting "${key}". Known: businessName, paymentRetryDays, afterFinalFailure, trialWillEndDays, invoiceFinalizationGraceHours.`,
        )
    }
  }
  return out
}

/** Validates a partial `WebhookDeliverySettings` (the `/_emulator/webhooks/settings` body). */
export function parseWebhookDeliverySettings(input: unknown): Partial<WebhookDeliverySettings> {
  const out: Partial<WebhookDeliverySettings> = {}
  for (const [key, value] of Object.entries(asObject(input, 'Webhook delivery settings'))) {
    if (value === undefined) continue
    switch (key) {
      case 'retryInitialDelayMs':
      case 'retryMaxDelayMs':
        out[key] = wholeNumber(key, value, 0, 3_600_000)
        break
      case 'maxAttempts':
        out.maxAttempts = wholeNumber(key, value, 1, 100)
        break
      case 'timeoutMs':
        out.timeoutMs = wholeNumber(key, value, 1, 600_000)
        break
      case 'concurrency':
        out.concurrency = wholeNumber(key, value, 1, 100)
        break
      default:
        throw new Error(
          `Unknown webhook delivery setting "${key}". Known: retryInitialDelayMs, retryMaxDelayMs, maxAttempts, timeoutMs, concurrency.`,
        )
    }
  }
  return out
}
