import type Stripe from 'stripe'

type FlowData = Stripe.BillingPortal.SessionCreateParams.FlowData

/** `flow_data` that confirms moving the subscription's first item to `price`, as the update-confirm tests open it. */
export function updateConfirmFlow(
  subscription: Stripe.Subscription,
  price: string,
  options: {
    quantity?: number
    discounts?: Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm['discounts']
    afterCompletion?: FlowData['after_completion']
  } = {},
): FlowData {
  const item = subscription.items.data[0]?.id as string
  return {
    type: 'subscription_update_confirm',
    subscription_update_confirm: {
      subscription: subscription.id,
      items: [{ id: item, price, ...(options.quantity === undefined ? {} : { quantity: options.quantity }) }],
      ...(options.discounts === undefined ? {} : { discounts: options.discounts }),
    },
    ...(options.afterCompletion === undefined ? {} : { after_completion: options.afterCompletion }),
  }
}
