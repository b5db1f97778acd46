import { describe, expect, it } from 'vitest'
import { billingReturnParam, parseBillingReturnTime, syncVisitedAtParam } from './billing-return.js'

describe('the billing_return marker of a return URL', () => {
  it('is named billing_return', () => {
    expect(billingReturnParam).toBe('billing_return')
  })

  it('goes back to POST /sync as visited_at', () => {
    expect(syncVisitedAtParam).toBe('visited_at')
  })

  it('reads the visit time the server writes, in epoch milliseconds', () => {
    expect(parseBillingReturnTime('1796152508167')).toBe(1796152508167)
    expect(parseBillingReturnTime(String(Date.UTC(2026, 11, 1)))).toBe(Date.UTC(2026, 11, 1))
  })

  it('has no time for the older 1, or for anything that is not a whole number of milliseconds', () => {
    for (const marker of ['1', '', 'soon', '1e20', '-1796152508167', '17961525081.5', '179615250', ' 1796152508167']) {
      expect(parseBillingReturnTime(marker), marker).toBeNull()
    }
  })
})
