import type { SubscriptionChangePreview } from '../billing/preview-subscription-change.js'
import { type BilledItem, billedItems } from '../billing/prorate.js'
import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { flowCoupons } from '../portal/flow-discounts.js'
import { switchPlanFromPortal } from '../portal/portal-actions.js'
import { allowedPlans, isPriceAllowed } from '../portal/portal-configuration.js'
import { previewPortalChange } from '../portal/preview-portal-change.js'
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
import { readQuantity, renderQuantityField } from './portal-quantity-field.js'
import { renderConfirmFlowDiscounts, renderSubscriptionDiscounts } from './portal-subscription-discounts.js'
import { escapeHtml } from './render-layout.js'

/** "Switch plan": the configuration's products and prices as a radio list, the current one marked. */
export function renderSwitchPlanPage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const { t } = ctx
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
<label for="${id}"><span class="plan-name">${escapeHtml(product.name)}</span> <span class="plan-price">${escapeHtml(ctx.format.price(price))}</span>${current ? ` <span class="badge">${escapeHtml(t.switchPlan.currentPlan)}</span>` : ''}</label>
</div>`
      }),
  )
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">${escapeHtml(t.layout.backToOverview)}</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: t.switchPlan.title,
    status: state.status,
    body: `<h1>${escapeHtml(t.switchPlan.title)}</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/update" class="card">
${error}
<fieldset${state.error ? ' aria-describedby="form-error"' : ''}><legend>${escapeHtml(t.switchPlan.choose)}</legend>
${options.join('\n')}
</fieldset>
${renderQuantityField(ctx.config, item?.quantity ?? 1, ctx.t)}
<p class="muted">${escapeHtml(prorationNote(ctx))}</p>${scheduleNote(ctx)}
<div class="actions"><button type="submit" class="primary">${escapeHtml(t.switchPlan.submit)}</button></div>
</form>
${back}`,
  })
}

/**
 * The chosen plan first comes back as a confirmation with the proration preview (as in Stripe's portal);
 * the subscription changes only when that form is confirmed, prorated at the moment the preview showed.
 */
export function submitSwitchPlan(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const { t } = ctx
  const subscription = switchableSubscription(ctx, subscriptionId)
  const item = subscription.items.data[0]
  const price = formString(req.form, 'price')
  if (!item) throw new PortalPageError(409, t.errors.noPlanToSwitch)
  if (!price) return renderSwitchPlanPage(ctx, subscriptionId, { error: t.switchPlan.errorChoose, status: 400 })
  const quantity = readQuantity(ctx.config, req.form, price, item.quantity ?? 1, ctx.t)
  if (!quantity.ok) return renderSwitchPlanPage(ctx, subscriptionId, { error: quantity.message, status: 400 })
  if (price === item.price.id && quantity.quantity === (item.quantity ?? 1)) {
    return renderSwitchPlanPage(ctx, subscriptionId, { error: t.switchPlan.errorSamePlan, status: 400 })
  }
  const chosen = ctx.emulator.state.find<StoredPrice>('price', price)
  if (!chosen || !isPriceAllowed(ctx.config, price)) {
    return renderSwitchPlanPage(ctx, subscriptionId, { error: t.switchPlan.errorUnavailable, status: 400 })
  }
  const change = [{ id: item.id, price: chosen, quantity: quantity.quantity }]
  if (formString(req.form, 'confirm') !== 'yes') return renderReviewPage(ctx, subscription, change)
  let appliesAt: 'now' | 'period_end'
  try {
    appliesAt = switchPlanFromPortal(
      ctx.emulator,
      ctx.config,
      subscription,
      [{ id: item.id, price, quantity: quantity.quantity }],
      prorationDateOf(ctx, req, subscription),
    )
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderSwitchPlanPage(ctx, subscriptionId, { error: error.message, status: error.status })
    }
    throw error
  }
  return afterAction(ctx, appliesAt === 'period_end' ? 'plan_scheduled' : 'plan')
}

function renderReviewPage(
  ctx: PortalPageContext,
  subscription: StoredSubscription,
  change: BilledItem[],
): PageResponse {
  const { t } = ctx
  const at = ctx.emulator.now((subscription.test_clock as string | null) ?? null)
  const preview = previewPortalChange(ctx.emulator, ctx.config, subscription, change, at)
  const sub = `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}`
  const hidden = change
    .map(
      (item) =>
        `<input type="hidden" name="price" value="${escapeHtml(item.price.id)}"><input type="hidden" name="quantity" value="${item.quantity}">`,
    )
    .join('')
  return renderPortalPage(portalFrame(ctx), {
    title: t.switchPlan.reviewTitle,
    body: `<h1>${escapeHtml(t.switchPlan.reviewTitle)}</h1>
<form method="post" action="${sub}/update" class="card review">
${hidden}<input type="hidden" name="proration_date" value="${at}"><input type="hidden" name="confirm" value="yes">
${renderChangeTable(ctx, subscription, change)}
${renderSubscriptionDiscounts(ctx, subscription)}
${renderPreview(ctx, preview, change)}
<div class="actions"><button type="submit" class="primary">${escapeHtml(t.switchPlan.confirm)}</button></div>
</form>
<p><a href="${sub}/update">${escapeHtml(t.switchPlan.chooseAnother)}</a></p>`,
  })
}

/** The `subscription_update_confirm` flow's page: the change the app prepared, its preview, one "Confirm" away. */
export function renderConfirmUpdatePage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const { t } = ctx
  const { subscription, items } = confirmFlow(ctx, subscriptionId)
  const change = itemsAfter(ctx, subscription, items)
  const at = ctx.emulator.now((subscription.test_clock as string | null) ?? null)
  const added = flowCoupons(ctx.emulator, ctx.activeFlow?.subscription_update_confirm?.discounts ?? null)
  const preview = change ? previewPortalChange(ctx.emulator, ctx.config, subscription, change, at, added) : null
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  return renderPortalPage(portalFrame(ctx), {
    title: t.switchPlan.confirmTitle,
    status: state.status,
    body: `<h1>${escapeHtml(t.switchPlan.confirmTitle)}</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/update/confirm" class="card review">
${error}<input type="hidden" name="proration_date" value="${at}">
${change ? renderChangeTable(ctx, subscription, change) : ''}
${renderSubscriptionDiscounts(ctx, subscription)}
${renderConfirmFlowDiscounts(ctx)}
${preview && change ? renderPreview(ctx, preview, change) : `<p class="muted">${escapeHtml(prorationNote(ctx))}</p>`}
<div class="actions"><button type="submit" class="primary">${escapeHtml(t.switchPlan.confirm)}</button></div>
</form>`,
  })
}

export function submitConfirmUpdate(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const { subscription, items } = confirmFlow(ctx, subscriptionId)
  let appliesAt: 'now' | 'period_end'
  try {
    appliesAt = switchPlanFromPortal(
      ctx.emulator,
      ctx.config,
      subscription,
      items.map((item) => ({
        id: item.id as string,
        price: item.price,
        ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
      })),
      {
        ...prorationDateOf(ctx, req, subscription),
        flowDiscounts: ctx.activeFlow?.subscription_update_confirm?.discounts ?? null,
      },
    )
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderConfirmUpdatePage(ctx, subscriptionId, { error: error.message, status: error.status })
    }
    throw error
  }
  return afterAction(ctx, appliesAt === 'period_end' ? 'plan_scheduled' : 'plan')
}

/** Current and new plan side by side. */
function renderChangeTable(ctx: PortalPageContext, subscription: StoredSubscription, change: BilledItem[]): string {
  const { t } = ctx
  const rows = change.map((next) => {
    const item = subscription.items.data.find((i) => i.id === next.id)
    const from = item ? describe(ctx, item.price.id, item.quantity ?? 1) : ''
    return `<tr><td>${escapeHtml(from)}</td><td>${escapeHtml(describe(ctx, next.price.id, next.quantity))}</td></tr>`
  })
  return `<table class="change"><thead><tr><th scope="col">${escapeHtml(t.switchPlan.current)}</th><th scope="col">${escapeHtml(t.switchPlan.new)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/**
 * Amount due today, the next invoice and the prorations behind them; for a change that waits for the period end, when
 * it happens instead of how it is prorated.
 */
function renderPreview(ctx: PortalPageContext, preview: SubscriptionChangePreview, change: BilledItem[]): string {
  const { t, format } = ctx
  const money = (amount: number) => escapeHtml(format.money(amount, preview.currency))
  const prorations = preview.prorations.map((p) => {
    const plan = describe(ctx, p.price.id, p.quantity)
    const label = p.kind === 'unused' ? t.switchPlan.unusedTime(plan) : t.switchPlan.remainingTime(plan)
    return `<tr><td>${escapeHtml(label)}</td><td class="amount">${money(p.amount)}</td></tr>`
  })
  const details =
    prorations.length > 0
      ? `<table class="prorations"><caption>${escapeHtml(t.switchPlan.prorationDetails)}</caption><tbody>${prorations.join('')}</tbody></table>`
      : ''
  const credit =
    preview.creditAfterToday > 0
      ? `<p class="muted">${escapeHtml(t.switchPlan.creditBalance(format.money(preview.creditAfterToday, preview.currency)))}</p>`
      : ''
  return `<dl class="totals" data-slot="proration-preview">
<div class="total-row due-today"><dt>${escapeHtml(t.switchPlan.dueToday)}</dt><dd data-amount="${preview.amountDueToday}">${money(preview.amountDueToday)}</dd></div>
<div class="total-row"><dt>${escapeHtml(t.switchPlan.nextInvoice)} <span class="muted">${escapeHtml(t.switchPlan.nextInvoiceOn(format.date(preview.nextInvoice.date)))}</span></dt><dd data-amount="${preview.nextInvoice.amount}" data-date="${preview.nextInvoice.date}">${money(preview.nextInvoice.amount)}</dd></div>
</dl>
${details}
${credit}
<p class="muted">${escapeHtml(changeNote(ctx, preview, change))}</p>`
}

/** The items a prepared change leaves, or null when one names a price the emulator does not know. */
function itemsAfter(
  ctx: PortalPageContext,
  subscription: StoredSubscription,
  changes: { id?: string | null; price?: string | null; quantity?: number | null }[],
): BilledItem[] | null {
  const items = billedItems(subscription)
  for (const change of changes) {
    const item = items.find((candidate) => candidate.id === change.id)
    if (!item) return null
    if (change.price) {
      const price = ctx.emulator.state.find<StoredPrice>('price', change.price)
      if (!price) return null
      item.price = price
    }
    if (typeof change.quantity === 'number') item.quantity = change.quantity
  }
  return items
}

/** The preview's moment, when the form carries one from the last hour of this period; otherwise now. */
function prorationDateOf(
  ctx: PortalPageContext,
  req: PageRequest,
  subscription: StoredSubscription,
): { prorationDate?: number } {
  const value = Number(formString(req.form, 'proration_date'))
  const now = ctx.emulator.now((subscription.test_clock as string | null) ?? null)
  const periodStart = subscription.items.data[0]?.current_period_start ?? 0
  if (!Number.isInteger(value) || value > now || value < now - 3600 || value < periodStart) return {}
  return { prorationDate: value }
}

function switchableSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  if (ctx.activeFlow?.type === 'subscription_update_confirm') {
    throw new PortalPageError(403, ctx.t.errors.confirmOnly)
  }
  assertActionAllowed(ctx, 'subscription_update', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  assertLive(ctx, subscription)
  if (subscription.items.data.length !== 1) {
    throw new PortalPageError(409, ctx.t.errors.severalPlans)
  }
  return subscription
}

function confirmFlow(ctx: PortalPageContext, subscriptionId: string) {
  const flow = ctx.activeFlow?.subscription_update_confirm
  if (!flow || flow.subscription !== subscriptionId) {
    throw new PortalPageError(403, ctx.t.errors.noPreparedChange)
  }
  assertActionAllowed(ctx, 'subscription_update', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  assertLive(ctx, subscription)
  return { subscription, items: flow.items }
}

function assertLive(ctx: PortalPageContext, subscription: StoredSubscription): void {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PortalPageError(409, ctx.t.errors.subscriptionEnded)
  }
}

function describe(ctx: PortalPageContext, priceId: string, quantity: number): string {
  const price = ctx.emulator.state.find<StoredPrice>('price', priceId)
  return price ? `${planName(ctx, price, quantity)}: ${ctx.format.price(price)}` : priceId
}

/** `Pro`, `Pro × 3`. */
function planName(ctx: PortalPageContext, price: StoredPrice, quantity: number): string {
  const product = ctx.emulator.state.find<StoredProduct>('product', price.product as string)
  return `${product?.name ?? price.id}${quantity > 1 ? ` × ${quantity}` : ''}`
}

/** How the change applies: "Changes to Basic on March 1, 2030" when it waits for the period end, else its proration. */
function changeNote(ctx: PortalPageContext, preview: SubscriptionChangePreview, change: BilledItem[]): string {
  const [first] = change
  // A change invoiced at once (a new cycle or interval, a trial ending) is charged today whatever the setting says.
  if (preview.invoicedNow) return ctx.t.switchPlan.prorationAlwaysInvoice
  if (preview.changesAt === undefined || !first) return prorationNote(ctx)
  return ctx.t.switchPlan.changesOn(planName(ctx, first.price, first.quantity), ctx.format.date(preview.changesAt))
}

function scheduleNote(ctx: PortalPageContext): string {
  const conditions = ctx.config.features.subscription_update.schedule_at_period_end?.conditions ?? []
  return conditions.length > 0 ? `\n<p class="muted">${escapeHtml(ctx.t.switchPlan.waitsForPeriodEnd)}</p>` : ''
}

function prorationNote(ctx: PortalPageContext): string {
  switch (ctx.config.features.subscription_update.proration_behavior) {
    case 'always_invoice':
      return ctx.t.switchPlan.prorationAlwaysInvoice
    case 'create_prorations':
      return ctx.t.switchPlan.prorationNextInvoice
    default:
      return ctx.t.switchPlan.prorationNone
  }
}
