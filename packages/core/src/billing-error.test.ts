import { describe, expect, it } from 'vitest'
import { billingErrorStatus, isBillingErrorCode, parseBillingError } from './billing-error.js'

describe('billing errors', () => {
  it('maps each code to an honest HTTP status', () => {
    expect(billingErrorStatus.unauthenticated).toBe(401)
    expect(billingErrorStatus.foreign_subscription).toBe(403)
    expect(billingErrorStatus.no_billing_account).toBe(404)
    expect(billingErrorStatus.payload_too_large).toBe(413)
    expect(billingErrorStatus.rate_limited).toBe(429)
    expect(billingErrorStatus.stripe_unavailable).toBe(502)
    expect(billingErrorStatus.not_configured).toBe(500)
  })

  it('reads an error body and rejects anything else', () => {
    expect(parseBillingError({ error: { code: 'rate_limited', message: 'Slow down' } })).toEqual({
      code: 'rate_limited',
      message: 'Slow down',
    })
    expect(parseBillingError({ error: { code: 'made_up', message: 'x' } })).toBeNull()
    expect(parseBillingError('nope')).toBeNull()
    expect(isBillingErrorCode('toString')).toBe(false)
  })
})
