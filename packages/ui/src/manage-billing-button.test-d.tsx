import { createRef } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import { CheckoutButton } from './checkout-button.js'
import { ManageBillingButton, type ManageBillingButtonProps } from './manage-billing-button.js'
import { PastDueBanner } from './past-due-banner.js'
import { SubscriptionCard, SubscriptionCardPrice } from './subscription-card.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'

describe('given the ManageBillingButton props', () => {
  it('requires the new price for the plan-change confirmation flow, and takes a price for no other flow', () => {
    // @ts-expect-error subscription_update_confirm needs the price to switch to
    ;<ManageBillingButton flow="subscription_update_confirm" />
    ;<ManageBillingButton flow="subscription_update_confirm" priceId="price_team_yearly" />
    // @ts-expect-error a price means nothing to the cancel flow
    ;<ManageBillingButton flow="subscription_cancel" priceId="price_team_yearly" />
    ;<ManageBillingButton flow="subscription_cancel" subscriptionId="sub_1" />
    ;<ManageBillingButton flow="payment_method_update" />
    ;<ManageBillingButton />
  })

  it('accepts a link under asChild', () => {
    ;<ManageBillingButton asChild flow="payment_method_update">
      <a href="/settings/billing">Update card</a>
    </ManageBillingButton>
  })

  it('takes the <button> attributes and a ref to the button', () => {
    ;<ManageBillingButton ref={createRef<HTMLButtonElement>()} type="button" aria-describedby="x" />
    // @ts-expect-error the ref reaches a button, not a div
    ;<ManageBillingButton ref={createRef<HTMLDivElement>()} />
    expectTypeOf<ManageBillingButtonProps['variant']>().toEqualTypeOf<
      'primary' | 'secondary' | 'outline' | 'ghost' | 'link' | null | undefined
    >()
  })
})

describe('given the other components', () => {
  it('type each ref from the element it renders', () => {
    ;<CheckoutButton priceId="price_1" ref={createRef<HTMLButtonElement>()} />
    // @ts-expect-error CheckoutButton needs the price to subscribe to
    ;<CheckoutButton />
    ;<PastDueBanner ref={createRef<HTMLDivElement>()} tone="danger" />
    // @ts-expect-error the banner has two tones
    ;<PastDueBanner tone="success" />
    ;<SubscriptionStatusCard ref={createRef<HTMLElement>()} headingLevel={2} />
    ;<SubscriptionCard ref={createRef<HTMLElement>()}>
      <SubscriptionCardPrice ref={createRef<HTMLParagraphElement>()} />
    </SubscriptionCard>
  })
})
