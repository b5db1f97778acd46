import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { discountsOnConfirm } from '../portal/flow-discounts.js'
import { switchPlanFromPortal } from '../portal/portal-actions.js'
import { allowedPlans, isPriceAllowed } from '../portal/portal-configuration.js'
import type { PageRequest, PageResponse } from './page-router.js'
import { formString } from './portal-card-fields.js'
import { renderPortalPage } from './portal-layout.js'
import {
  afterAction,
  assertActionAllowed,
  customerSubscription,
  type PortalPageContext,
  PortalPageError,
  portalFrame,
} from './portal-page-context.js'
import { renderConfirmFlowDiscounts } from './portal-subscription-discounts.js'
import { escapeHtml } from './render-layout.js'

/** "Switch plan": the configuration's products and prices as a radio list, the current one marked. */
export function renderSwitchPlanPage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const subscription = switchableSubscription(ctx, subscriptionId)
  const item = subscription.items.data[0]
  const currentPrice = item?.price.id
  const options = allowedPlans(ctx.emulator, ctx.config).flatMap(({ product, prices }) =>
    prices
      .filter((price) => price.active || price.id === currentPrice)
      .map((price) => {
        const current = price.id === currentPrice
        const id = `price-${escapeHtml(price.id)}`
        return `<div class="option">
<input type="radio" name="price" id="${id}" value="${escapeHtml(price.id)}"${current ? ' checked' : ''}>
<label for="${id}"><span class="plan-name">${escapeHtml(product.name)}</span> <span class="plan-price">${escapeHtml(ctx.format.price(price))}</span>${current ? ' <span class="badge">Current plan</span>' : ''}</label>
</div>`
      }),
  )
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">Back to billing overview</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: 'Switch plan',
    status: state.status,
    body: `<h1>Switch plan</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/update" class="card">
${error}
<fieldset${state.error ? ' aria-describedby="form-error"' : ''}><legend>Choose a plan</legend>
${options.join('\n')}
</fieldset>
<p class="muted">${prorationNote(ctx)}</p>
<div class="actions"><button type="submit" class="primary">Switch plan</button></div>
</form>
${back}`,
  })
}

export function submitSwitchPlan(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const subscription = switchableSubscription(ctx, subscriptionId)
  const item = subscription.items.data[0]
  const price = formString(req.form, 'price')
  if (!item) throw new PortalPageError(409, 'This subscription has no plan to switch.')
  if (!price) return renderSwitchPlanPage(ctx, subscriptionId, { error: 'Choose a plan.', status: 400 })
  if (price === item.price.id) {
    return renderSwitchPlanPage(ctx, subscriptionId, { error: 'You are already on this plan.', status: 400 })
  }
  if (!isPriceAllowed(ctx.config, price)) {
    return renderSwitchPlanPage(ctx, subscriptionId, { error: 'This plan is not available.', status: 400 })
  }
  try {
    switchPlanFromPortal(ctx.emulator, ctx.config, subscription, [{ id: item.id, price, quantity: item.quantity ?? 1 }])
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderSwitchPlanPage(ctx, subscriptionId, { error: error.message, status: error.status })
    }
    throw error
  }
  return afterAction(ctx, 'plan')
}

/** The `subscription_update_confirm` flow's page: the change the app prepared, one "Confirm" away. */
export function renderConfirmUpdatePage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const { subscription, items } = confirmFlow(ctx, subscriptionId)
  const rows = items.map((change) => {
    const item = subscription.items.data.find((i) => i.id === change.id)
    const from = item ? describe(ctx, item.price.id, item.quantity ?? 1) : ''
    const to = describe(ctx, change.price ?? item?.price.id ?? '', change.quantity ?? item?.quantity ?? 1)
    return `<tr><td>${escapeHtml(from)}</td><td>${escapeHtml(to)}</td></tr>`
  })
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  return renderPortalPage(portalFrame(ctx), {
    title: 'Confirm your new plan',
    status: state.status,
    body: `<h1>Confirm your new plan</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/update/confirm" class="card">
${error}
<table><thead><tr><th scope="col">Current</th><th scope="col">New</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${renderConfirmFlowDiscounts(ctx)}
<p class="muted">${prorationNote(ctx)}</p>
<div class="actions"><button type="submit" class="primary">Confirm</button></div>
</form>`,
  })
}

export function submitConfirmUpdate(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  const { subscription, items } = confirmFlow(ctx, subscriptionId)
  try {
    switchPlanFromPortal(
      ctx.emulator,
      ctx.config,
      subscription,
      items.map((item) => ({
        id: item.id as string,
        price: item.price,
        ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
      })),
      discountsOnConfirm(ctx.emulator, subscription, ctx.activeFlow?.subscription_update_confirm?.discounts ?? null),
    )
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderConfirmUpdatePage(ctx, subscriptionId, { error: error.message, status: error.status })
    }
    throw error
  }
  return afterAction(ctx, 'plan')
}

function switchableSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  if (ctx.activeFlow?.type === 'subscription_update_confirm') {
    throw new PortalPageError(403, 'This link only allows confirming the prepared plan change.')
  }
  assertActionAllowed(ctx, 'subscription_update', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  assertLive(subscription)
  if (subscription.items.data.length !== 1) {
    throw new PortalPageError(409, 'Subscriptions with several plans cannot be switched in the portal.')
  }
  return subscription
}

function confirmFlow(ctx: PortalPageContext, subscriptionId: string) {
  const flow = ctx.activeFlow?.subscription_update_confirm
  if (!flow || flow.subscription !== subscriptionId) {
    throw new PortalPageError(403, 'There is no prepared plan change for this subscription.')
  }
  assertActionAllowed(ctx, 'subscription_update', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  assertLive(subscription)
  return { subscription, items: flow.items }
}

function assertLive(subscription: StoredSubscription): void {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PortalPageError(409, 'This subscription has ended.')
  }
}

function describe(ctx: PortalPageContext, priceId: string, quantity: number): string {
  const price = ctx.emulator.state.find<StoredPrice>('price', priceId)
  if (!price) return priceId
  const product = ctx.emulator.state.find<StoredProduct>('product', price.product as string)
  return `${product?.name ?? price.id}${quantity > 1 ? ` × ${quantity}` : ''}: ${ctx.format.price(price)}`
}

function prorationNote(ctx: PortalPageContext): string {
  switch (ctx.config.features.subscription_update.proration_behavior) {
    case 'always_invoice':
      return 'You are charged or credited the prorated difference right away.'
    case 'create_prorations':
      return 'The prorated difference appears on your next invoice.'
    default:
      return 'The new price applies from your next billing period.'
  }
}
