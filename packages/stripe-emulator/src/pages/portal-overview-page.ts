import type { StoredInvoice } from '../billing/create-invoice.js'
import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import type { StoredPaymentMethod } from '../payment-methods/payment-method.js'
import { customerLiveSubscriptions, scheduledCancellation } from '../portal/portal-actions.js'
import { billingFlowStrings } from './billing-flow-strings.js'
import type { PageResponse } from './page-router.js'
import { renderPortalPage } from './portal-layout.js'
import { type PortalDone, type PortalPageContext, portalFrame } from './portal-page-context.js'
import { renderPauseState } from './portal-pause-page.js'
import { renderPendingChange } from './portal-scheduled-changes.js'
import { escapeHtml } from './render-layout.js'

const notices: Record<PortalDone, string> = {
  payment_method: 'Your payment method was updated.',
  plan: 'Your plan was updated.',
  canceled: 'Your subscription was canceled.',
  cancel_scheduled: 'Your subscription was set to cancel at the end of the billing period.',
  renewed: 'Your subscription was renewed and will continue.',
  plan_scheduled: billingFlowStrings.planScheduledNotice,
  paused: billingFlowStrings.pausedNotice,
  resumed: billingFlowStrings.resumedNotice,
}

const cardBrands: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
}

/** The portal home: current plan(s) with their actions, default card, invoice history. */
export function renderPortalOverview(ctx: PortalPageContext, query: URLSearchParams): PageResponse {
  const done = query.get('done') as PortalDone | null
  const notice = done && done in notices ? `<p role="status" class="notice">${notices[done]}</p>` : ''
  const subscriptions = customerLiveSubscriptions(ctx.emulator, ctx.customer.id)
  const sections = [
    renderSubscriptions(ctx, subscriptions),
    renderPaymentMethod(ctx, subscriptions),
    ctx.config.features.invoice_history.enabled ? renderInvoiceHistory(ctx) : '',
  ]
  return renderPortalPage(portalFrame(ctx), {
    title: 'Billing',
    body: `<h1>Billing</h1>${notice}${sections.join('\n')}`,
  })
}

function renderSubscriptions(ctx: PortalPageContext, subscriptions: StoredSubscription[]): string {
  const heading = `<h2 id="plan-heading">${subscriptions.length > 1 ? 'Current plans' : 'Current plan'}</h2>`
  if (subscriptions.length === 0) {
    return `<section aria-labelledby="plan-heading">${heading}<div class="card"><p class="muted">You have no active subscription.</p></div></section>`
  }
  return `<section aria-labelledby="plan-heading">${heading}${subscriptions.map((s) => renderSubscription(ctx, s)).join('\n')}</section>`
}

function renderSubscription(ctx: PortalPageContext, subscription: StoredSubscription): string {
  const { format, config, emulator } = ctx
  const lines = subscription.items.data.map((item) => {
    const price = emulator.state.find<StoredPrice>('price', item.price.id) ?? (item.price as StoredPrice)
    const product = emulator.state.find<StoredProduct>('product', price.product as string)
    const quantity = (item.quantity ?? 1) > 1 ? ` <span class="muted">× ${item.quantity}</span>` : ''
    return `<p class="plan-name">${escapeHtml(product?.name ?? price.nickname ?? price.id)}${quantity}</p>
<p class="plan-price">${escapeHtml(format.price(price))}</p>`
  })
  const cancelsAt = scheduledCancellation(subscription)
  const periodEnd = subscription.items.data[0]?.current_period_end
  let status: string
  if (cancelsAt) {
    status = `<p><span class="badge warning">Canceling</span> Cancels on ${escapeHtml(format.date(cancelsAt))}</p>`
  } else if (subscription.status === 'trialing' && subscription.trial_end) {
    status = `<p><span class="badge">Trial</span> Trial ends on ${escapeHtml(format.date(subscription.trial_end))}</p>`
  } else if (periodEnd) {
    status = `<p class="muted">Renews on ${escapeHtml(format.date(periodEnd))}</p>`
  } else {
    status = ''
  }
  const warning =
    subscription.status === 'past_due' || subscription.status === 'unpaid'
      ? '<p role="alert" class="error">Your last payment failed. Update your payment method to keep your subscription.</p>'
      : subscription.status === 'incomplete'
        ? '<p role="alert" class="error">Your first payment has not gone through yet.</p>'
        : ''

  const sub = `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}`
  const pause = renderPauseState(ctx, subscription)
  const actions: string[] = []
  const canSwitch =
    config.features.subscription_update.enabled &&
    (config.features.subscription_update.products ?? []).length > 0 &&
    subscription.items.data.length === 1 &&
    !cancelsAt
  if (canSwitch) {
    actions.push(`<form method="get" action="${sub}/update"><button type="submit">Switch plan</button></form>`)
  }
  if (pause.action) actions.push(pause.action)
  if (cancelsAt) {
    actions.push(
      `<form method="post" action="${sub}/renew"><button type="submit" class="primary">Renew subscription</button></form>`,
    )
  } else if (config.features.subscription_cancel.enabled) {
    actions.push(`<form method="get" action="${sub}/cancel"><button type="submit">Cancel subscription</button></form>`)
  }
  return `<div class="card subscription" data-subscription="${escapeHtml(subscription.id)}">
${lines.join('\n')}
${status}
${renderPendingChange(ctx, subscription)}${pause.status}
${warning}
${actions.length > 0 ? `<div class="actions">${actions.join('')}</div>` : ''}
</div>`
}

function renderPaymentMethod(ctx: PortalPageContext, subscriptions: StoredSubscription[]): string {
  const defaultId =
    (ctx.customer.invoice_settings?.default_payment_method as string | null) ??
    (subscriptions.find((s) => s.default_payment_method)?.default_payment_method as string | undefined) ??
    null
  const pm = defaultId ? ctx.emulator.state.find<StoredPaymentMethod>('payment_method', defaultId) : undefined
  const canUpdate = ctx.config.features.payment_method_update.enabled
  if (!pm && !canUpdate) return ''
  const card = pm?.card
  const description = card
    ? `<p class="card-line"><span class="brand-name">${escapeHtml(cardBrands[card.brand] ?? card.brand)}</span> •••• ${escapeHtml(card.last4)} <span class="muted">Expires ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}</span></p>`
    : '<p class="muted">No payment method on file.</p>'
  const action = canUpdate
    ? `<div class="actions"><form method="get" action="${ctx.base}/payment-method"><button type="submit">Update payment method</button></form></div>`
    : ''
  return `<section aria-labelledby="payment-heading"><h2 id="payment-heading">Payment method</h2><div class="card">${description}${action}</div></section>`
}

const invoiceStatus: Record<string, string> = {
  open: 'Due',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
  void: 'Void',
}

function renderInvoiceHistory(ctx: PortalPageContext): string {
  const invoices = ctx.emulator.state.list<StoredInvoice>(
    'invoice',
    (invoice) => invoice.customer === ctx.customer.id && invoice.status !== 'draft',
  )
  const heading = '<h2 id="invoices-heading">Invoice history</h2>'
  if (invoices.length === 0) {
    return `<section aria-labelledby="invoices-heading">${heading}<div class="card"><p class="muted">No invoices yet.</p></div></section>`
  }
  const rows = invoices.map((invoice) => {
    const link = invoice.hosted_invoice_url
      ? `<a href="${escapeHtml(invoice.hosted_invoice_url)}">View<span class="sr-only"> invoice ${escapeHtml(invoice.number ?? invoice.id)}</span></a>`
      : ''
    return `<tr><td>${escapeHtml(ctx.format.date(invoice.created))}</td><td>${escapeHtml(ctx.format.money(invoice.total, invoice.currency))}</td><td>${escapeHtml(invoiceStatus[invoice.status ?? ''] ?? invoice.status ?? '')}</td><td>${link}</td></tr>`
  })
  return `<section aria-labelledby="invoices-heading">${heading}<div class="card"><table>
<thead><tr><th scope="col">Date</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Invoice</span></th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`
}
