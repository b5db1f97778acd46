import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AccessGate } from './access-gate.js'
import { BillingProvider } from './billing-provider.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given the default allow list (full and grace)', () => {
  for (const [name, shown] of [
    ['active', 'Exports'],
    ['pastDueInGrace', 'Exports'],
    ['pastDueReadOnly', 'Upgrade to export'],
    ['canceled', 'Upgrade to export'],
  ] as const) {
    it(`shows "${shown}" for ${name}`, () => {
      const status = billingStatuses[name]
      render(
        <BillingProvider transport={createFakeTransport({ status })} initialStatus={status}>
          <AccessGate fallback={<p>Upgrade to export</p>}>
            <p>Exports</p>
          </AccessGate>
        </BillingProvider>,
      )
      expect(screen.getByText(shown)).toBeInTheDocument()
    })
  }
})

describe('given an explicit allow list', () => {
  it('renders the children only for those levels', () => {
    const status = billingStatuses.unpaid
    render(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status}>
        <AccessGate allow={['read_only']}>
          <p>Read-only tools</p>
        </AccessGate>
      </BillingProvider>,
    )
    expect(screen.getByText('Read-only tools')).toBeInTheDocument()
  })
})

describe('given the status is not known yet', () => {
  it('renders neither the children nor the fallback', () => {
    const { container } = render(
      <BillingProvider transport={createFakeTransport({ status: 'pending' })}>
        <AccessGate fallback={<p>Upgrade</p>}>
          <p>Exports</p>
        </AccessGate>
      </BillingProvider>,
    )
    expect(container).toBeEmptyDOMElement()
  })
})
